/*
 * auth.h - passwords and what a session is. Who is calling on a request,
 * and whether the caller may touch a record of a unit: auth_api.h.
 *
 * Passwords are argon2id hashes (libsodium crypto_pwhash_str). A session is
 * a random 256-bit token, stored only as its SHA-256, with a CSRF token; it
 * ends after `session_idle_hours` without use. `lockout_threshold` wrong
 * passwords in a row lock the account for `lockout_minutes`.
 */
#ifndef WAISHI_AUTH_H
#define WAISHI_AUTH_H

#include "pwlane.h"

#include <stdbool.h>

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

#endif
