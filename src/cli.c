/*
 * cli.c - the waishi command line: serve, init, user, backup, demo, audit,
 * version. Settings come from flags, then the environment (WAISHI_DB,
 * WAISHI_LISTEN, WAISHI_WEB_DIR, WAISHI_THREADS), then defaults. The clock and
 * the office's time zone (WAISHI_TIMEZONE, WAISHI_NOW, WAISHI_CLOCK_OFFSET)
 * are read once by main (util_clock_init).
 */
#include "cli.h"

#include "http.h"
#include "copy.h"
#include "import.h"
#include "migrate.h"
#include "report.h"
#include "report_files.h"
#include "work_report.h"
#include "routes.h"
#include "server.h"
#include "version.h"
#include "trip_bulk.h"
#include "util.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

const struct audit_actor cli_actor = {0, "cli", "local"};
const struct actor cli_op_actor = {0, ROLE_ADMIN, 0, "cli", "local"};

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

const char *cli_default_db(void)
{
	return env_or("WAISHI_DB", "waishi.db");
}

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

/* Open the database and bring its schema up to date. NULL on failure (message printed). */
struct db *cli_open_migrated(const char *url)
{
	struct db *db = NULL;
	char err[512];

	if (db_open(url, &db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "waishi: %s\n", err);
		return NULL;
	}
	if (migrate_up(db, err, sizeof(err)) != 0) {
		fprintf(stderr, "waishi: %s\n", err);
		db_close(db);
		return NULL;
	}
	return db;
}

/* Parse the flags every command shares (--db) plus a command's own; returns optind or -1. */
static int parse_db_flag(int argc, char **argv, const char **db_url)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
	int c;

	*db_url = cli_default_db();
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		if (c != 'd')
			return -1;
		*db_url = optarg;
	}
	return optind;
}

/* ---- serve ---- */

/* An integer setting from the environment within [min, max]; -1 (message printed) when malformed. */
static int env_int(const char *name, int64_t fallback, int64_t min, int64_t max, int *out)
{
	const char *v = getenv(name);
	int64_t n = fallback;

	if (v && *v && (!util_parse_int64(v, &n) || n < min || n > max)) {
		fprintf(stderr, "waishi: %s wants a number from %lld to %lld\n", name, (long long)min, (long long)max);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* The limits at the door: connections, idle time, the password lane, the sign-in rate. */
static int limits_from_env(struct server_config *cfg, long ncpu)
{
	int64_t half = ncpu > 1 ? ncpu / 2 : 1;

	cfg->trusted_proxies = getenv("WAISHI_TRUSTED_PROXIES");
	if (env_int("WAISHI_MAX_CONNECTIONS", HTTP_DEFAULT_MAX_CONNECTIONS, 8, 100000, &cfg->max_connections) != 0 ||
	    env_int("WAISHI_MAX_PER_IP", HTTP_DEFAULT_MAX_PER_IP, 0, 100000, &cfg->max_per_ip) != 0 ||
	    env_int("WAISHI_IDLE_TIMEOUT", HTTP_DEFAULT_IDLE_TIMEOUT, 1, 3600, &cfg->idle_timeout) != 0 ||
	    env_int("WAISHI_PASSWORD_WORKERS", half, 1, 64, &cfg->password_workers) != 0 ||
	    env_int("WAISHI_PASSWORD_QUEUE", HTTP_DEFAULT_PASSWORD_QUEUE, 0, 10000, &cfg->password_queue) != 0 ||
	    env_int("WAISHI_LOGIN_RATE", HTTP_DEFAULT_LOGIN_RATE, 0, 1000000, &cfg->login_rate) != 0)
		return -1;
	return 0;
}

/*
 * Request threads: on SQLite, whose work is all on the CPU here, one per core
 * (more were preempted amid their connections: the list's p99 at 64
 * connections); on PostgreSQL, where a thread waits for the server's answer,
 * two per core (README, Benchmarks).
 */
static int64_t default_threads(const char *db_url, long ncpu)
{
	int64_t cores = ncpu < 2 ? 2 : ncpu > 128 ? 128 : ncpu;

	return db_is_postgres_url(db_url) ? cores * 2 : cores;
}

static int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"listen", required_argument, NULL, 'l'},
					     {"web-dir", required_argument, NULL, 'w'},
					     {"threads", required_argument, NULL, 't'},
					     {"files-dir", required_argument, NULL, 'f'},
					     {NULL, 0, NULL, 0}};
	struct server_config cfg;
	char files_default[4096];
	int64_t threads = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int c;

	memset(&cfg, 0, sizeof(cfg));
	cfg.db_url = cli_default_db();
	cfg.listen = env_or("WAISHI_LISTEN", "127.0.0.1:8080");
	cfg.web_dir = env_or("WAISHI_WEB_DIR", "web/dist");
	cfg.files_dir = getenv("WAISHI_FILES");
	if (!util_parse_int64(env_or("WAISHI_THREADS", "0"), &threads))
		threads = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:l:w:t:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			cfg.files_dir = optarg;
			break;
		case 'd':
			cfg.db_url = optarg;
			break;
		case 'l':
			cfg.listen = optarg;
			break;
		case 'w':
			cfg.web_dir = optarg;
			break;
		case 't':
			if (!util_parse_int64(optarg, &threads) || threads < 1 || threads > 256) {
				fprintf(stderr, "waishi: --threads wants a number from 1 to 256\n");
				return 2;
			}
			break;
		default:
			return 2;
		}
	}
	if (threads < 1 || threads > 256)
		threads = default_threads(cfg.db_url, ncpu);
	/* attachments live beside the database file, never under the web root */
	if (!cfg.files_dir || !*cfg.files_dir) {
		if (strstr(cfg.db_url, "://"))
			snprintf(files_default, sizeof(files_default), "waishi-files");
		else
			snprintf(files_default, sizeof(files_default), "%s.files", cfg.db_url);
		cfg.files_dir = files_default;
	}
	cfg.threads = (int)threads;
	if (limits_from_env(&cfg, ncpu) != 0)
		return 2;
	return http_serve(&cfg);
}

