/*
 * policy_api.h - the policy settings routes (read by all, changed by the administrator); the settings themselves are policy.h.
 */
#ifndef WAISHI_POLICY_API_H
#define WAISHI_POLICY_API_H

#include "http.h"

int policy_get(struct request *req, struct response *res); /* GET /api/v1/policies */
int policy_put(struct request *req, struct response *res); /* PUT /api/v1/policies */

#endif
