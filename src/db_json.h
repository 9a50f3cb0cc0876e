/*
 * db_json.h - database rows as JSON, by the schema's naming conventions:
 * a column named is_* becomes true/false, *_fen becomes *_cny in yuan,
 * *_json is parsed and named without the suffix, NULL stays null. The one
 * owner of those conventions, for a record read (db_fetch_one) and for the
 * lists written straight into a buffer (list.c).
 */
#ifndef WAISHI_DB_JSON_H
#define WAISHI_DB_JSON_H

#include "db.h"

#include <jansson.h>
#include <stddef.h>

enum db_json_kind { DBJ_PLAIN, DBJ_BOOL, DBJ_FEN, DBJ_JSON };

/* The kind of column `name`, and in *stem the length of its JSON name before any "_cny". */
enum db_json_kind db_json_column_kind(const char *name, size_t *stem);

/* The current row of `st` as a JSON object. */
json_t *db_row_json(struct db_stmt *st);

/* Run `sql` with one integer parameter; the first row as JSON, or NULL (*rc DB_DONE when none). */
json_t *db_fetch_one(struct db *db, const char *sql, int64_t id, int *rc);
/* Run `sql` with one integer parameter; every row as a JSON array (caller owns it), or NULL with *rc the failure. */
json_t *db_fetch_all(struct db *db, const char *sql, int64_t id, int *rc);

#endif
