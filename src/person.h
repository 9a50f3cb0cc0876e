/*
 * person.h - travellers (出访人员): name, gender, birth date, unit, position,
 * rank, whether a party-and-government cadre (党政干部), a member of the
 * unit's leadership team (领导班子成员), a principal leader (党政正职),
 * retired. Unit users keep their own.
 */
#ifndef WAISHI_PERSON_H
#define WAISHI_PERSON_H

#include "http.h"

/* Ranks (provincial ... none) and their Chinese names, NULL-terminated. */
extern const char *const person_ranks[];
extern const char *const person_ranks_zh[];

int person_list(struct request *req, struct response *res);
int person_get(struct request *req, struct response *res);
int person_create(struct request *req, struct response *res);
int person_update(struct request *req, struct response *res);

/* unit_id of person `id`: DB_ROW when found, DB_DONE when not. */
int person_db_unit(struct db *db, int64_t id, int64_t *unit_id);
/*
 * A body's reference to person `id` in `field`: 422 when there is no such
 * person, 403 when the person belongs to a unit the caller may not see
 * (the answer names no data of that person); 0 when it may be used.
 */
int person_check_ref(struct request *req, struct response *res, const char *field, int64_t id);

#endif
