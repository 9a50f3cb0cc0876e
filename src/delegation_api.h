/*
 * delegation_api.h - the routes of trips (delegation.h): list, create, update
 * a draft, and the trip as a handler loads it.
 */
#ifndef WAISHI_DELEGATION_API_H
#define WAISHI_DELEGATION_API_H

#include "delegation.h"
#include "http.h"

/* Load the trip for an action or view: 404, 403 (other unit) handled; *out is the base row. */
int delegation_load(struct request *req, struct response *res, int64_t id, json_t **out);

int delegation_list(struct request *req, struct response *res);
int delegation_create(struct request *req, struct response *res);
int delegation_update(struct request *req, struct response *res);

#endif