/* ---- init ---- */

static int cmd_init(int argc, char **argv)
{
	const char *url;
	struct db *db;

	if (parse_db_flag(argc, argv, &url) < 0)
		return 2;
	db = cli_open_migrated(url);
	if (!db)
		return 1;
	printf("database %s is at schema version %d\n", url, migrate_latest_version());
	db_close(db);
	return 0;
}

/* ---- backup, demo, audit, version ---- */

static int cmd_backup(int argc, char **argv)
{
	const char *url;
	struct db *db;
	int idx = parse_db_flag(argc, argv, &url), rc;

	if (idx < 0 || idx != argc - 1) {
		fprintf(stderr, "usage: waishi backup [--db FILE] BACKUP-FILE\n");
		return 2;
	}
	if (access(argv[idx], F_OK) == 0) {
		fprintf(stderr, "waishi: %s already exists; choose a new file name\n", argv[idx]);
		return 1;
	}
	db = cli_open_migrated(url);
	if (!db)
		return 1;
	rc = db_backup(db, argv[idx]);
	if (rc != DB_OK) /* the backend's reason (PostgreSQL: use pg_dump) */
		fprintf(stderr, "waishi: backup to %s failed: %s\n", argv[idx], db_errmsg(db));
	db_close(db);
	if (rc != DB_OK)
		return 1;
	printf("backup of %s written to %s\n", url, argv[idx]);
	return 0;
}

static int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
					     {"bulk-units", required_argument, NULL, 'b'},
					     {"bulk-trips", required_argument, NULL, 't'},
					     {"minimal", no_argument, NULL, 'm'},
					     {NULL, 0, NULL, 0}};
	const char *url = cli_default_db();
	int64_t bulk = 0, bulk_trips = 0, users = 0;
	bool minimal = false;
	struct db *db;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:b:t:m", opts, NULL)) != -1) {
		if (c == 'd')
			url = optarg;
		else if (c == 'm')
			minimal = true;
		else if (c == 'b' && util_parse_int64(optarg, &bulk) && bulk >= 0 && bulk <= 1000000)
			continue;
		else if (c == 't' && util_parse_int64(optarg, &bulk_trips) && bulk_trips >= 0 && bulk_trips <= TRIP_BULK_MAX)
			continue;
		else {
			fprintf(stderr, "usage: waishi demo [--db FILE] [--minimal] [--bulk-units N] [--bulk-trips N]\n");
			return 2;
		}
	}
	db = cli_open_migrated(url);
	if (!db)
		return 1;
	/* generated trips may go into a database that already has its demo data */
	rc = bulk_trips && !bulk ? db_query_int(db, &users, "SELECT COUNT(*) FROM users", "") : DB_OK;
	if (rc == DB_OK && !(bulk_trips && !bulk && users > 0))
		rc = demo_fill(db, (long)bulk, minimal);
	else if (rc != DB_OK)
		rc = 1;
	if (rc == 0 && bulk_trips) {
		double t0 = util_mono_ms();
		rc = trip_bulk_load(db, (long)bulk_trips);
		if (rc == DB_OK)
			printf("%lld generated trips added in %.1f s\n", (long long)bulk_trips, (util_mono_ms() - t0) / 1000.0);
		else
			fprintf(stderr, "waishi: generated trips failed: %s\n", db_errmsg(db));
		rc = rc == DB_OK ? 0 : 1;
	}
	db_close(db);
	return rc;
}

