/*
 * unit.h - units (单位): the applicant organisations, with level and parent.
 * Everyone reads them; admins and officers write. Their routes: unit_api.h.
 */
#ifndef WAISHI_UNIT_H
#define WAISHI_UNIT_H

#include "db.h"

extern const char *const unit_levels[];

/* DB_ROW when unit `id` exists, DB_DONE when not, else a database error. */
int unit_db_exists(struct db *db, int64_t id);
/* DB_ROW when unit `id` is of the county or district level (where a `county` user belongs), DB_DONE when not. */
int unit_db_county_level(struct db *db, int64_t id);
/* Insert a unit outside a request (demo data); the caller audits and commits. */
int unit_db_create(struct db *db, const char *name, const char *level, int64_t parent_id, int64_t *id);

#endif
