/*
 * auth_api.h - the session routes: sign in, sign out, who am I, change
 * one's password. Who is calling on every request is auth.h.
 */
#ifndef WAISHI_AUTH_API_H
#define WAISHI_AUTH_API_H

#include "http.h"

int auth_login(struct request *req, struct response *res);    /* POST /api/v1/session */
int auth_logout(struct request *req, struct response *res);   /* DELETE /api/v1/session */
int auth_me(struct request *req, struct response *res);       /* GET /api/v1/me */
int auth_password(struct request *req, struct response *res); /* POST /api/v1/me/password */

#endif
