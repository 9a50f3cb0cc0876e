/*
 * session.h - signing in and out and changing one's password as domain
 * operations, knowing no HTTP: the lockout counted and judged, the session
 * created or ended, the password replaced, each inside one write
 * transaction with its audit entry. The password itself is hashed or
 * verified on the password lane *before* (auth.h), never inside a
 * transaction: these operations take the verdict. Cookies, headers and the
 * rate limit per address stay with the handlers (auth_api.c).
 *
 * `who` is the caller as known: for a sign-in, the username as typed and
 * the client address (id 0); for sign-out and a password change, the
 * signed-in user.
 */
#ifndef WAISHI_SESSION_H
#define WAISHI_SESSION_H

#include "auth.h"
#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* What a sign-in knows of a user before the password is checked (id 0: no such user). */
struct login_row {
	int64_t id;
	bool active;
	int64_t locked_until;
	int64_t failures; /* wrong passwords counted since the last success or lock */
	char hash[crypto_pwhash_STRBYTES];
};

/*
 * Sign-in, first half, at time `now`: refuse a locked account (423
 * account_locked, the refusal audited as login_refused_locked), else count
 * this attempt as a failure until the password proves right, so that no
 * more than `lockout_threshold` attempts are ever being judged. 0 with *row
 * (row->id 0 for an unknown user, nothing written): its password is then to
 * be verified against row->hash.
 */
__attribute__((warn_unused_result)) int session_admit(struct db *db, const struct actor *who, int64_t now,
						      struct login_row *row, struct op_error *err);

/* The new session's keys: the SHA-256 of its token and its CSRF token (both made by the caller). */
struct session_keys {
	const char *token_hash;
	const char *csrf;
};

/*
 * Sign-in, second half: `verified` is whether the password matched. A
 * right password of an active account opens the session (failures and
 * lock cleared, audited "login"): 0 with *user as the API shows it. A
 * wrong one or an unknown user: 401 invalid_credentials, audited
 * login_failed, and at `lockout_threshold` failures the account is locked
 * for `lockout_minutes` (audited account_locked). A deactivated account:
 * 403 account_inactive (its failures cleared).
 */
__attribute__((warn_unused_result)) int session_open(struct db *db, const struct actor *who, bool verified,
						     const struct session_keys *keys, int64_t now, json_t **user,
						     struct op_error *err);

/* Sign-out: session `session_id` of `who` ends, audited "logout". */
__attribute__((warn_unused_result)) int session_close(struct db *db, const struct actor *who, int64_t session_id,
						      struct op_error *err);

/* A change of one's own password, its checks done on the lane before. */
struct password_change {
	const char *current, *next; /* as typed */
	bool current_ok;            /* `current` verified against checked_hash */
	const char *checked_hash;   /* the stored hash it was verified against */
	const char *next_hash;      /* the hash of `next`; NULL when not computed (refused anyway) */
};

/*
 * Replace `who`'s password: refused (422 current_password) unless the
 * current password was verified against the hash still stored, and
 * (422 new_password) when the new one is the same. Every other session of
 * the user ends; session `keep_session` stays. Audited "password_change".
 */
__attribute__((warn_unused_result)) int session_change_password(struct db *db, const struct actor *who,
								int64_t keep_session,
								const struct password_change *pc,
								struct op_error *err);

/* The stored login state of `username`: DB_ROW when found, DB_DONE when no such user. Reads only. */
int session_login_row(struct db *db, const char *username, struct login_row *row);

#endif