static int cmd_audit(int argc, char **argv)
{
	const char *url;
	struct db *db;
	int64_t bad = 0, checked = 0;
	int idx = parse_db_flag(argc, argv, &url), rc;

	if (idx < 0 || idx != argc - 1 || strcmp(argv[idx], "verify") != 0) {
		fprintf(stderr, "usage: waishi audit [--db FILE] verify\n");
		return 2;
	}
	db = cli_open_migrated(url);
	if (!db)
		return 1;
	rc = audit_verify(db, &bad, &checked);
	db_close(db);
	if (rc == 1) {
		printf("audit chain broken at entry %lld (%lld entries before it verified)\n", (long long)bad,
		       (long long)checked);
		return 1;
	}
	if (rc != DB_OK) {
		fprintf(stderr, "waishi: cannot read the audit trail\n");
		return 1;
	}
	printf("audit chain intact: %lld entries verified\n", (long long)checked);
	return 0;
}

/* Print the route table: method, pattern and who may call it. */
static int cmd_routes(int argc, char **argv)
{
	size_t i;
	int bit;

	(void)argc;
	(void)argv;
	for (i = 0; i < route_count; i++) {
		printf("%-7s %-40s", routes[i].method, routes[i].pattern);
		if (routes[i].flags & ROUTE_PUBLIC)
			printf(" public");
		for (bit = 0; bit < ROLE_COUNT; bit++)
			if (routes[i].roles & (1 << bit))
				printf(" %s", role_name(1 << bit));
		printf("\n");
	}
	return 0;
}

/*
 * waishi report [--db FILE] summary --from DATE --to DATE [--format text|json|xlsx|docx|pdf] [--out FILE]
 * waishi report [--db FILE] work-summary --from DATE --to DATE [--format text|json|docx|pdf] [--out FILE]
 */
static int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},   {"from", required_argument, NULL, 'f'},
					     {"to", required_argument, NULL, 't'},   {"format", required_argument, NULL, 'F'},
					     {"out", required_argument, NULL, 'o'},  {NULL, 0, NULL, 0}};
	const char *url = cli_default_db(), *from = NULL, *to = NULL, *format = "text", *out_path = NULL;
	json_t *summary = NULL;
	struct db *db;
	char *data = NULL;
	size_t len = 0;
	FILE *out = stdout;
	bool work = false;
	int c, rc = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:f:t:F:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'F': format = optarg; break;
		case 'o': out_path = optarg; break;
		default: return 2;
		}
	}
	if (optind == argc - 1)
		work = strcmp(argv[optind], "work-summary") == 0;
	if (optind != argc - 1 || (strcmp(argv[optind], "summary") != 0 && !work) || !from || !to || !util_valid_date(from) ||
	    !util_valid_date(to) || strcmp(from, to) > 0 || (strcmp(format, "text") != 0 && !report_format_known(format)) ||
	    (work && strcmp(format, "xlsx") == 0)) {
		fprintf(stderr, "usage: waishi report [--db FILE] summary --from YYYY-MM-DD --to YYYY-MM-DD"
				" [--format text|json|xlsx|docx|pdf] [--out FILE]\n"
				"       waishi report [--db FILE] work-summary --from YYYY-MM-DD --to YYYY-MM-DD"
				" [--format text|json|docx|pdf] [--out FILE]\n");
		return 2;
	}
	db = cli_open_migrated(url);
	if (!db)
		return 1;
	if ((work ? work_report_build(db, from, to, 0, &summary) : report_summary_build(db, from, to, 0, &summary)) != DB_OK) {
		fprintf(stderr, "waishi: cannot read the figures: %s\n", db_errmsg(db));
		goto out;
	}
	if (strcmp(format, "text") == 0) {
		data = work ? work_report_text(summary) : strdup(json_string_value(json_object_get(summary, "text")));
		len = data ? strlen(data) : 0;
	} else if (strcmp(format, "json") == 0) {
		data = json_dumps(summary, JSON_INDENT(2));
		len = data ? strlen(data) : 0;
	} else if ((work ? report_work_file_build(summary, format, &data, &len) : report_file_build(summary, format, &data, &len)) !=
		   0) {
		fprintf(stderr, "waishi: cannot write the %s file\n", format);
		goto out;
	}
	if (out_path && !(out = fopen(out_path, "wb"))) {
		perror(out_path);
		goto out;
	}
	if (data && fwrite(data, 1, len, out) == len && (strcmp(format, "text") != 0 || work || fputc('\n', out) != EOF))
		rc = 0;
	if (out_path && fclose(out) != 0)
		rc = 1;
	if (out_path && rc == 0)
		fprintf(stderr, "%s %s to %s written to %s\n", work ? "work summary" : "summary", from, to, out_path);
