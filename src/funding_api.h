/*
 * funding_api.h - the routes of funding.c; what they act on is funding.h.
 */
#ifndef WAISHI_FUNDING_API_H
#define WAISHI_FUNDING_API_H

#include "http.h"

int funding_get(struct request *req, struct response *res);        /* GET /delegations/{id}/funding */
int funding_put_budget(struct request *req, struct response *res); /* PUT /delegations/{id}/funding/budget */
int funding_put_actual(struct request *req, struct response *res); /* PUT /delegations/{id}/funding/actual */
int funding_standards_list(struct request *req, struct response *res); /* GET /funding-standards?country= */

#endif
