/*
 * db.c - backend selection, dispatch and conveniences of the database
 * interface (db.h), plus the connection pool shared by the server threads.
 */
#include "db_backend.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool db_is_postgres_url(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

int db_open(const char *url, struct db **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!url || !*url) {
		snprintf(err, errlen, "no database given (use --db or WAISHI_DB)");
		return DB_ERR;
	}
	if (db_is_postgres_url(url))
		return db_pg_open(url, out, err, errlen);
	return db_sqlite_open(url, out, err, errlen);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

/* ---- data generation ---- */

static _Atomic uint64_t generation = 1;

void db_generation_bump(void)
{
	atomic_fetch_add(&generation, 1);
}

uint64_t db_generation(struct db *db)
{
	if (!db->version_fresh) {
		int64_t v = db->ops->data_version(db);

		if (!db->version_known || v != db->seen_version)
			db_generation_bump(); /* a first look knows nothing of what came before */
		db->seen_version = v;
		db->version_known = true;
		db->version_fresh = true;
	}
	return atomic_load(&generation);
}

bool db_in_transaction(struct db *db)
{
	return !db->reading && db->ops->in_transaction(db);
}

const char *db_errmsg(struct db *db) { return db->ops->errmsg(db); }

void db_describe(struct db *db, char *out, size_t len)
{
	if (len)
		out[0] = '\0';
	if (db->ops->describe)
		db->ops->describe(db, out, len);
}
/* A line "-- @NAME" opening a section of the backend NAME, or "-- @end" closing it. */
static bool section_marker(const char *line, size_t len, const char **name, size_t *name_len)
{
	if (len < 5 || strncmp(line, "-- @", 4) != 0)
		return false;
	*name = line + 4;
	*name_len = len - 4;
	while (*name_len && ((*name)[*name_len - 1] == ' ' || (*name)[*name_len - 1] == '\r'))
		(*name_len)--;
	return true;
}

/* The script without the sections of other backends (and without the marker lines); NULL when out of memory. */
static char *own_sections(const char *sql, const char *backend)
{
	size_t len = strlen(sql), out_len = 0;
	char *out = malloc(len + 1);
	const char *p = sql;
	bool skipping = false;

	if (!out)
		return NULL;
	while (*p) {
		const char *eol = strchr(p, '\n'), *name;
		size_t line_len = eol ? (size_t)(eol - p) : strlen(p), name_len;
		size_t take = eol ? line_len + 1 : line_len;

		if (section_marker(p, line_len, &name, &name_len))
			skipping = !(name_len == 3 && strncmp(name, "end", 3) == 0) &&
				   !(name_len == strlen(backend) && strncmp(name, backend, name_len) == 0);
		else if (!skipping) {
			memcpy(out + out_len, p, take);
			out_len += take;
		}
		p += take;
	}
	out[out_len] = '\0';
	return out;
}

int db_exec_script(struct db *db, const char *sql)
{
	char *own = own_sections(sql, db->ops->name);
	int rc = own ? db->ops->exec_script(db, own) : DB_ERR;

	free(own);
	db_generation_bump();
	return rc;
}

int db_backup(struct db *db, const char *path) { return db->ops->backup(db, path); }
void db_tune_bulk(struct db *db) { db->ops->tune_bulk(db); }
/*
 * A transaction sees every commit made before it began, so what it reads
 * through a cache is asked about again inside it: the data version is
 * looked at afresh by the next db_generation (a decision in a write
 * transaction never rests on a setting cached before another process
 * changed it).
 */
int db_begin(struct db *db)
{
	int rc = db->ops->begin(db);

	if (rc == DB_OK)
		db->version_fresh = false;
	return rc;
}

int db_commit(struct db *db)
{
	int rc = db->ops->commit(db);

	db_generation_bump();
	return rc;
}

void db_rollback(struct db *db)
{
	if (db->reading)
		db_read_end(db);
	if (db->ops->in_transaction(db)) {
		db->ops->rollback(db);
		db_generation_bump();
	}
}

int db_read_begin(struct db *db)
{
	int rc;

	if (!db->ops->read_begin || db->reading || db->ops->in_transaction(db))
		return DB_OK;
	rc = db->ops->read_begin(db);
	db->reading = rc == DB_OK;
	if (db->reading)
		db->version_fresh = false; /* the generation of what is cached is taken inside the snapshot */
	return rc;
}

void db_read_end(struct db *db)
{
	if (db->reading)
		db->ops->read_end(db);
	db->reading = false;
}

