/*
 * record.c - the shared read/insert/change/delete operations of one record,
 * knowing no HTTP (see record.h).
 */
#include "record.h"

#include "db_json.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *fetch(struct db *db, const struct record_def *def, int64_t id, int *rc)
{
	return def->detail ? def->detail(db, id, rc) : db_fetch_one(db, def->select_one, id, rc);
}

/* 0 when `who` sees the record's unit; else 403 or the database failure in err. */
static int check_scope(struct db *db, const struct actor *who, const struct record_def *def, json_t *row,
		       struct op_error *err)
{
	json_t *u;

	if (!def->unit_field)
		return 0;
	u = json_object_get(row, def->unit_field);
	return op_require_record_unit(db, who, json_is_integer(u) ? json_integer_value(u) : 0, err);
}

/* The record as it is (detail or select_one), in scope: 0 with *out, else the error's status. */
static int read_in_scope(struct db *db, const struct actor *who, const struct record_def *def, int64_t id,
			 bool detailed, json_t **out, struct op_error *err)
{
	int rc, status;
	json_t *row = detailed ? fetch(db, def, id, &rc) : db_fetch_one(db, def->select_one, id, &rc);

	*out = NULL;
	if (!row)
		return rc == DB_DONE ? op_not_found(err) : op_fail_db(err, rc);
	status = check_scope(db, who, def, row, err);
	if (status) {
		json_decref(row);
		return status;
	}
	*out = row;
	return 0;
}

int record_read(struct db *db, const struct actor *who, const struct record_def *def, int64_t id, json_t **out,
		struct op_error *err)
{
	return read_in_scope(db, who, def, id, false, out, err);
}

int record_rules_judge(const struct record_rules *rules, struct db *db, const struct actor *who, json_t *body,
			 json_t *before, bool partial, struct op_error *err)
{
	int status = validate_fields(body, rules->fields, partial, err);

	if (!status && rules->check)
		status = rules->check(db, who, body, before, err);
	return status;
}

/* Inside the caller's transaction: judged first by `rules` on `body` when given, inserted, audited; *rc the database's word. */
static int insert_in(struct db *db, const struct actor *who, const struct record_def *def,
		     const struct record_rules *rules, json_t *body, json_t *values, json_t **out, int *rc,
		     struct op_error *err)
{
	int64_t id = 0;
	int status = rules ? record_rules_judge(rules, db, who, body, NULL, false, err) : 0;

	if (!status)
		*rc = store_insert(db, def->table, def->columns, values, &id);
	if (!status && *rc == DB_OK)
		*out = fetch(db, def, id, rc);
	if (!status && *rc == DB_OK)
		*rc = op_audit(db, who, "create", def->entity, id, NULL, *out);
	return status;
}

/* insert_in in a transaction of its own. */
static int insert(struct db *db, const struct actor *who, const struct record_def *def,
		  const struct record_rules *rules, json_t *body, json_t *values, json_t **out, struct op_error *err)
{
	int status, rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = insert_in(db, who, def, rules, body, values, out, &rc, err);
	return op_finish_out(db, status, rc, out, err);
}

int record_create_judged_in(struct db *db, const struct actor *who, const struct record_def *def,
			    const struct record_rules *rules, json_t *body, json_t *values, json_t **out,
			    struct op_error *err)
{
	int rc = DB_OK;
	int status;

	*out = NULL;
	status = insert_in(db, who, def, rules, body, values, out, &rc, err);
	if (!status && rc != DB_OK)
		status = op_fail_db(err, rc);
	if (status) {
		json_decref(*out);
		*out = NULL;
	}
	return status;
}

int record_insert(struct db *db, const struct actor *who, const struct record_def *def, json_t *values,
		  json_t **out, struct op_error *err)
{
	return insert(db, who, def, NULL, NULL, values, out, err);
}

int record_create_judged(struct db *db, const struct actor *who, const struct record_def *def,
			 const struct record_rules *rules, json_t *body, json_t *values, json_t **out,
			 struct op_error *err)
{
	return insert(db, who, def, rules, body, values, out, err);
}