out:
	free(data);
	json_decref(summary);
	db_close(db);
	return rc;
}

/* waishi migrate-data --from DB --to DB */
static int cmd_migrate_data(int argc, char **argv)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
	const char *from_url = NULL, *to_url = NULL;
	struct db *from, *to;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:t:", opts, NULL)) != -1) {
		if (c == 'f')
			from_url = optarg;
		else if (c == 't')
			to_url = optarg;
		else
			return 2;
	}
	if (!from_url || !to_url || optind != argc) {
		fprintf(stderr, "usage: waishi migrate-data --from DATABASE --to DATABASE\n");
		return 2;
	}
	from = cli_open_migrated(from_url);
	if (!from)
		return 1;
	to = cli_open_migrated(to_url);
	if (!to) {
		db_close(from);
		return 1;
	}
	rc = copy_database(from, to);
	db_close(from);
	db_close(to);
	return rc == 0 ? 0 : 1;
}

static void show_progress(size_t done, size_t total)
{
	fprintf(stderr, "\rimported %zu of %zu rows", done, total);
	if (done == total)
		fprintf(stderr, "\n");
}

/* waishi import [--db FILE] REGISTER FILE */
static int cmd_import(int argc, char **argv)
{
	const char *url;
	struct db *db;
	char err[300] = "";
	size_t imported = 0, i;
	json_t *errors = NULL, *e;
	int idx = parse_db_flag(argc, argv, &url), rc, fd;

	if (idx < 0 || idx != argc - 2 || !import_known(argv[idx])) {
		fprintf(stderr, "usage: waishi import [--db FILE] delegations|letters|receptions|sister-cities|abtc|cases|info-items FILE\n");
		return 2;
	}
	fd = open(argv[idx + 1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		perror(argv[idx + 1]);
		return 1;
	}
	db = cli_open_migrated(url);
	if (!db) {
		close(fd);
		return 1;
	}
	rc = import_run(db, &cli_op_actor, argv[idx], fd, show_progress, &imported, &errors, err, sizeof(err));
	close(fd);
	db_close(db);
	if (rc == DB_OK) {
		printf("%zu rows imported into %s\n", imported, argv[idx]);
		return 0;
	}
	if (err[0])
		fprintf(stderr, "waishi: %s\n", err);
	json_array_foreach(errors, i, e)
		fprintf(stderr, "row %lld, %s: %s\n", (long long)json_integer_value(json_object_get(e, "row")),
			json_string_value(json_object_get(e, "column")) ? json_string_value(json_object_get(e, "column")) : "-",
			json_string_value(json_object_get(e, "reason")));
	if (json_array_size(errors))
		fprintf(stderr, "nothing was imported: correct the rows above and import the file again\n");
	json_decref(errors);
	return 1;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("waishi %s (schema %d)\n", WAISHI_VERSION, migrate_latest_version());
	return 0;
}

static int cmd_help(int argc, char **argv);

static const struct command commands[] = {
	{"serve", cmd_serve, "run the HTTP server (API and web interface)",
	 "waishi serve [--db FILE] [--listen HOST:PORT] [--web-dir DIR] [--files-dir DIR] [--threads N]\n"
	 "  Applies pending migrations, then serves until SIGINT/SIGTERM; requests in flight finish.\n"
	 "  --db       database file (env WAISHI_DB, default waishi.db)\n"
	 "  --listen   address (env WAISHI_LISTEN, default 127.0.0.1:8080; port 0 picks a free one)\n"
	 "  --web-dir  built web interface (env WAISHI_WEB_DIR, default web/dist)\n"
	 "  --files-dir  attachments (env WAISHI_FILES, default DATABASE.files beside the database)\n"
	 "  --threads  worker threads (env WAISHI_THREADS, default 2 per core, at least 4)\n"},
	{"init", cmd_init, "create a database or migrate it to the newest schema",
	 "waishi init [--db FILE]\n  Creates the file if absent and applies every pending migration.\n"},
	{"user", cli_cmd_user, "add users, set passwords, list users",
	 "waishi user [--db FILE] add NAME --role ROLE [--unit ID] [--display-name TEXT]\n"
	 "waishi user [--db FILE] passwd NAME\n"
	 "waishi user [--db FILE] deactivate|activate NAME\n"
	 "waishi user [--db FILE] list\n"
	 "  ROLE is admin, officer, reviewer, director, unit or viewer; a unit user needs --unit.\n"
	 "  The password is read from standard input (one line); an empty line generates one,\n"
	 "  printed once. passwd also unlocks the account and ends its sessions.\n"},
	{"backup", cmd_backup, "write a consistent copy of the database, even while serving",
	 "waishi backup [--db FILE] BACKUP-FILE\n  BACKUP-FILE must not exist yet.\n"},
	{"demo", cmd_demo, "fill an empty database with the demo data set",
	 "waishi demo [--db FILE] [--minimal] [--bulk-units N] [--bulk-trips N]\n"
	 "  Units, one user per role (each demo password is demo-USERNAME: change them!), travellers\n"
	 "  with passports, plans, a year of trips in every state with review sessions, letters.\n"
	 "  --minimal    units and users only (what the tests start from)\n"
	 "  --bulk-units N adds N generated units (for benchmarks).\n"
	 "  --bulk-trips N adds N generated trips over ten years with members, destinations and\n"
	 "                plans (for benchmarks); also into a database that has its demo data.\n"},
	{"audit", cmd_audit, "verify the hash chain of the audit trail",
	 "waishi audit [--db FILE] verify\n  Exit status 1 and the first bad entry when the chain is broken.\n"},
	{"report", cmd_report, "write the period summary or the work report (text, json, xlsx, docx, pdf)",
	 "waishi report [--db FILE] summary --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json|xlsx|docx|pdf] [--out FILE]\n"
	 "waishi report [--db FILE] work-summary --from YYYY-MM-DD --to YYYY-MM-DD [--format text|json|docx|pdf] [--out FILE]\n"
	 "  summary: every figure of the period with the same period last year beside it, and the prose.\n"
	 "  work-summary: the work report the office sends (工作总结): title naming the period (上半年,\n"
	 "  下半年, 全年 with the year, or the dates), numbered sections, the plan, the figures table;\n"
	 "  docx and pdf in the 公文 layout (GB/T 9704-2012). Text and JSON go to standard output\n"
	 "  unless --out names a file.\n"},
	{"migrate-data", cmd_migrate_data, "copy a whole installation between SQLite and PostgreSQL",
	 "waishi migrate-data --from DATABASE --to DATABASE\n"
	 "  DATABASE is a SQLite file or postgresql://user@host:port/dbname. The target is migrated and must\n"
	 "  hold no records; every table is copied with its ids in one transaction, then the row counts\n"
	 "  and the audit chain are checked on the target.\n"},
	{"import", cmd_import, "import last years' spreadsheets (.xlsx or .csv) into a register",
	 "waishi import [--db FILE] delegations|letters|receptions|sister-cities|abtc|cases|info-items FILE\n"
	 "  FILE is .xlsx (first sheet) or .csv (UTF-8 or GB18030) with the Chinese column headers of the\n"
	 "  register's template (GET /api/v1/import/REGISTER/template). All or nothing: any bad row imports\n"
	 "  nothing and every bad row is listed with its row number, column and reason.\n"},
	{"routes", cmd_routes, "list every HTTP route and the roles that may call it", "waishi routes\n"},
	{"version", cmd_version, "print the version", "waishi version\n"},
	{"help", cmd_help, "show this help", "waishi help [COMMAND]\n"},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void print_overview(FILE *out)
{
	size_t i;

	fprintf(out, "waishi - the work system of a Foreign Affairs Office (外事管理系统)\n\n"
		     "usage: waishi COMMAND [OPTIONS]   (waishi COMMAND --help for details)\n\n");
	for (i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-13s %s\n", commands[i].name, commands[i].summary);
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; name && i < COMMAND_COUNT; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	const struct command *cmd = argc > 1 ? find_command(argv[1]) : NULL;

	if (cmd)
		printf("%s", cmd->usage);
	else
		print_overview(stdout);
	return 0;
}

int cli_main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_overview(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(0, NULL);
	cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "waishi: unknown command %s\n\n", argv[1]);
		print_overview(stderr);
		return 2;
	}
	if (wants_help(argc - 1, argv + 1)) {
		printf("%s", cmd->usage);
		return 0;
	}
	return cmd->run(argc - 1, argv + 1);
}
