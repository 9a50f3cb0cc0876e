/*
 * user.h - user accounts: who signs in, with which role and unit.
 * Only administrators manage them; the password hash never leaves storage.
 * The operations below are what the routes (user_api.h) and the command
 * line (`waishi user`, cli_user.c) both call: each judges the user inside
 * the write transaction that stores it and audits it. A password is hashed
 * before (auth.h), never inside the transaction.
 */
#ifndef WAISHI_USER_H
#define WAISHI_USER_H

#include "db.h"
#include "op.h"
#include "record.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The columns of a user as read (u: users, n: its unit), for one user and the list. */
#define USER_COLUMNS                                                                                              \
	"u.id, u.username, u.display_name, u.role, u.unit_id, n.name AS unit_name, u.is_active,"                  \
	" CASE WHEN u.locked_until > 0 THEN u.locked_until ELSE NULL END AS locked_until, u.created_at, u.updated_at, u.version"

/* Users as a record (no password hash), and the roles a body may name. */
extern const struct record_def user_record;
extern const char *const user_role_choices[];

/* The fields of a new user's body (partial: of an edit), before a password is hashed: 0 or 422. */
int user_check_fields(json_t *body, bool partial, struct op_error *err);

/*
 * A new user from `body` {username, display_name, role, unit_id?, password}
 * with `password_hash` the hash of its password: a username well formed
 * and free (409 duplicate "already exists"), the role and unit together.
 * 0 with *out the user stored; a refusal writes nothing.
 */
__attribute__((warn_unused_result)) int user_add(struct db *db, const struct actor *who, json_t *body,
						 const char *password_hash, json_t **out, struct op_error *err);
/* user_add inside the caller's write transaction (the demo's). */
__attribute__((warn_unused_result)) int user_add_in(struct db *db, const struct actor *who, json_t *body,
						    const char *password_hash, json_t **out, struct op_error *err);
/* An edit of user `id` with a partial body (a password as `password_hash`, else NULL); nobody changes their own role. */
__attribute__((warn_unused_result)) int user_edit(struct db *db, const struct actor *who, int64_t id,
						  int64_t expected_version, json_t *body, const char *password_hash,
						  json_t **out, struct op_error *err);
/* Activate or deactivate user `id` (unlocked; deactivated, its sessions end); nobody deactivates themself (409). */
__attribute__((warn_unused_result)) int user_set_active(struct db *db, const struct actor *who, int64_t id,
							int64_t expected_version, bool active, json_t **out,
							struct op_error *err);
/* Set user `id`'s password to `password_hash`: the account unlocked, its sessions ended, audited "password_reset". */
__attribute__((warn_unused_result)) int user_reset_password(struct db *db, const struct actor *who, int64_t id,
							    const char *password_hash, json_t **out,
							    struct op_error *err);

/* The user as the API shows it (no password hash); NULL with *rc set when absent/failed. */
json_t *user_db_get(struct db *db, int64_t id, int *rc);
int user_db_set_password(struct db *db, int64_t id, const char *hash);
/* id of `username`: DB_ROW when found, DB_DONE when not. */
int user_db_find(struct db *db, const char *username, int64_t *id);
/* Print every user as a table (command line). */
int user_db_print_all(struct db *db);

#endif
