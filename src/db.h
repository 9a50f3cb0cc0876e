/*
 * db.h - the narrow database interface every module uses.
 *
 * One connection (`struct db`) and its prepared statements (`struct db_stmt`).
 * The SQLite implementation lives in db_sqlite.c; PostgreSQL will be a
 * second file behind the same functions. Nothing outside the backends sees
 * sqlite3_* or PQ* names.
 *
 * SQL written against this interface uses `?` placeholders (the PostgreSQL
 * backend renumbers them to $1..$n), standard types (TEXT, BIGINT, INTEGER)
 * and `INSERT ... RETURNING id` for new ids. The one dialect difference a
 * migration needs, the auto-numbered primary key, is written `@ID@` and
 * expanded by the backend (db_exec_script). What only one backend can say
 * (changing a CHECK constraint) goes between the lines `-- @sqlite` or
 * `-- @postgresql` and `-- @end`; the other backend skips those lines.
 *
 * Return codes: DB_OK / DB_ROW / DB_DONE on success; DB_ERR for any failure,
 * DB_CONSTRAINT for a unique or foreign-key violation, DB_BUSY when the
 * database stayed locked past the busy timeout (or a serialization failure).
 */
#ifndef WAISHI_DB_H
#define WAISHI_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	DB_OK = 0,
	DB_ROW = 100,
	DB_DONE = 101,
	DB_ERR = -1,
	DB_CONSTRAINT = -2,
	DB_BUSY = -3,
};

enum db_type { DB_T_NULL, DB_T_INT, DB_T_REAL, DB_T_TEXT };

struct db;
struct db_stmt;

/* Connections */
/* `url` names a PostgreSQL database (postgresql:// or postgres://); anything else is an SQLite file. */
bool db_is_postgres_url(const char *url);
__attribute__((warn_unused_result)) int db_open(const char *url, struct db **out, char *err, size_t errlen);
void db_close(struct db *db);
const char *db_errmsg(struct db *db);
/* One line on the connection's durability settings for the startup log ("" when nothing to say). */
void db_describe(struct db *db, char *out, size_t len);
/* Run a script of DDL statements (migrations only); @ID@ is expanded, other backends' sections skipped. */
__attribute__((warn_unused_result)) int db_exec_script(struct db *db, const char *sql);
/* Online consistent copy of the whole database into a new file. */
__attribute__((warn_unused_result)) int db_backup(struct db *db, const char *path);

/* For a bulk load on this connection: a large page cache (SQLite), no wait for the WAL flush (PostgreSQL). */
void db_tune_bulk(struct db *db);

/*
 * Transactions: begin takes the write lock at once, so two writers never
 * deadlock; the data version is asked again inside it (db_generation), so
 * cached reads within are as fresh as the transaction.
 */
__attribute__((warn_unused_result)) int db_begin(struct db *db);
__attribute__((warn_unused_result)) int db_commit(struct db *db);
void db_rollback(struct db *db);
/*
 * Several reads answered from one snapshot (a list's total and its page):
 * on SQLite a deferred transaction, so they agree with each other and take
 * the WAL index's read lock once instead of once each; on PostgreSQL
 * nothing (each statement reads its own snapshot). Only reads between the
 * two calls; db_in_transaction stays false, so what is read may be cached.
 * db_read_end after a failed read too; a write transaction cannot begin
 * inside one.
 */
__attribute__((warn_unused_result)) int db_read_begin(struct db *db);
void db_read_end(struct db *db);
int64_t db_last_id(struct db *db);
/* After rows were inserted with explicit ids: new rows continue after the highest id. */
__attribute__((warn_unused_result)) int db_reset_ids(struct db *db, const char *table);

/* Statements */
__attribute__((warn_unused_result)) int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *v); /* NULL binds SQL NULL */
int db_bind_null(struct db_stmt *st, int idx);
int db_step(struct db_stmt *st);
int db_reset(struct db_stmt *st);
void db_finalize(struct db_stmt *st);

int db_column_count(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int col);
enum db_type db_column_type(struct db_stmt *st, int col);
int64_t db_column_int64(struct db_stmt *st, int col);
double db_column_double(struct db_stmt *st, int col);
const char *db_column_text(struct db_stmt *st, int col); /* valid until the next step */
bool db_column_is_null(struct db_stmt *st, int col);

/*
 * Conveniences over the primitives above (db.c), backend-independent.
 * Arguments of db_execf/db_query_int are described by a type string:
 * 'i' int64_t, 'z' int64_t where 0 binds NULL (an absent reference),
 * 't' const char * (NULL binds NULL), 'n' NULL.
 */
__attribute__((warn_unused_result)) int db_execf(struct db *db, const char *sql, const char *types, ...);
/* First column of the first row as an integer; DB_DONE when no row. */
__attribute__((warn_unused_result)) int db_query_int(struct db *db, int64_t *out, const char *sql, const char *types, ...);
/* The first `n` columns of the first row as integers into out[0..n-1]; DB_DONE when no row. */
__attribute__((warn_unused_result)) int db_query_ints(struct db *db, int64_t *out, int n, const char *sql,
						      const char *types, ...);

/*
 * The process's data generation (see db_backend.h): equal values from two
 * calls mean no committed change anywhere in between, including changes by
 * another process. Take it before reading what you cache; a cache entry
 * tagged with an older generation is stale. Never cache what was read
 * inside a transaction (db_in_transaction): it may roll back.
 */
uint64_t db_generation(struct db *db);
bool db_in_transaction(struct db *db);

/*
 * A pool of `size` connections shared by the server's threads. Open returns
 * at once: a thread of the pool opens the connections one after the other
 * (the caller has reached the database just before, e.g. to migrate it),
 * retrying one that fails. Get waits until a connection is free.
 */
struct db_pool;
__attribute__((warn_unused_result)) int db_pool_open(const char *url, int size, struct db_pool **out, char *err, size_t errlen);
struct db *db_pool_get(struct db_pool *pool);
void db_pool_put(struct db_pool *pool, struct db *db);
void db_pool_close(struct db_pool *pool);

#endif