int64_t db_last_id(struct db *db) { return db->ops->last_id(db); }
int db_reset_ids(struct db *db, const char *table) { return db->ops->reset_ids(db, table); }

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	return db->ops->prepare(db, sql, out);
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v) { return st->db->ops->bind_int64(st, idx, v); }
int db_bind_text(struct db_stmt *st, int idx, const char *v) { return st->db->ops->bind_text(st, idx, v); }
int db_bind_null(struct db_stmt *st, int idx) { return st->db->ops->bind_null(st, idx); }
/* A write outside a transaction commits when its statement ends: step, reset and finalize tell. */
int db_step(struct db_stmt *st)
{
	int rc = st->db->ops->step(st);

	if (st->db->ops->stmt_writes(st))
		db_generation_bump();
	return rc;
}

int db_reset(struct db_stmt *st)
{
	int rc = st->db->ops->reset(st); /* ends the statement first, then tells */

	if (st->db->ops->stmt_writes(st))
		db_generation_bump();
	return rc;
}

void db_finalize(struct db_stmt *st)
{
	bool writes;

	if (!st)
		return;
	writes = st->db->ops->stmt_writes(st);
	st->db->ops->finalize(st);
	if (writes)
		db_generation_bump();
}

int db_column_count(struct db_stmt *st) { return st->db->ops->column_count(st); }
const char *db_column_name(struct db_stmt *st, int col) { return st->db->ops->column_name(st, col); }
enum db_type db_column_type(struct db_stmt *st, int col) { return st->db->ops->column_type(st, col); }
int64_t db_column_int64(struct db_stmt *st, int col) { return st->db->ops->column_int64(st, col); }
double db_column_double(struct db_stmt *st, int col) { return st->db->ops->column_double(st, col); }
const char *db_column_text(struct db_stmt *st, int col) { return st->db->ops->column_text(st, col); }
bool db_column_is_null(struct db_stmt *st, int col) { return db_column_type(st, col) == DB_T_NULL; }

static int bind_va(struct db_stmt *st, const char *types, va_list ap)
{
	int idx = 1, rc = DB_OK;
	const char *t;

	for (t = types; *t && rc == DB_OK; t++, idx++) {
		switch (*t) {
		case 'i':
			rc = db_bind_int64(st, idx, va_arg(ap, int64_t));
			break;
		case 'z': {
			int64_t v = va_arg(ap, int64_t);
			rc = v ? db_bind_int64(st, idx, v) : db_bind_null(st, idx);
			break;
		}
		case 't':
			rc = db_bind_text(st, idx, va_arg(ap, const char *));
			break;
		case 'n':
			rc = db_bind_null(st, idx);
			break;
		default:
			rc = DB_ERR;
		}
	}
	return rc;
}

/* Prepare `sql` and bind the arguments described by `types`. */
static int prepare_bound(struct db *db, struct db_stmt **st, const char *sql, const char *types, va_list ap)
{
	int rc = db_prepare(db, sql, st);

	if (rc == DB_OK)
		rc = bind_va(*st, types, ap);
	return rc;
}

