/*
 * store.c - generic insert/update of one record from JSON (see store.h).
 */
#include "store.h"

#include "buf.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>

#include <string.h>

int store_bind_json(struct db_stmt *st, int idx, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return db_bind_text(st, idx, json_string_value(v));
	case JSON_INTEGER:
		return db_bind_int64(st, idx, json_integer_value(v));
	case JSON_TRUE:
		return db_bind_int64(st, idx, 1);
	case JSON_FALSE:
		return db_bind_int64(st, idx, 0);
	case JSON_NULL:
		return db_bind_null(st, idx);
	default:
		return DB_ERR;
	}
}

json_t *store_values_from_body(json_t *body)
{
	json_t *values = json_deep_copy(body ? body : json_object()), *v;
	const char *key;
	void *tmp;
	char column[128];
	int64_t fen;
	size_t len;

	if (!values)
		return NULL;
	json_object_foreach_safe(values, tmp, key, v) {
		len = strlen(key);
		if (len >= sizeof(column) - 5)
			continue;
		if (json_is_array(v) || json_is_object(v)) {
			char *text = json_dumps(v, JSON_COMPACT);
			snprintf(column, sizeof(column), "%s_json", key);
			json_object_set_new(values, column, json_string(text ? text : "null"));
			free(text);
			json_object_del(values, key);
			continue;
		}
		if (len <= 4 || strcmp(key + len - 4, "_cny") != 0 || !util_money_to_fen(v, &fen))
			continue;
		snprintf(column, sizeof(column), "%.*s_fen", (int)(len - 4), key);
		json_object_set_new(values, column, json_integer(fen));
		json_object_del(values, key);
	}
	return values;
}

static int bind_listed(struct db_stmt *st, const char *const *columns, json_t *values, int *idx)
{
	const char *const *c;
	json_t *v;
	int rc = DB_OK;

	for (c = columns; *c && rc == DB_OK; c++) {
		v = json_object_get(values, *c);
		if (v)
			rc = store_bind_json(st, (*idx)++, v);
	}
	return rc;
}

/*
 * Prepare `sql`, bind the listed values then the timestamp(s) and the
 * trailing id (when id > 0), and step once. *row_id gets a RETURNING id.
 */
static int run_write(struct db *db, const char *sql, const char *const *columns, json_t *values, int stamps,
		     int64_t id, int64_t *row_id)
{
	struct db_stmt *st = NULL;
	char now[32];
	int rc, idx = 1;

	rc = db_prepare(db, sql, &st);
	if (rc != DB_OK)
		return rc;
	util_now_rfc3339(now, sizeof(now));
	rc = bind_listed(st, columns, values, &idx);
	while (rc == DB_OK && stamps-- > 0)
		rc = db_bind_text(st, idx++, now);
	if (rc == DB_OK && id > 0)
		rc = db_bind_int64(st, idx, id);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW && row_id)
		*row_id = db_column_int64(st, 0);
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

int store_insert(struct db *db, const char *table, const char *const *columns, json_t *values, int64_t *id)
{
	struct buf cols, marks, sql;
	const char *const *c;
	int rc = DB_ERR;

	buf_init(&cols, 8192);
	buf_init(&marks, 8192);
	buf_init(&sql, 16384);
	for (c = columns; *c; c++)
		if (json_object_get(values, *c) &&
		    (buf_addf(&cols, "%s, ", *c) != BUF_OK || buf_adds(&marks, "?, ") != BUF_OK))
			goto out;
	if (buf_addf(&sql, "INSERT INTO %s (%screated_at, updated_at) VALUES (%s?, ?) RETURNING id", table, cols.data,
		     marks.data) != BUF_OK)
		goto out;
	*id = 0;
	rc = run_write(db, sql.data, columns, values, 2, 0, id);
	if (rc == DB_OK && !*id)
		rc = DB_ERR;
out:
	buf_free(&cols);
	buf_free(&marks);
	buf_free(&sql);
	return rc;
}

int store_update(struct db *db, const char *table, const char *const *columns, json_t *values, int64_t id)
{
	struct buf sql;
	const char *const *c;
	int rc = DB_ERR;

	buf_init(&sql, 16384);
	if (buf_addf(&sql, "UPDATE %s SET ", table) != BUF_OK)
		goto out;
	for (c = columns; *c; c++)
		if (json_object_get(values, *c) && buf_addf(&sql, "%s = ?, ", *c) != BUF_OK)
			goto out;
	if (buf_adds(&sql, "updated_at = ? WHERE id = ?") != BUF_OK)
		goto out;
	rc = run_write(db, sql.data, columns, values, 1, id, NULL);
out:
	buf_free(&sql);
	return rc;
}
