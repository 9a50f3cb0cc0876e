/*
 * settings.c - reading the office's configurable settings, cached until the
 * data changes (cache.h).
 */
#include "settings.h"

#include "cache.h"
#include "util.h"

#include <stdio.h>

struct setting_value {
	bool is_int; /* present and a whole number */
	int64_t v;
};

static struct cache setting_cache = CACHE_INIT(64, sizeof(struct setting_value));

int64_t settings_get_int(struct db *db, const char *key, int64_t fallback)
{
	struct db_stmt *st = NULL;
	struct setting_value val = {false, 0};
	uint64_t gen = db_generation(db);
	int rc;

	if (cache_get(&setting_cache, key, gen, &val))
		return val.is_int ? val.v : fallback;
	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st) != DB_OK)
		return fallback;
	rc = db_bind_text(st, 1, key);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW)
		val.is_int = util_parse_int64(db_column_text(st, 0), &val.v);
	db_finalize(st);
	if ((rc == DB_ROW || rc == DB_DONE) && !db_in_transaction(db))
		cache_put(&setting_cache, key, gen, &val);
	return val.is_int ? val.v : fallback;
}

void settings_get_text(struct db *db, const char *key, const char *fallback, char *out, size_t len)
{
	struct db_stmt *st = NULL;

	snprintf(out, len, "%s", fallback);
	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st) != DB_OK)
		return;
	if (db_bind_text(st, 1, key) == DB_OK && db_step(st) == DB_ROW && db_column_text(st, 0)[0])
		snprintf(out, len, "%s", db_column_text(st, 0));
	db_finalize(st);
}
