/*
 * rules_api.h - the /rules routes; the rules themselves are rules.h.
 */
#ifndef WAISHI_RULES_API_H
#define WAISHI_RULES_API_H

#include "http.h"

int rules_list(struct request *req, struct response *res);   /* GET /rules?as_of=&history= */
int rules_get(struct request *req, struct response *res);    /* GET /rules/{id} */
int rules_create(struct request *req, struct response *res); /* POST /rules */
int rules_update(struct request *req, struct response *res); /* PATCH /rules/{id}[?preview=1] */
int rules_export(struct request *req, struct response *res); /* GET /rules/export?as_of= */
int rules_import(struct request *req, struct response *res); /* POST /rules/import */

#endif
