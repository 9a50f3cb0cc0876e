/*
 * record.c - the shared load/create/change path of one record (see record.h).
 */
#include "record.h"

#include "audit_api.h"
#include "auth.h"
#include "list.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *fetch(struct db *db, const struct record_def *def, int64_t id, int *rc)
{
	return def->detail ? def->detail(db, id, rc) : db_fetch_one(db, def->select_one, id, rc);
}

/* 0 when the caller may see the record's unit; else 403 set in res. */
static int check_scope(struct request *req, struct response *res, const struct record_def *def, json_t *row)
{
	json_t *u;

	if (!def->unit_field)
		return 0;
	u = json_object_get(row, def->unit_field);
	return auth_check_unit(req, res, json_is_integer(u) ? json_integer_value(u) : 0);
}

int record_load(struct request *req, struct response *res, const struct record_def *def, int64_t id, json_t **out)
{
	json_t *row;
	int rc;

	*out = NULL;
	row = db_fetch_one(req->db, def->select_one, id, &rc);
	if (!row)
		return rc == DB_DONE ? http_error_not_found(req, res) : http_error_db(req, res, rc);
	rc = check_scope(req, res, def, row);
	if (rc) {
		json_decref(row);
		return rc;
	}
	*out = row;
	return 0;
}

int64_t record_expected_version(struct request *req)
{
	json_t *v = json_object_get(req->json, "version");
	const char *h;
	char *end;
	long long n;

	if (v)
		return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : -1;
	h = http_header(req, "If-Match");
	if (!h || !*h)
		return 0;
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	if (*h == '"')
		h++;
	n = strtoll(h, &end, 10);
	if (end == h || n < 1 || (*end && strcmp(end, "\"") != 0))
		return -1;
	return (int64_t)n;
}

int record_version_arg(struct request *req, struct response *res, int64_t *version)
{
	*version = record_expected_version(req);
	if (*version >= 0)
		return 0;
	return http_error(req, res, 422, "invalid", "version", "'version' must be a positive integer",
			  "「version」必须是正整数");
}

int record_commit(struct request *req, struct response *res, int rc)
{
	if (rc == DB_OK)
		rc = db_commit(req->db);
	if (rc == DB_OK)
		return 0;
	db_rollback(req->db);
	return http_error_db(req, res, rc);
}

/* Commit and answer the record, or roll back and answer the error. */
static int finish(struct request *req, struct response *res, int rc, int status, json_t *after)
{
	rc = record_commit(req, res, rc);
	if (rc) {
		json_decref(after);
		return rc;
	}
	return http_json(res, status, after);
}

int record_create(struct request *req, struct response *res, const struct record_def *def, json_t *values)
{
	json_t *after = NULL;
	int64_t id = 0;
	int rc = db_begin(req->db);

	if (rc == DB_OK)
		rc = store_insert(req->db, def->table, def->columns, values, &id);
	if (rc == DB_OK)
		after = fetch(req->db, def, id, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, "create", def->entity, id, NULL, after);
	return finish(req, res, rc, 201, after);
}

static int refuse_stale(struct request *req, struct response *res, int64_t current)
{
	struct op_error err;

	op_stale(&err, current);
	return http_error_op(req, res, &err);
}

/* Inside the transaction: the record as it is now, in scope and at the expected version. */
static int load_current(struct request *req, struct response *res, const struct record_def *def, int64_t id,
			json_t **out)
{
	int64_t expected = 0, current;
	json_t *row;
	int rc = record_version_arg(req, res, &expected);

	*out = NULL;
	if (rc)
		return rc;
	row = fetch(req->db, def, id, &rc);
	if (!row)
		return rc == DB_DONE ? http_error_not_found(req, res) : http_error_db(req, res, rc);
	rc = check_scope(req, res, def, row);
	current = json_integer_value(json_object_get(row, "version"));
	if (!rc && expected && expected != current)
		rc = refuse_stale(req, res, current);
	if (rc) {
		json_decref(row);
		return rc;
	}
	*out = row;
	return 0;
}

int record_advance_version(struct db *db, const char *table, int64_t id, int64_t version)
{
	char sql[160];
	int64_t changed = 0;
	int rc;

	snprintf(sql, sizeof(sql), "UPDATE %s SET version = version + 1 WHERE id = ? AND version = ? RETURNING id", table);
	rc = db_query_int(db, &changed, sql, "ii", id, version);
	return rc == DB_DONE ? RECORD_CONFLICT : rc;
}

static int refuse_conflict(struct request *req, struct response *res)
{
	return http_error(req, res, 409, "conflict", NULL, "the record changed while the action was applied; reload it",
			  "该记录在操作过程中已被他人修改,请刷新后重试");
}

int record_change(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  const char *action, record_guard_fn guard, record_change_fn fn, void *arg)
{
	json_t *before = NULL, *after = NULL;
	int status, rc = db_begin(req->db);

	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	status = load_current(req, res, def, id, &before);
	if (!status && guard)
		status = guard(req, res, before, arg);
	if (status) {
		db_rollback(req->db);
		json_decref(before);
		return status;
	}
	rc = fn ? fn(req, arg) : DB_OK;
	if (rc == DB_OK)
		rc = record_advance_version(req->db, def->table, id, json_integer_value(json_object_get(before, "version")));
	if (rc == DB_OK)
		after = fetch(req->db, def, id, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, action, def->entity, id, before, after);
	json_decref(before);
	if (rc == RECORD_CONFLICT) {
		db_rollback(req->db);
		json_decref(after);
		return refuse_conflict(req, res);
	}
	return finish(req, res, rc, 200, after);
}

int record_delete(struct request *req, struct response *res, const struct record_def *def, int64_t id)
{
	json_t *before = NULL;
	char sql[128];
	int status, rc = db_begin(req->db);

	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	status = load_current(req, res, def, id, &before);
	if (status) {
		db_rollback(req->db);
		return status;
	}
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?", def->table);
	rc = db_execf(req->db, sql, "i", id);
	if (rc == DB_OK)
		rc = audit_record(req, "delete", def->entity, id, before, NULL);
	json_decref(before);
	if (rc == DB_CONSTRAINT) {
		db_rollback(req->db);
		return http_error(req, res, 409, "referenced", NULL,
				  "other records still refer to this one; it cannot be deleted",
				  "该记录仍被其他记录引用,不能删除");
	}
	return record_commit(req, res, rc);
}

/* record_update's change: the caller's guard, then the values written into the listed columns. */
struct update_args {
	record_guard_fn guard;
	void *guard_arg;
	const struct record_def *def;
	json_t *values;
	int64_t id;
};

static int guard_update(struct request *req, struct response *res, json_t *current, void *arg)
{
	const struct update_args *a = arg;

	return a->guard ? a->guard(req, res, current, a->guard_arg) : 0;
}

static int apply_update(struct request *req, void *arg)
{
	const struct update_args *a = arg;

	return store_update(req->db, a->def->table, a->def->columns, a->values, a->id);
}

int record_update(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *values, const char *action, record_guard_fn guard, void *arg)
{
	struct update_args a = {guard, arg, def, values, id};

	return record_change(req, res, def, id, action, guard_update, apply_update, &a);
}
