/*
 * person_api.h - the routes of travellers (person.h), and the check of a
 * request body's reference to a person.
 */
#ifndef WAISHI_PERSON_API_H
#define WAISHI_PERSON_API_H

#include "http.h"
#include "person.h"

int person_list(struct request *req, struct response *res);
int person_get(struct request *req, struct response *res);
int person_create(struct request *req, struct response *res);
int person_update(struct request *req, struct response *res);

/*
 * A body's reference to person `id` in `field`: 422 when there is no such
 * person, 403 when the person belongs to a unit the caller may not see
 * (the answer names no data of that person); 0 when it may be used.
 */
int person_check_ref(struct request *req, struct response *res, const char *field, int64_t id);

#endif
