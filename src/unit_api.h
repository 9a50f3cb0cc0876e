/*
 * unit_api.h - the routes of units (unit.h), and the check of a request
 * body's reference to a unit.
 */
#ifndef WAISHI_UNIT_API_H
#define WAISHI_UNIT_API_H

#include "http.h"
#include "unit.h"

int unit_list(struct request *req, struct response *res);
int unit_get(struct request *req, struct response *res);
int unit_create(struct request *req, struct response *res);
int unit_update(struct request *req, struct response *res);
int unit_deactivate(struct request *req, struct response *res);
int unit_activate(struct request *req, struct response *res);

#endif