/* Inside the transaction: the record as it is now, in scope and at the expected version. */
static int read_current(struct db *db, const struct actor *who, const struct record_def *def, int64_t id,
			int64_t expected_version, json_t **out, struct op_error *err)
{
	int64_t current;
	int status = read_in_scope(db, who, def, id, true, out, err);

	if (status)
		return status;
	current = json_integer_value(json_object_get(*out, "version"));
	if (expected_version && expected_version != current) {
		json_decref(*out);
		*out = NULL;
		return op_stale(err, current);
	}
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

int record_apply(struct db *db, const struct actor *who, const struct record_def *def, int64_t id,
		 int64_t expected_version, const struct record_edit *edit, json_t **out, struct op_error *err)
{
	struct record_op op = {db, who, id, NULL, edit->arg, err};
	int status, rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = read_current(db, who, def, id, expected_version, &op.current, err);
	if (!status && edit->guard)
		status = edit->guard(&op);
	if (status) {
		json_decref(op.current);
		return op_finish_out(db, status, DB_OK, out, err);
	}
	rc = edit->change ? edit->change(&op) : DB_OK;
	if (rc == DB_OK)
		rc = record_advance_version(db, def->table, id, json_integer_value(json_object_get(op.current, "version")));
	if (rc == DB_OK)
		*out = fetch(db, def, id, &rc);
	if (rc == DB_OK)
		rc = op_audit(db, who, edit->action, def->entity, id, op.current, *out);
	json_decref(op.current);
	if (rc == RECORD_CONFLICT)
		status = op_fail(err, 409, "conflict", NULL, "the record changed while the action was applied; reload it",
				 "该记录在操作过程中已被他人修改,请刷新后重试");
	return op_finish_out(db, status, rc, out, err);
}

/* record_write's change: the caller's guard, then the values written into the listed columns. */
struct write_args {
	record_guard_fn guard;
	void *guard_arg;
	const struct record_def *def;
	json_t *values;
};

static int guard_write(struct record_op *op)
{
	const struct write_args *a = op->arg;
	int status;

	if (!a->guard)
		return 0;
	op->arg = a->guard_arg;
	status = a->guard(op);
	op->arg = (void *)a;
	return status;
}

static int apply_write(struct record_op *op)
{
	const struct write_args *a = op->arg;

	return store_update(op->db, a->def->table, a->def->columns, a->values, op->id);
}

int record_write(struct db *db, const struct actor *who, const struct record_def *def, int64_t id,
		 int64_t expected_version, json_t *values, const char *action, record_guard_fn guard, void *arg,
		 json_t **out, struct op_error *err)
{
	struct write_args a = {guard, arg, def, values};
	struct record_edit edit = {action, guard_write, apply_write, &a};

	return record_apply(db, who, def, id, expected_version, &edit, out, err);
}

/* record_update_judged's guard: the body judged against the record as it is. */
struct judged_edit {
	const struct record_rules *rules;
	json_t *body;
};

static int guard_judged(struct record_op *op)
{
	const struct judged_edit *j = op->arg;

	return record_rules_judge(j->rules, op->db, op->who, j->body, op->current, true, op->err);
}

int record_update_judged(struct db *db, const struct actor *who, const struct record_def *def,
			 const struct record_rules *rules, int64_t id, int64_t expected_version, json_t *body,
			 json_t *values, json_t **out, struct op_error *err)
{
	struct judged_edit j = {rules, body};

	return record_write(db, who, def, id, expected_version, values, "update", guard_judged, &j, out, err);
}

int record_remove(struct db *db, const struct actor *who, const struct record_def *def, int64_t id,
		  int64_t expected_version, struct op_error *err)
{
	json_t *before = NULL;
	char sql[128];
	int status, rc = db_begin(db);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = read_current(db, who, def, id, expected_version, &before, err);
	if (status)
		return op_finish(db, status, DB_OK, err);
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id = ?", def->table);
	rc = db_execf(db, sql, "i", id);
	if (rc == DB_OK)
		rc = op_audit(db, who, "delete", def->entity, id, before, NULL);
	json_decref(before);
	if (rc == DB_CONSTRAINT)
		status = op_fail(err, 409, "referenced", NULL, "other records still refer to this one; it cannot be deleted",
				 "该记录仍被其他记录引用,不能删除");
	return op_finish(db, status, rc, err);
}
