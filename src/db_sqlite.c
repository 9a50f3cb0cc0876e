/*
 * db_sqlite.c - the SQLite implementation of the database interface (db.h).
 *
 * Each connection runs in WAL mode with foreign keys on and a busy timeout,
 * so readers never block the writer and a writer waits rather than fails.
 * Transactions begin IMMEDIATE: the write lock is taken at BEGIN, which keeps
 * two writing threads from deadlocking on a lock upgrade.
 *
 * synchronous=FULL by default: a commit is on disk before it is acknowledged,
 * so a power cut loses nothing that was answered. WAISHI_SQLITE_SYNC may say
 * NORMAL (faster; a power cut may lose the last commits, a crashed process
 * never does) or EXTRA.
 *
 * Each connection keeps the statements it prepared (sqlite3_prepare_v3 with
 * SQLITE_PREPARE_PERSISTENT) in a small open-addressed table keyed by the
 * SQL text; finalizing a cached statement only resets it. PRAGMA
 * data_version tells the data generation (db.c) about commits made through
 * other connections and processes; it is asked once per checkout from the
 * pool (each asking is a read transaction: a lock of the WAL index, shared
 * by the pool's threads), as on PostgreSQL.
 *
 * SQLite's memory statistics are off (SQLITE_CONFIG_MEMSTATUS): they take
 * one process-wide mutex around every allocation, which the request threads
 * contended for.
 */
#include "db_backend.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SQLITE_BUSY_TIMEOUT_MS 10000
#define STMT_CACHE_SLOTS 512 /* power of two */
#define STMT_CACHE_MAX 384   /* statements kept per connection; later ones are prepared each time */

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *handle;
	bool cached; /* owned by the connection's cache */
	bool in_use;
};

struct cache_slot {
	char *sql;
	uint64_t hash;
	struct sqlite_stmt *st;
};

struct sqlite_db {
	struct db base;
	sqlite3 *handle;
	struct cache_slot *slots; /* STMT_CACHE_SLOTS */
	int cached;
	sqlite3_stmt *data_version; /* PRAGMA data_version */
};

static sqlite3 *handle_of(struct db *db)
{
	return ((struct sqlite_db *)db)->handle;
}

static sqlite3_stmt *stmt_of(struct db_stmt *st)
{
	return ((struct sqlite_stmt *)st)->handle;
}

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERR;
	}
}

static void sq_close(struct db *db)
{
	struct sqlite_db *sd = (struct sqlite_db *)db;
	int i;

	for (i = 0; sd->slots && i < STMT_CACHE_SLOTS; i++) {
		if (!sd->slots[i].sql)
			continue;
		sqlite3_finalize(sd->slots[i].st->handle);
		free(sd->slots[i].st);
		free(sd->slots[i].sql);
	}
	free(sd->slots);
	sqlite3_finalize(sd->data_version);
	/* statistics for the planner where the queries of this connection showed them missing or old */
	sqlite3_exec(sd->handle, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close_v2(sd->handle);
	free(sd);
}

/* FNV-1a over the SQL text. */
static uint64_t sql_hash(const char *sql)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *sql; sql++)
		h = (h ^ (unsigned char)*sql) * 1099511628211ULL;
	return h;
}

static const char *sq_errmsg(struct db *db)
{
	return sqlite3_errmsg(handle_of(db));
}

/* Expand the portable @ID@ marker into SQLite's auto-numbered key. */
static char *expand_id_marker(const char *sql)
{
	static const char marker[] = "@ID@";
	static const char repl[] = "INTEGER PRIMARY KEY";
	size_t count = 0, len = strlen(sql);
	const char *p;
	char *out, *w;

	for (p = strstr(sql, marker); p; p = strstr(p + 1, marker))
		count++;
	out = malloc(len + count * sizeof(repl) + 1);
	if (!out)
		return NULL;
	w = out;
	for (p = sql; *p;) {
		if (strncmp(p, marker, sizeof(marker) - 1) == 0) {
			memcpy(w, repl, sizeof(repl) - 1);
			w += sizeof(repl) - 1;
			p += sizeof(marker) - 1;
		} else {
			*w++ = *p++;
		}
	}
	*w = '\0';
	return out;
}

static int sq_exec_script(struct db *db, const char *sql)
{
	char *expanded = expand_id_marker(sql);
	int rc;

	if (!expanded)
		return DB_ERR;
	rc = sqlite3_exec(handle_of(db), expanded, NULL, NULL, NULL);
	free(expanded);
	return map_rc(rc);
}

static int sq_backup(struct db *db, const char *path)
{
	sqlite3 *dest = NULL;
	sqlite3_backup *bk;
	int rc;

	rc = sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		goto out;
	bk = sqlite3_backup_init(dest, "main", handle_of(db), "main");
	if (!bk) {
		rc = sqlite3_errcode(dest);
		goto out;
	}
	/* Copy everything in one step: a consistent snapshot of the source. */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
out:
	sqlite3_close_v2(dest);
	return map_rc(rc);
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out);
static void sq_finalize(struct db_stmt *st);

