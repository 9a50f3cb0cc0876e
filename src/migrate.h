/*
 * migrate.h - numbered schema migrations (schema/NNN_name.sql, compiled in).
 */
#ifndef WAISHI_MIGRATE_H
#define WAISHI_MIGRATE_H

#include "db.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migration_count;

/*
 * Bring the database up to the newest migration this binary knows, each in
 * its own transaction, recorded in schema_migrations. Refuses a database
 * newer than the binary. Returns 0, or -1 with a message in err.
 */
__attribute__((warn_unused_result)) int migrate_up(struct db *db, char *err, size_t errlen);
int migrate_latest_version(void);

#endif
