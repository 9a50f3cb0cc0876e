/*
 * auth.h - passwords, sessions, lockout and the one place that decides
 * whether the caller may touch a record of a given unit.
 *
 * Passwords are argon2id hashes (libsodium crypto_pwhash_str). A session is
 * a random 256-bit token, stored only as its SHA-256, with a CSRF token; it
 * ends after `session_idle_hours` without use. `lockout_threshold` wrong
 * passwords in a row lock the account for `lockout_minutes`.
 */
#ifndef WAISHI_AUTH_H
#define WAISHI_AUTH_H

#include "http.h"
#include "pwlane.h"

#include <sodium.h>

/* The cookie that carries the session token for the web interface. */
#define AUTH_SESSION_COOKIE "waishi_session"

#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 128

/* 0 on success; out needs crypto_pwhash_STRBYTES. */
__attribute__((warn_unused_result)) int auth_hash_password(const char *password, char *out);
bool auth_check_password(const char *hash, const char *password);
/* Run a hash or verify job on the password lane when the server runs it, else here: 0, or -1 when the lane is full or the text too long. */
int auth_lane_job(enum pw_kind kind, const char *password, const char *hash, struct pw_job *job);

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
/* actor_sees_unit for the caller: DB_OK with *visible set, or the DB_* failure. */
__attribute__((warn_unused_result)) int auth_unit_visible(struct request *req, int64_t unit_id, bool *visible);
/* 0 when the caller may see records of `record_unit_id`, else 403 (naming nothing of the record) or 5xx set in res. */
int auth_check_unit(struct request *req, struct response *res, int64_t record_unit_id);

/* Handlers */

#endif