/* A statement without rows through the cache (BEGIN, COMMIT). */
static int exec_cached(struct db *db, const char *sql)
{
	struct db_stmt *st = NULL;
	int rc = sq_prepare(db, sql, &st);

	if (rc != DB_OK)
		return rc;
	rc = map_rc(sqlite3_step(stmt_of(st)));
	sq_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/*
 * 2 GiB of page cache, taken only as the load needs it; and temporary files in memory: each
 * many-row INSERT inside the load's transaction keeps a statement journal (the pages it changes,
 * to undo it alone), which past 64 KiB spilled to a file in /var/tmp - four page writes a trip, a
 * minute of system time a 100 000 trips.
 */
static void sq_tune_bulk(struct db *db)
{
	sqlite3_exec(handle_of(db), "PRAGMA cache_size = -2097152; PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
}

static int sq_begin(struct db *db)
{
	return exec_cached(db, "BEGIN IMMEDIATE");
}

static int sq_commit(struct db *db)
{
	return exec_cached(db, "COMMIT");
}

/* A deferred transaction: the first read takes the snapshot, COMMIT lets it go. */
static int sq_read_begin(struct db *db)
{
	return exec_cached(db, "BEGIN");
}

static void sq_read_end(struct db *db)
{
	if (exec_cached(db, "COMMIT") != DB_OK && !sqlite3_get_autocommit(handle_of(db)))
		sqlite3_exec(handle_of(db), "ROLLBACK", NULL, NULL, NULL);
}

static void sq_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(handle_of(db)))
		sqlite3_exec(handle_of(db), "ROLLBACK", NULL, NULL, NULL);
}

static int64_t sq_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(handle_of(db));
}

/* SQLite numbers after the highest rowid by itself. */
static int sq_reset_ids(struct db *db, const char *table)
{
	(void)db;
	(void)table;
	return DB_OK;
}

/* The cache slot for `sql`: its entry, or the empty slot where it would go. */
static struct cache_slot *cache_find(struct sqlite_db *sd, const char *sql, uint64_t hash)
{
	size_t i = (size_t)hash & (STMT_CACHE_SLOTS - 1);

	while (sd->slots[i].sql && (sd->slots[i].hash != hash || strcmp(sd->slots[i].sql, sql) != 0))
		i = (i + 1) & (STMT_CACHE_SLOTS - 1);
	return &sd->slots[i];
}

static int sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct sqlite_db *sd = (struct sqlite_db *)db;
	struct cache_slot *slot = NULL;
	struct sqlite_stmt *st;
	uint64_t hash = sql_hash(sql);
	int rc;

	*out = NULL;
	slot = cache_find(sd, sql, hash);
	if (slot->sql && !slot->st->in_use) {
		slot->st->in_use = true;
		*out = &slot->st->base;
		return DB_OK;
	}
	if (slot->sql || sd->cached >= STMT_CACHE_MAX)
		slot = NULL; /* in use by the caller's caller, or the cache is full: a statement of its own */
	st = calloc(1, sizeof(*st));
	if (!st)
		return DB_ERR;
	rc = sqlite3_prepare_v3(handle_of(db), sql, -1, slot ? SQLITE_PREPARE_PERSISTENT : 0, &st->handle, NULL);
	if (rc == SQLITE_OK && slot && !(slot->sql = strdup(sql)))
		rc = SQLITE_NOMEM;
	if (rc != SQLITE_OK) {
		fprintf(stderr, "waishi: sql prepare failed: %s: %s\n", sqlite3_errmsg(handle_of(db)), sql);
		sqlite3_finalize(st->handle);
		free(st);
		return map_rc(rc) == DB_BUSY ? DB_BUSY : DB_ERR;
	}
	st->base.db = db;
	if (slot) {
		slot->hash = hash;
		slot->st = st;
		st->cached = true;
		st->in_use = true;
		sd->cached++;
	}
	*out = &st->base;
	return DB_OK;
}

static int sq_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(sqlite3_bind_int64(stmt_of(st), idx, v));
}

static int sq_bind_text(struct db_stmt *st, int idx, const char *v)
{
	if (!v)
		return map_rc(sqlite3_bind_null(stmt_of(st), idx));
	return map_rc(sqlite3_bind_text(stmt_of(st), idx, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_null(struct db_stmt *st, int idx)
{
	return map_rc(sqlite3_bind_null(stmt_of(st), idx));
}

static int sq_step(struct db_stmt *st)
{
	return map_rc(sqlite3_step(stmt_of(st)));
}

static int sq_reset(struct db_stmt *st)
{
	return map_rc(sqlite3_reset(stmt_of(st)));
}

static void sq_finalize(struct db_stmt *s)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)s;

	if (st->cached) {
		sqlite3_reset(st->handle);
		sqlite3_clear_bindings(st->handle);
		st->in_use = false;
		return;
	}
	sqlite3_finalize(st->handle);
	free(st);
}

static int sq_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(stmt_of(st));
}

static const char *sq_column_name(struct db_stmt *st, int col)
{
	return sqlite3_column_name(stmt_of(st), col);
}

