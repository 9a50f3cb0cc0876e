/*
 * migrate.c - applies the compiled-in schema migrations in order.
 */
#include "migrate.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

int migrate_latest_version(void)
{
	return migration_count ? migrations[migration_count - 1].version : 0;
}

static int ensure_migrations_table(struct db *db)
{
	return db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
				  " version INTEGER PRIMARY KEY,"
				  " name TEXT NOT NULL,"
				  " applied_at TEXT NOT NULL)");
}

static int apply_one(struct db *db, const struct migration *m)
{
	char now[32];

	util_now_rfc3339(now, sizeof(now));
	if (db_begin(db) != DB_OK)
		return -1;
	if (db_exec_script(db, m->sql) != DB_OK ||
	    db_execf(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", "itt",
		     (int64_t)m->version, m->name, now) != DB_OK ||
	    db_commit(db) != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/*
 * Which compiled-in migrations the database has recorded, read in one query (the start-up check of
 * every server and command: one round trip, not one per migration). recorded[i] for migrations[i].
 */
static int read_recorded(struct db *db, bool *recorded, int64_t *newest)
{
	struct db_stmt *st = NULL;
	int rc, i;

	*newest = 0;
	if (db_prepare(db, "SELECT version FROM schema_migrations", &st) != DB_OK)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t version = db_column_int64(st, 0);

		if (version > *newest)
			*newest = version;
		for (i = 0; i < migration_count; i++)
			if (migrations[i].version == version)
				recorded[i] = true;
	}
	db_finalize(st);
	return rc == DB_DONE ? 0 : -1;
}

int migrate_up(struct db *db, char *err, size_t errlen)
{
	bool *recorded = calloc((size_t)migration_count + 1, sizeof(*recorded));
	int64_t current = 0;
	int i, rc = 0;

	if (!recorded) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (ensure_migrations_table(db) != DB_OK || read_recorded(db, recorded, &current) != 0) {
		snprintf(err, errlen, "cannot read schema version: %s", db_errmsg(db));
		free(recorded);
		return -1;
	}
	if (current > migrate_latest_version()) {
		snprintf(err, errlen,
			 "database schema version %lld is newer than this waishi knows (%d): "
			 "upgrade waishi before using this database",
			 (long long)current, migrate_latest_version());
		free(recorded);
		return -1;
	}
	/* Every migration not yet recorded, in order: one merged from a branch below the newest still runs. */
	for (i = 0; i < migration_count && rc == 0; i++) {
		if (recorded[i])
			continue;
		if (apply_one(db, &migrations[i]) != 0) {
			snprintf(err, errlen, "migration %s failed: %s", migrations[i].name, db_errmsg(db));
			rc = -1;
		}
	}
	free(recorded);
	return rc;
}
