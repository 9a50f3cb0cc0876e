/*
 * cli_user.c - `waishi user`: add an account (the password read without echo,
 * or from standard input), set a password (which unlocks the account and
 * ends its sessions), deactivate or activate one, list them (see cli.h).
 * Each change is the operation of user.h the API calls, as the command
 * line's actor; the password hashed before it.
 */
#include "cli.h"

#include "auth.h"
#include "op.h"
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

/* An operation's refusal or failure, said on stderr: exit status 1. */
static int report_refusal(const char *what, const struct op_error *err)
{
	fprintf(stderr, "waishi: %s failed: %s (%s)\n", what, err->en, err->zh);
	return 1;
}

/* The id of the user named `name`, or said on stderr: 0 or 1. */
static int find_user(struct db *db, const char *name, int64_t *id)
{
	if (user_db_find(db, name, id) == DB_ROW)
		return 0;
	fprintf(stderr, "waishi: no user named %s\n", name);
	return 1;
}

/* The body of `waishi user add` as the API takes it, the password included (its length judged by the operation). */
static json_t *add_body(const char *name, const char *display, int role, int64_t unit_id, const char *pw)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:s}", "username", name, "display_name", display ? display : name,
			 "role", role_name(role), "unit_id", unit_id ? json_integer(unit_id) : json_null(), "password",
			 pw);
}

/* `waishi user add NAME --role R [--unit ID] [--display-name T]`: the operation the API's POST /users calls. */
static int cmd_add(struct db *db, int argc, char **argv)
{
	static const struct option opts[] = {{"role", required_argument, NULL, 'r'},
					     {"unit", required_argument, NULL, 'u'},
					     {"display-name", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	const char *display = NULL;
	char pw[AUTH_PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	int role = 0, c, rc;
	int64_t unit_id = 0;
	bool generated;
	struct op_error err;
	json_t *body, *user = NULL;

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
	if ((role == ROLE_UNIT || role == ROLE_COUNTY) && !unit_id) { /* a usage error; the operation judges it too */
		fprintf(stderr, "waishi: a user with the role '%s' needs --unit ID\n", role_name(role));
		return 2;
	}
	if (password_from_stdin(pw, sizeof(pw), &generated) != 0 || auth_hash_password(pw, hash) != 0)
		return 1;
	body = add_body(argv[optind], display, role, unit_id, pw);
	rc = body ? user_add(db, &cli_op_actor, body, hash, &user, &err) : op_fail_db(&err, DB_ERR);
	json_decref(body);
	if (rc) {
		sodium_memzero(pw, sizeof(pw));
		return report_refusal("adding the user", &err);
	}
	printf("user %s added (id %lld, role %s)\n", argv[optind], (long long)json_integer_value(json_object_get(user, "id")),
	       role_name(role));
	if (generated)
		printf("generated password (shown once): %s\n", pw);
	json_decref(user);
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

/* `waishi user passwd NAME`: the password reset (unlocked, sessions ended), audited. */
static int cmd_passwd(struct db *db, int argc, char **argv)
{
	char pw[AUTH_PASSWORD_MAX + 2], hash[crypto_pwhash_STRBYTES];
	struct op_error err;
	json_t *user = NULL;
	int64_t id = 0;
	bool generated;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: waishi user passwd NAME   (new password on standard input)\n");
		return 2;
	}
	if (find_user(db, argv[1], &id) != 0)
		return 1;
	if (password_from_stdin(pw, sizeof(pw), &generated) != 0 || auth_hash_password(pw, hash) != 0)
		return 1;
	rc = user_reset_password(db, &cli_op_actor, id, hash, &user, &err);
	json_decref(user);
	if (rc) {
		sodium_memzero(pw, sizeof(pw));
		return report_refusal("setting the password", &err);
	}
	printf("password of %s changed; its sessions were ended\n", argv[1]);
	if (generated)
		printf("generated password (shown once): %s\n", pw);
	sodium_memzero(pw, sizeof(pw));
	return 0;
}

/* `waishi user deactivate|activate NAME`: a deactivated account's sessions stop working at once. */
static int cmd_set_active(struct db *db, int argc, char **argv, bool active)
{
	struct op_error err;
	json_t *user = NULL;
	int64_t id = 0;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: waishi user %s NAME\n", active ? "activate" : "deactivate");
		return 2;
	}
	if (find_user(db, argv[1], &id) != 0)
		return 1;
	rc = user_set_active(db, &cli_op_actor, id, 0, active, &user, &err);
	json_decref(user);
	if (rc)
		return report_refusal(active ? "activating the account" : "deactivating the account", &err);
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
		rc = cmd_add(db, argc - sub, argv + sub);
	else if (strcmp(argv[sub], "passwd") == 0)
		rc = cmd_passwd(db, argc - sub, argv + sub);
	else if (strcmp(argv[sub], "list") == 0)
		rc = user_db_print_all(db) == DB_OK ? 0 : 1;
	else if (strcmp(argv[sub], "deactivate") == 0 || strcmp(argv[sub], "activate") == 0)
		rc = cmd_set_active(db, argc - sub, argv + sub, strcmp(argv[sub], "activate") == 0);
	else {
		fprintf(stderr, "waishi: unknown user command %s\n", argv[sub]);
		rc = 2;
	}
	db_close(db);
	return rc;
}
