/*
 * user_api.h - the routes of user accounts (user_api.c); what they act on is user.h.
 */
#ifndef WAISHI_USER_API_H
#define WAISHI_USER_API_H

#include "http.h"

int user_list(struct request *req, struct response *res);
int user_get(struct request *req, struct response *res);
int user_create(struct request *req, struct response *res);
int user_update(struct request *req, struct response *res);
int user_deactivate(struct request *req, struct response *res);
int user_activate(struct request *req, struct response *res);

#endif
