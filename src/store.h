/*
 * store.h - generic insert and update of one record from a JSON object.
 *
 * Table and column names always come from the module's static tables,
 * never from the request: only keys of `values` that appear in `columns`
 * are written, each as a bound parameter (string -> text, integer -> int,
 * true/false -> 1/0, null -> NULL). created_at/updated_at are set here.
 */
#ifndef WAISHI_STORE_H
#define WAISHI_STORE_H

#include "db.h"

#include <jansson.h>

/* INSERT ... RETURNING id. */
__attribute__((warn_unused_result)) int store_insert(struct db *db, const char *table, const char *const *columns,
						     json_t *values, int64_t *id);
/* UPDATE table SET ... WHERE id = ?; a values object with no listed key only touches updated_at. */
__attribute__((warn_unused_result)) int store_update(struct db *db, const char *table, const char *const *columns,
						     json_t *values, int64_t id);
/*
 * A copy of a validated request body as column values: every money field
 * NAME_cny (yuan) becomes NAME_fen (integer fen) and every array or object
 * NAME becomes NAME_json (its JSON text), the naming db_row_json reverses.
 * NULL when out of memory.
 */
json_t *store_values_from_body(json_t *body);

/* Bind one JSON scalar at idx. */
int store_bind_json(struct db_stmt *st, int idx, json_t *v);

#endif
