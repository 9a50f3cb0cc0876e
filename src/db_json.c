/*
 * db_json.c - database rows as JSON, by the schema's naming conventions
 * (see db_json.h).
 */
#include "db_json.h"

#include <stdio.h>
#include <string.h>

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix(const char *s, const char *suffix, size_t *stem)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	if (ls <= lx || strcmp(s + ls - lx, suffix) != 0)
		return false;
	*stem = ls - lx;
	return true;
}

enum db_json_kind db_json_column_kind(const char *name, size_t *stem)
{
	*stem = strlen(name);
	if (has_prefix(name, "is_"))
		return DBJ_BOOL;
	if (has_suffix(name, "_fen", stem))
		return DBJ_FEN;
	if (has_suffix(name, "_json", stem))
		return DBJ_JSON;
	return DBJ_PLAIN;
}

static json_t *column_json(struct db_stmt *st, int col, char *name, size_t namelen)
{
	const char *cname = db_column_name(st, col);
	size_t stem;
	enum db_json_kind kind = db_json_column_kind(cname, &stem);
	json_error_t jerr;

	snprintf(name, namelen, "%.*s%s", (int)stem, cname, kind == DBJ_FEN ? "_cny" : "");
	if (db_column_is_null(st, col))
		return json_null();
	if (kind == DBJ_BOOL)
		return json_boolean(db_column_int64(st, col) != 0);
	if (kind == DBJ_FEN)
		return json_real((double)db_column_int64(st, col) / 100.0);
	if (kind == DBJ_JSON)
		return json_loads(db_column_text(st, col), JSON_DECODE_ANY, &jerr);
	switch (db_column_type(st, col)) {
	case DB_T_INT:
		return json_integer(db_column_int64(st, col));
	case DB_T_REAL:
		return json_real(db_column_double(st, col));
	default:
		return json_string(db_column_text(st, col));
	}
}

json_t *db_row_json(struct db_stmt *st)
{
	json_t *row = json_object();
	char name[128];
	int col, n = db_column_count(st);

	for (col = 0; row && col < n; col++) {
		json_t *v = column_json(st, col, name, sizeof(name));
		if (!v || json_object_set_new(row, name, v) != 0) {
			json_decref(row);
			return NULL;
		}
	}
	return row;
}

json_t *db_fetch_one(struct db *db, const char *sql, int64_t id, int *rc)
{
	struct db_stmt *st = NULL;
	json_t *row = NULL;

	*rc = db_prepare(db, sql, &st);
	if (*rc != DB_OK)
		return NULL;
	*rc = db_bind_int64(st, 1, id);
	if (*rc == DB_OK)
		*rc = db_step(st);
	if (*rc == DB_ROW) {
		row = db_row_json(st);
		*rc = row ? DB_OK : DB_ERR;
	}
	db_finalize(st);
	return row;
}

json_t *db_fetch_all(struct db *db, const char *sql, int64_t id, int *rc)
{
	struct db_stmt *st = NULL;
	json_t *items = json_array(), *row;

	*rc = items ? db_prepare(db, sql, &st) : DB_ERR;
	if (*rc == DB_OK)
		*rc = db_bind_int64(st, 1, id);
	while (*rc == DB_OK && (*rc = db_step(st)) == DB_ROW) {
		row = db_row_json(st);
		*rc = row && json_array_append_new(items, row) == 0 ? DB_OK : DB_ERR;
	}
	db_finalize(st);
	if (*rc == DB_DONE)
		*rc = DB_OK;
	if (*rc != DB_OK) {
		json_decref(items);
		return NULL;
	}
	return items;
}
