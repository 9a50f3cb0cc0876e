/*
 * person.h - travellers (出访人员): name, gender, birth date, unit, position,
 * rank, whether a party-and-government cadre (党政干部), a member of the
 * unit's leadership team (领导班子成员), a principal leader (党政正职),
 * retired. Unit users keep their own. Their routes: person_api.h.
 */
#ifndef WAISHI_PERSON_H
#define WAISHI_PERSON_H

#include "db.h"
#include "op.h"

/* Ranks (provincial ... none) and their Chinese names, NULL-terminated. */
extern const char *const person_ranks[];
extern const char *const person_ranks_zh[];

/* unit_id of person `id`: DB_ROW when found, DB_DONE when not. */
int person_db_unit(struct db *db, int64_t id, int64_t *unit_id);

/*
 * A reference in `field` to person `id`: it must exist (422 naming the
 * field) in a unit `who` sees (403 naming the field, nothing of the
 * person). 0 when it may be used.
 */
__attribute__((warn_unused_result)) int person_ref_check(struct db *db, const struct actor *who, int64_t id,
							 const char *field, struct op_error *err);

#endif
