/*
 * checks_api.h - the routes of a trip's checks and of the year's quota.
 */
#ifndef WAISHI_CHECKS_API_H
#define WAISHI_CHECKS_API_H

#include "http.h"

int checks_get(struct request *req, struct response *res); /* GET /delegations/{id}/checks */
int quota_get(struct request *req, struct response *res);  /* GET /quota?year= */

#endif
