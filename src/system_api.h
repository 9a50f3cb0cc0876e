/*
 * system_api.h - health and version: what a monitor or an operator asks first.
 */
#ifndef WAISHI_SYSTEM_API_H
#define WAISHI_SYSTEM_API_H

#include "http.h"
#include "version.h"

int system_healthz(struct request *req, struct response *res);
int system_version(struct request *req, struct response *res);
/* {"demo_data": true} when `waishi demo` filled this database (the sign-in page then shows the demo accounts). */
int system_login_info(struct request *req, struct response *res);

#endif
