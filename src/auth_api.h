/*
 * auth_api.h - who is calling on every request (auth_request.c), and the
 * session routes: sign in, sign out, who am I, change one's password
 * (auth_api.c). Passwords themselves: auth.h.
 */
#ifndef WAISHI_AUTH_API_H
#define WAISHI_AUTH_API_H

#include "auth.h"
#include "http.h"

/*
 * Authenticate the request from `Authorization: Bearer` or the session
 * cookie; fills req->user. 0 when signed in, 1 when not (or expired),
 * DB_ERR/DB_BUSY on database failure.
 */
int auth_authenticate(struct request *req);

/*
 * The units the caller may see (the rule itself: actor_scope_unit in op.h),
 * for reads, lists, exports and every body reference (members, persons,
 * passports, plans, hosts, the records of attachments).
 */
int64_t auth_scope_unit(const struct caller *c);
/* 0 when the caller may see records of `record_unit_id`, else 403 (naming nothing of the record) or 5xx set in res. */
int auth_check_unit(struct request *req, struct response *res, int64_t record_unit_id);

int auth_login(struct request *req, struct response *res);    /* POST /api/v1/session */
int auth_logout(struct request *req, struct response *res);   /* DELETE /api/v1/session */
int auth_me(struct request *req, struct response *res);       /* GET /api/v1/me */
int auth_password(struct request *req, struct response *res); /* POST /api/v1/me/password */

#endif
