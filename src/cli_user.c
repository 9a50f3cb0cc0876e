/*
 * cli_user.c - `waishi user`: add an account (the password read without echo,
 * or from standard input), set a password (which unlocks the account and
 * ends its sessions), deactivate or activate one, list them (see cli.h).
 */
#include "cli.h"

#include "auth.h"
#include "op.h"
#include "unit.h"
#include "user.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Read one line of password: from the terminal without echo, or from a pipe. */
static int read_password(char *out, size_t len, const char *prompt)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO);
	size_t n;

	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	if (!fgets(out, (int)len, stdin))
		out[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return 0;
}

/* An empty password means: generate one and print it once. */
static int password_from_stdin(char *pw, size_t len, bool *generated)
{
	read_password(pw, len, "password (empty to generate one): ");
	*generated = false;
	if (!*pw) {
		util_random_hex(pw, 8);
		*generated = true;
	}
	if (strlen(pw) < AUTH_PASSWORD_MIN || strlen(pw) > AUTH_PASSWORD_MAX) {
		fprintf(stderr, "waishi: a password has %d to %d characters\n", AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
		return -1;
	}
	return 0;
}

static int commit_or_report(struct db *db, int rc, const char *what)
{
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		fprintf(stderr, "waishi: %s failed: %s\n", what,
			rc == DB_CONSTRAINT ? "already exists or refers to a missing record" : db_errmsg(db));
		return 1;
	}
	return 0;
}

static int user_add(struct db *db, int argc, char **argv)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
					     {"unit", required_argument, NULL, 'u'},
					     {"display-name", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	const char *name, *display = NULL;
	char pw[AUTH_PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	int role = 0, c, rc;
	int64_t unit_id = 0, id = 0;
	bool generated;
	json_t *after;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:u:n:", opts, NULL)) != -1) {
		if (c == 'r')
			role = role_from_name(optarg);
		else if (c == 'u' && !util_parse_int64(optarg, &unit_id))
			unit_id = -1;
		else if (c == 'n')
			display = optarg;
		else if (c != 'u')
			return 2;
	}
	if (optind != argc - 1 || !role || unit_id < 0) {
		fprintf(stderr, "usage: waishi user add NAME --role admin|officer|reviewer|director|unit|county|viewer "
				"[--unit ID] [--display-name TEXT]\n");
		return 2;
	}
	name = argv[optind];
	if ((role == ROLE_UNIT || role == ROLE_COUNTY) && !unit_id) {
		fprintf(stderr, "waishi: a user with the role '%s' needs --unit ID\n", role_name(role));
		return 2;
	}
	if (role == ROLE_COUNTY && unit_db_county_level(db, unit_id) != DB_ROW) {
		fprintf(stderr, "waishi: a county office belongs to a unit of the county or district level\n");
		return 1;
	}
	if (unit_id && unit_db_exists(db, unit_id) != DB_ROW) {
		fprintf(stderr, "waishi: no unit with id %lld\n", (long long)unit_id);
		return 1;
	}
	if (password_from_stdin(pw, sizeof(pw), &generated) != 0 || auth_hash_password(pw, hash) != 0)
		return 1;
	rc = db_begin(db);
	if (rc == DB_OK)
		rc = user_db_create(db, name, display ? display : name, hash, role, unit_id, &id);
	after = rc == DB_OK ? user_db_get(db, id, &rc) : NULL;
	if (rc == DB_OK)
		rc = audit_write(db, &cli_actor, "create", "user", id, NULL, after);
	json_decref(after);
	if (commit_or_report(db, rc, "adding the user") != 0)
		return 1;
	printf("user %s added (id %lld, role %s)\n", name, (long long)id, role_name(role));
	if (generated)
		printf("generated password (shown once): %s\n", pw);
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

static int user_passwd(struct db *db, int argc, char **argv)
{
	char pw[AUTH_PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	int64_t id = 0;
	bool generated;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: waishi user passwd NAME   (new password on standard input)\n");
		return 2;
	}
	if (user_db_find(db, argv[1], &id) != DB_ROW) {
		fprintf(stderr, "waishi: no user named %s\n", argv[1]);
		return 1;
	}
	if (password_from_stdin(pw, sizeof(pw), &generated) != 0 || auth_hash_password(pw, hash) != 0)
		return 1;
	rc = db_begin(db);
	if (rc == DB_OK)
		rc = user_db_set_password(db, id, hash);
	if (rc == DB_OK)
		rc = db_execf(db, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?", "i", id);
	if (rc == DB_OK)
		rc = db_execf(db, "DELETE FROM sessions WHERE user_id = ?", "i", id);
	if (rc == DB_OK)
		rc = audit_write(db, &cli_actor, "password_reset", "user", id, NULL, NULL);
	if (commit_or_report(db, rc, "setting the password") != 0)
		return 1;
	printf("password of %s changed; its sessions were ended\n", argv[1]);
	if (generated)
		printf("generated password (shown once): %s\n", pw);
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

/* `waishi user deactivate|activate NAME`: a deactivated account's sessions stop working at once. */
static int user_set_active(struct db *db, int argc, char **argv, bool active)
{
	char now[32];
	int64_t id = 0;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: waishi user %s NAME\n", active ? "activate" : "deactivate");
		return 2;
	}
	if (user_db_find(db, argv[1], &id) != DB_ROW) {
		fprintf(stderr, "waishi: no user named %s\n", argv[1]);
		return 1;
	}
	util_now_rfc3339(now, sizeof(now));
	rc = db_begin(db);
	if (rc == DB_OK)
		rc = db_execf(db, "UPDATE users SET is_active = ?, failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?",
			      "iti", (int64_t)active, now, id);
	if (rc == DB_OK && !active)
		rc = db_execf(db, "DELETE FROM sessions WHERE user_id = ?", "i", id);
	if (rc == DB_OK)
		rc = audit_write(db, &cli_actor, active ? "activate" : "deactivate", "user", id, NULL, NULL);
	if (commit_or_report(db, rc, active ? "activating the account" : "deactivating the account") != 0)
		return 1;
	printf("%s %s\n", argv[1], active ? "activated" : "deactivated; its sessions were ended");
	return 0;
}

int cli_cmd_user(int argc, char **argv)
{
	const char *url = cli_default_db();
	struct db *db;
	int rc, i, sub = 1;

	/* `waishi user [--db URL] add|passwd|list ...` */
	for (i = 1; i + 1 < argc && strcmp(argv[i], "--db") == 0; i += 2) {
		url = argv[i + 1];
		sub = i + 2;
	}
	if (sub >= argc) {
		fprintf(stderr, "usage: waishi user add|passwd|deactivate|activate|list ...  (see waishi user --help)\n");
		return 2;
	}
	db = cli_open_migrated(url);
	if (!db)
		return 1;
	if (strcmp(argv[sub], "add") == 0)
		rc = user_add(db, argc - sub, argv + sub);
	else if (strcmp(argv[sub], "passwd") == 0)
		rc = user_passwd(db, argc - sub, argv + sub);
	else if (strcmp(argv[sub], "list") == 0)
		rc = user_db_print_all(db) == DB_OK ? 0 : 1;
	else if (strcmp(argv[sub], "deactivate") == 0 || strcmp(argv[sub], "activate") == 0)
		rc = user_set_active(db, argc - sub, argv + sub, strcmp(argv[sub], "activate") == 0);
	else {
		fprintf(stderr, "waishi: unknown user command %s\n", argv[sub]);
		rc = 2;
	}
	db_close(db);
	return rc;
}
