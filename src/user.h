/*
 * user.h - user accounts: who signs in, with which role and unit.
 * Only administrators manage them; the password hash never leaves storage.
 */
#ifndef WAISHI_USER_H
#define WAISHI_USER_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The user as the API shows it (no password hash); NULL with *rc set when absent/failed. */
json_t *user_db_get(struct db *db, int64_t id, int *rc);
int user_db_set_password(struct db *db, int64_t id, const char *hash);
/* Insert a user; `hash` is an argon2id string. *id receives the new id. */
int user_db_create(struct db *db, const char *username, const char *display_name, const char *hash, int role,
		   int64_t unit_id, int64_t *id);
/* id of `username`: DB_ROW when found, DB_DONE when not. */
int user_db_find(struct db *db, const char *username, int64_t *id);
/* Print every user as a table (command line). */
int user_db_print_all(struct db *db);

#endif
