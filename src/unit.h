/*
 * unit.h - units (单位): the applicant organisations, with level and parent.
 * Everyone reads them; admins and officers write. Their routes: unit_api.h.
 */
#ifndef WAISHI_UNIT_H
#define WAISHI_UNIT_H

#include "db.h"
#include "op.h"

#include <jansson.h>

extern const char *const unit_levels[];

/* DB_ROW when unit `id` exists, DB_DONE when not, else a database error. */
int unit_db_exists(struct db *db, int64_t id);
/* DB_ROW when unit `id` is of the county or district level (where a `county` user belongs), DB_DONE when not. */
int unit_db_county_level(struct db *db, int64_t id);
/* Insert a unit outside a request (the bulk units of a benchmark); the caller audits and commits. */
int unit_db_create(struct db *db, const char *name, const char *level, int64_t parent_id, int64_t *id);
/*
 * A new unit from `body` {name, level, parent_id?} judged by the units' rules
 * (the API's: a free name, an existing parent) inside the caller's write
 * transaction (the demo's), audited. 0 with *out the unit stored.
 */
__attribute__((warn_unused_result)) int unit_add_in(struct db *db, const struct actor *who, json_t *body, json_t **out,
						    struct op_error *err);

/*
 * The unit reference `field` (e.g. "unit_id") of a body, when present: it
 * must name an existing unit (422 naming the field) that `who` sees (403,
 * naming nothing of the unit). 0 when absent or fine.
 */
__attribute__((warn_unused_result)) int unit_ref_check(struct db *db, const struct actor *who, json_t *body,
						       const char *field, struct op_error *err);

#endif
