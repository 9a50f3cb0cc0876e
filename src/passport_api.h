/*
 * passport_api.h - the routes of passport.c; what they act on is passport.h.
 */
#ifndef WAISHI_PASSPORT_API_H
#define WAISHI_PASSPORT_API_H

#include "http.h"

int passport_list(struct request *req, struct response *res);
int passport_get(struct request *req, struct response *res);
int passport_create(struct request *req, struct response *res);
int passport_update(struct request *req, struct response *res);
int passport_issue(struct request *req, struct response *res);
int passport_return(struct request *req, struct response *res);

#endif
