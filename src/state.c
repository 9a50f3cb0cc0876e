/*
 * state.c - one state move of a register record (see state.h).
 */
#include "state.h"

#include "audit.h"
#include "record.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char *state_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int judge(struct state_op *op, const struct state_record *rec, const struct state_move *m, int64_t expected)
{
	json_t *unit = json_object_get(op->current, rec->unit_field);
	const char *state = state_str(op->current, "status");
	int64_t version = json_integer_value(json_object_get(op->current, "version"));
	char en[200], zh[200];
	int rc;

	if ((rc = op_require_unit(op->db, op->who, json_is_integer(unit) ? json_integer_value(unit) : 0, NULL,
				  "this record belongs to another unit", "该记录属于其他单位,无权访问", op->err)))
		return rc;
	if (expected && expected != version)
		return op_stale(op->err, version);
	if (!util_in_list(state, m->from)) {
		snprintf(en, sizeof(en), "'%s' is not allowed in state %s", m->action, state ? state : "");
		snprintf(zh, sizeof(zh), "当前状态为「%s」,不能%s", rec->status_zh(state), m->name_zh);
		return op_fail(op->err, 409, "invalid_transition", NULL, en, zh);
	}
	if (m->fields && (rc = validate_fields(op->args, m->fields, false, op->err)) != 0)
		return rc;
	return m->check ? m->check(op) : 0;
}

int state_move_in(struct db *db, const struct actor *who, const struct state_record *rec, const struct state_move *m,
		  int64_t id, json_t *args, int64_t expected_version, void *ctx, json_t **out, struct op_error *err)
{
	struct state_op op = {db, who, id, NULL, NULL, err, ctx};
	json_t *after = NULL;
	int status, rc;

	*out = NULL;
	op.current = rec->load(db, id, &rc);
	if (!op.current)
		return rc == DB_DONE ? op_not_found(err) : op_fail_db(err, rc);
	op.args = args && json_is_object(args) ? json_incref(args) : json_object();
	status = judge(&op, rec, m, expected_version);
	if (!status) {
		rc = m->apply(&op);
		if (rc == DB_OK)
			rc = record_advance_version(db, rec->table, id, json_integer_value(json_object_get(op.current, "version")));
		if (rc == DB_OK)
			after = rec->load(db, id, &rc);
		if (rc == DB_OK)
			rc = op_audit(db, who, m->action, rec->entity, id, op.current, after);
		if (rc == RECORD_CONFLICT)
			status = op_fail(err, 409, "conflict", NULL, "the record changed while the action was applied; reload it",
					 "该记录在操作过程中已被他人修改,请刷新后重试");
		else if (rc != DB_OK)
			status = op_fail_db(err, rc);
	}
	if (status) {
		json_decref(after);
		after = NULL;
	}
	json_decref(op.current);
	json_decref(op.args);
	*out = after;
	return status;
}

int state_move(struct db *db, const struct actor *who, const struct state_record *rec, const struct state_move *m,
	       int64_t id, json_t *args, int64_t expected_version, void *ctx, json_t **out, struct op_error *err)
{
	int status, rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = state_move_in(db, who, rec, m, id, args, expected_version, ctx, out, err);
	return op_finish_out(db, status, DB_OK, out, err);
}