static enum db_type sq_column_type(struct db_stmt *st, int col)
{
	switch (sqlite3_column_type(stmt_of(st), col)) {
	case SQLITE_INTEGER:
		return DB_T_INT;
	case SQLITE_FLOAT:
		return DB_T_REAL;
	case SQLITE_NULL:
		return DB_T_NULL;
	default:
		return DB_T_TEXT;
	}
}

static int64_t sq_column_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(stmt_of(st), col);
}

static double sq_column_double(struct db_stmt *st, int col)
{
	return sqlite3_column_double(stmt_of(st), col);
}

static const char *sq_column_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(stmt_of(st), col);
}

static void sq_describe(struct db *db, char *out, size_t len)
{
	static const char *const names[] = {"OFF", "NORMAL", "FULL", "EXTRA"};
	sqlite3_stmt *st = NULL;
	int level = -1;

	if (sqlite3_prepare_v2(handle_of(db), "PRAGMA synchronous", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		level = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	snprintf(out, len, "sqlite synchronous=%s (%d)", level >= 0 && level <= 3 ? names[level] : "unknown", level);
}

static int64_t sq_data_version(struct db *db)
{
	struct sqlite_db *sd = (struct sqlite_db *)db;
	int64_t v = sd->base.seen_version;

	if (sqlite3_step(sd->data_version) == SQLITE_ROW)
		v = sqlite3_column_int64(sd->data_version, 0);
	sqlite3_reset(sd->data_version);
	return v;
}

static bool sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(handle_of(db));
}

static bool sq_stmt_writes(struct db_stmt *st)
{
	return !sqlite3_stmt_readonly(stmt_of(st));
}

static const struct db_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.errmsg = sq_errmsg,
	.exec_script = sq_exec_script,
	.backup = sq_backup,
	.tune_bulk = sq_tune_bulk,
	.begin = sq_begin,
	.read_begin = sq_read_begin,
	.read_end = sq_read_end,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.last_id = sq_last_id,
	.reset_ids = sq_reset_ids,
	.prepare = sq_prepare,
	.bind_int64 = sq_bind_int64,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.column_count = sq_column_count,
	.column_name = sq_column_name,
	.column_type = sq_column_type,
	.column_int64 = sq_column_int64,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.describe = sq_describe,
	.data_version = sq_data_version,
	.in_transaction = sq_in_transaction,
	.stmt_writes = sq_stmt_writes,
};

/* The synchronous level asked for; NULL when WAISHI_SQLITE_SYNC names none. */
static const char *synchronous_pragma(void)
{
	static const char *const levels[][2] = {
		{"FULL", "PRAGMA synchronous=FULL"},
		{"NORMAL", "PRAGMA synchronous=NORMAL"},
		{"EXTRA", "PRAGMA synchronous=EXTRA"},
	};
	const char *want = getenv("WAISHI_SQLITE_SYNC");
	size_t i;

	if (!want || !*want)
		return levels[0][1];
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcasecmp(want, levels[i][0]) == 0)
			return levels[i][1];
	return NULL;
}

static int apply_pragmas(sqlite3 *h)
{
	const char *pragmas[] = {
		"PRAGMA journal_mode=WAL",
		"PRAGMA foreign_keys=ON",
		synchronous_pragma(),
		/* reads through a shared memory map: no copy into each connection's cache, no read() per page */
		"PRAGMA mmap_size=1073741824",
	};
	size_t i;

	sqlite3_busy_timeout(h, SQLITE_BUSY_TIMEOUT_MS);
	for (i = 0; i < sizeof(pragmas) / sizeof(pragmas[0]); i++)
		if (!pragmas[i] || sqlite3_exec(h, pragmas[i], NULL, NULL, NULL) != SQLITE_OK)
			return -1;
	return 0;
}

/* Before SQLite's first use: no process-wide mutex around its allocations. */
static void configure_library(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_sqlite_open(const char *path, struct db **out, char *err, size_t errlen)
{
	static pthread_once_t configured = PTHREAD_ONCE_INIT;
	struct sqlite_db *db;
	int rc;

	*out = NULL;
	pthread_once(&configured, configure_library);
	db = calloc(1, sizeof(*db));
	if (!db) {
		snprintf(err, errlen, "out of memory");
		return DB_ERR;
	}
	rc = sqlite3_open_v2(path, &db->handle,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK && apply_pragmas(db->handle) == 0 &&
	    (db->slots = calloc(STMT_CACHE_SLOTS, sizeof(*db->slots))) != NULL)
		rc = sqlite3_prepare_v3(db->handle, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
					&db->data_version, NULL);
	else if (rc == SQLITE_OK)
		rc = SQLITE_ERROR;
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
			 !synchronous_pragma() ? "WAISHI_SQLITE_SYNC must be FULL, NORMAL or EXTRA"
			 : db->handle	       ? sqlite3_errmsg(db->handle)
					       : "out of memory");
		free(db->slots);
		sqlite3_close_v2(db->handle);
		free(db);
		return DB_ERR;
	}
	db->base.ops = &sqlite_ops;
	*out = &db->base;
	return DB_OK;
}
