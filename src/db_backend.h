/*
 * db_backend.h - what a database backend implements (internal to db*.c).
 *
 * Every backend embeds `struct db` / `struct db_stmt` as the first member of
 * its own connection and statement structures and fills a `struct db_ops`.
 * db.c dispatches the public functions of db.h through these operations.
 *
 * Statement cache: a backend keeps the statements it prepared, keyed by
 * their SQL text, for the life of the connection (SQLite persistent
 * statements, PostgreSQL named prepared statements). db_finalize() of a
 * cached statement resets it and hands it back; a statement asked for while
 * its cached copy is in use is prepared apart and really finalized.
 *
 * Data generation (db.c): one counter per process that moves whenever the
 * data may have changed — a write or commit through any connection of this
 * process, or a commit by another process seen through `data_version`
 * (SQLite's PRAGMA data_version, PostgreSQL's version row), asked once per
 * checkout of a connection from the pool and again inside each transaction
 * or read snapshot: each request (its authentication, then its handler), and
 * each transaction, sees every commit made before it. Caches of database
 * reads tag their entries with it.
 */
#ifndef WAISHI_DB_BACKEND_H
#define WAISHI_DB_BACKEND_H

#include "db.h"

#include <stddef.h>

struct db_ops {
	const char *name;
	void (*close)(struct db *db);
	const char *(*errmsg)(struct db *db);
	int (*exec_script)(struct db *db, const char *sql);
	int (*backup)(struct db *db, const char *path);
	void (*tune_bulk)(struct db *db);
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	void (*rollback)(struct db *db);
	/* One snapshot for several reads, or NULL where each statement has its own (db_read_begin). */
	int (*read_begin)(struct db *db);
	void (*read_end)(struct db *db);
	int64_t (*last_id)(struct db *db);
	int (*reset_ids)(struct db *db, const char *table);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
	int (*bind_int64)(struct db_stmt *st, int idx, int64_t v);
	int (*bind_text)(struct db_stmt *st, int idx, const char *v);
	int (*bind_null)(struct db_stmt *st, int idx);
	int (*step)(struct db_stmt *st);
	int (*reset)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int col);
	enum db_type (*column_type)(struct db_stmt *st, int col);
	int64_t (*column_int64)(struct db_stmt *st, int col);
	double (*column_double)(struct db_stmt *st, int col);
	const char *(*column_text)(struct db_stmt *st, int col);
	void (*describe)(struct db *db, char *out, size_t len); /* may be NULL */
	/* A number that changes when another connection or process committed (no error: cached value). */
	int64_t (*data_version)(struct db *db);
	bool (*in_transaction)(struct db *db);
	bool (*stmt_writes)(struct db_stmt *st); /* the statement may change data */
};

struct db {
	const struct db_ops *ops;
	int64_t seen_version; /* data_version when last asked */
	bool version_known;   /* seen_version holds a value */
	bool version_fresh;   /* asked since this connection was taken from the pool or its transaction began */
	bool reading;         /* inside db_read_begin's snapshot */
};

/* Move the process's data generation on (a write was made or seen). */
void db_generation_bump(void);

struct db_stmt {
	struct db *db;
};

int db_sqlite_open(const char *path, struct db **out, char *err, size_t errlen);
int db_pg_open(const char *url, struct db **out, char *err, size_t errlen);

#endif