int db_execf(struct db *db, const char *sql, const char *types, ...)
{
	struct db_stmt *st = NULL;
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = prepare_bound(db, &st, sql, types, ap);
	va_end(ap);
	while (rc == DB_OK || rc == DB_ROW)
		rc = db_step(st);
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int query_ints(struct db *db, int64_t *out, int n, const char *sql, const char *types, va_list ap)
{
	struct db_stmt *st = NULL;
	int col, rc;

	for (col = 0; col < n; col++)
		out[col] = 0;
	rc = prepare_bound(db, &st, sql, types, ap);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		for (col = 0; col < n; col++)
			out[col] = db_column_int64(st, col);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

int db_query_int(struct db *db, int64_t *out, const char *sql, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = query_ints(db, out, 1, sql, types, ap);
	va_end(ap);
	return rc;
}

int db_query_ints(struct db *db, int64_t *out, int n, const char *sql, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = query_ints(db, out, n, sql, types, ap);
	va_end(ap);
	return rc;
}

/* ---- connection pool ---- */

/*
 * The pool's connections are opened by a thread of their own, one after the
 * other, while the server starts: a PostgreSQL connection costs a server
 * process and tens of milliseconds, and the caller has just reached the
 * database (the migrations). db_pool_get waits for the first. An open that
 * fails is retried, waiting twice as long each time up to 10 s, with a line
 * on stderr; the pool serves meanwhile with the connections it has.
 */
#define POOL_RETRY_FIRST_MS 100
#define POOL_RETRY_MAX_MS 10000

struct db_pool {
	pthread_mutex_t lock;
	pthread_cond_t freed; /* a connection was put back or opened */
	pthread_cond_t stop;  /* wakes the opener when the pool closes */
	pthread_t opener;
	bool opener_started;
	bool closing;
	char *url;
	int size;
	int opened;
	int nfree;
	struct db **conns; /* conns[0..nfree) are free */
};

/* Wait up to ms on the pool's stop condition (the lock held). */
static void pool_pause(struct db_pool *pool, unsigned ms)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	(void)pthread_cond_timedwait(&pool->stop, &pool->lock, &until);
}

static void *pool_opener(void *arg)
{
	struct db_pool *pool = arg;
	unsigned retry_ms = POOL_RETRY_FIRST_MS;
	char err[512];

	pthread_mutex_lock(&pool->lock);
	while (pool->opened < pool->size && !pool->closing) {
		struct db *db = NULL;
		int rc;

		pthread_mutex_unlock(&pool->lock);
		rc = db_open(pool->url, &db, err, sizeof(err));
		pthread_mutex_lock(&pool->lock);
		if (rc == DB_OK) {
			pool->conns[pool->nfree++] = db;
			pool->opened++;
			pthread_cond_signal(&pool->freed);
			retry_ms = POOL_RETRY_FIRST_MS;
			continue;
		}
		err[strcspn(err, "\n")] = '\0'; /* libpq's message ends with a newline, may go on with a hint */
		fprintf(stderr, "waishi: pooled connection %d of %d not opened, trying again in %u ms: %s\n", pool->opened + 1,
			pool->size, retry_ms, err);
		pool_pause(pool, retry_ms);
		retry_ms = retry_ms * 2 > POOL_RETRY_MAX_MS ? POOL_RETRY_MAX_MS : retry_ms * 2;
	}
	pthread_mutex_unlock(&pool->lock);
	return NULL;
}

/* The lock and conditions; the stop condition waits on the monotonic clock (pool_pause). */
static int pool_init_sync(struct db_pool *pool)
{
	pthread_condattr_t attr;

	if (pthread_condattr_init(&attr) != 0)
		return -1;
	if (pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) != 0 || pthread_cond_init(&pool->stop, &attr) != 0) {
		pthread_condattr_destroy(&attr);
		return -1;
	}
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->freed, NULL);
	return 0;
}

static void pool_free(struct db_pool *pool)
{
	free(pool->conns);
	free(pool->url);
	free(pool);
}

int db_pool_open(const char *url, int size, struct db_pool **out, char *err, size_t errlen)
{
	struct db_pool *pool;
	sigset_t all, before;
	bool started;

	*out = NULL;
	if (size < 1) {
		snprintf(err, errlen, "a pool needs at least one connection");
		return DB_ERR;
	}
	pool = calloc(1, sizeof(*pool));
	if (!pool || !(pool->conns = calloc((size_t)size, sizeof(*pool->conns))) || !(pool->url = strdup(url)) ||
	    pool_init_sync(pool) != 0) {
		if (pool)
			pool_free(pool);
		snprintf(err, errlen, "out of memory");
		return DB_ERR;
	}
	pool->size = size;
	/* the opener takes no signal of the process's, whatever its caller blocks */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &before);
	started = pthread_create(&pool->opener, NULL, pool_opener, pool) == 0;
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	if (!started) {
		snprintf(err, errlen, "cannot start the thread that opens the database connections");
		db_pool_close(pool);
		return DB_ERR;
	}
	pool->opener_started = true;
	*out = pool;
	return DB_OK;
}

struct db *db_pool_get(struct db_pool *pool)
{
	struct db *db;

	pthread_mutex_lock(&pool->lock);
	while (pool->nfree == 0)
		pthread_cond_wait(&pool->freed, &pool->lock);
	db = pool->conns[--pool->nfree];
	pthread_mutex_unlock(&pool->lock);
	db->version_fresh = false; /* ask again once in this request */
	return db;
}

void db_pool_put(struct db_pool *pool, struct db *db)
{
	db_rollback(db); /* never hand on a connection inside a transaction */
	pthread_mutex_lock(&pool->lock);
	pool->conns[pool->nfree++] = db;
	pthread_cond_signal(&pool->freed);
	pthread_mutex_unlock(&pool->lock);
}

void db_pool_close(struct db_pool *pool)
{
	int i;

	if (!pool)
		return;
	if (pool->opener_started) {
		pthread_mutex_lock(&pool->lock);
		pool->closing = true;
		pthread_cond_signal(&pool->stop);
		pthread_mutex_unlock(&pool->lock);
		pthread_join(pool->opener, NULL);
	}
	for (i = 0; i < pool->nfree; i++)
		db_close(pool->conns[i]);
	pthread_cond_destroy(&pool->stop);
	pthread_cond_destroy(&pool->freed);
	pthread_mutex_destroy(&pool->lock);
	pool_free(pool);
}
