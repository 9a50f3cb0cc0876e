/*
 * migrate.c - applies the compiled-in schema migrations in order.
 */
#include "migrate.h"
#include "util.h"

#include <stdio.h>

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

int migrate_up(struct db *db, char *err, size_t errlen)
{
	int64_t current = 0;
	int i;

	if (ensure_migrations_table(db) != DB_OK ||
	    db_query_int(db, &current, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", "") != DB_OK) {
		snprintf(err, errlen, "cannot read schema version: %s", db_errmsg(db));
		return -1;
	}
	if (current > migrate_latest_version()) {
		snprintf(err, errlen,
			 "database schema version %lld is newer than this waishi knows (%d): "
			 "upgrade waishi before using this database",
			 (long long)current, migrate_latest_version());
		return -1;
	}
	/* Every migration not yet recorded, in order: one merged from a branch below the newest still runs. */
	for (i = 0; i < migration_count; i++) {
		int64_t recorded = 0;

		if (db_query_int(db, &recorded, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", "i",
				 (int64_t)migrations[i].version) != DB_OK) {
			snprintf(err, errlen, "cannot read schema version: %s", db_errmsg(db));
			return -1;
		}
		if (recorded)
			continue;
		if (apply_one(db, &migrations[i]) != 0) {
			snprintf(err, errlen, "migration %s failed: %s", migrations[i].name, db_errmsg(db));
			return -1;
		}
	}
	return 0;
}
