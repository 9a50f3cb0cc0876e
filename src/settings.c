/*
 * settings.c - reading the office's configurable settings.
 */
#include "settings.h"

#include "util.h"

#include <stdio.h>

int64_t settings_get_int(struct db *db, const char *key, int64_t fallback)
{
	struct db_stmt *st = NULL;
	int64_t v = fallback;

	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st) != DB_OK)
		return fallback;
	if (db_bind_text(st, 1, key) == DB_OK && db_step(st) == DB_ROW &&
	    !util_parse_int64(db_column_text(st, 0), &v))
		v = fallback;
	db_finalize(st);
	return v;
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
