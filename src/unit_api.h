/*
 * unit_api.h - the routes of units (unit.h), and the check of a request
 * body's reference to a unit.
 */
#ifndef WAISHI_UNIT_API_H
#define WAISHI_UNIT_API_H

#include "http.h"
#include "unit.h"

/*
 * The unit reference `field` (e.g. "unit_id") of a request body, when
 * present: it must name an existing unit (else 422) and, for a unit or
 * county caller, one of its units (else 403). 0 when fine.
 */
int unit_check_ref(struct request *req, struct response *res, const char *field);

int unit_list(struct request *req, struct response *res);
int unit_get(struct request *req, struct response *res);
int unit_create(struct request *req, struct response *res);
int unit_update(struct request *req, struct response *res);
int unit_deactivate(struct request *req, struct response *res);
int unit_activate(struct request *req, struct response *res);

#endif
