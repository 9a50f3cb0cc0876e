/*
 * register.c - shared handlers of the simple registers (see register.h).
 */
#include "register.h"

#include "audit.h"
#include "country.h"
#include "dates.h"
#include "record_api.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* ---- lists ---- */

static void decorate_one(json_t *row, void *arg)
{
	const struct register_def *def = arg;

	def->decorate(row);
}

static void decorate_all(const struct register_def *def, json_t *out)
{
	json_t *row;
	size_t i;

	if (!def->decorate)
		return;
	json_array_foreach(json_object_get(out, "items"), i, row)
		def->decorate(row);
}

static int list_of(struct request *req, struct response *res, const struct register_def *def)
{
	struct list_params lp;
	struct list_filter f;
	json_t *out = NULL;
	int rc = list_params(req, res, &lp);

	if (rc)
		return rc;
	if (def->decorate) {
		lp.decorate = decorate_one;
		lp.decorate_arg = (void *)def;
	}
	list_filter_init(&f);
	rc = list_query_filters(req, res, def->filters, &f);
	if (!rc && def->filter)
		rc = def->filter(req, res, &f);
	if (!rc) {
		rc = list_run(req->db, def->list, &lp, &f, &out);
		if (rc == DB_OK)
			decorate_all(def, out);
		rc = list_answer(req, res, rc, out);
	}
	list_filter_free(&f);
	return rc;
}

int register_list(struct request *req, struct response *res)
{
	return list_of(req, res, req->route_arg);
}

int register_list_filtered(struct request *req, struct response *res, const struct list_spec *spec,
			   const struct list_query_filter *filters)
{
	const struct register_def def = {.list = spec, .filters = filters};

	return list_of(req, res, &def);
}

/* ---- one record ---- */

static int answer_record(struct response *res, const struct register_def *def, int status)
{
	if (def->decorate && res->json && status >= 200 && status < 300)
		def->decorate(res->json);
	return status;
}

int register_get(struct request *req, struct response *res)
{
	const struct register_def *def = req->route_arg;
	json_t *row;
	int rc = record_load(req, res, def->record, req->ids[0], &row);

	if (rc)
		return rc;
	http_json(res, 200, row);
	return answer_record(res, def, 200);
}

/* The body as column values: money, arrays and renamed keys mapped. */
static json_t *values_of(const struct register_def *def, json_t *body)
{
	json_t *values = store_values_from_body(body), *v;
	const char *const *r;

	for (r = def->renames; values && r && r[0]; r += 2) {
		v = json_object_get(values, r[0]);
		if (v) {
			json_object_set(values, r[1], v);
			json_object_del(values, r[0]);
		}
	}
	return values;
}

int register_create(struct request *req, struct response *res)
{
	const struct register_def *def = req->route_arg;
	json_t *values;
	int rc;

	values = values_of(def, req->json);
	if (!values)
		return http_error_internal(req, res);
	rc = record_create_as(req, res, def->record, def->rules, values);
	json_decref(values);
	return answer_record(res, def, rc);
}

int register_update(struct request *req, struct response *res)
{
	const struct register_def *def = req->route_arg;
	json_t *values = values_of(def, req->json);
	int rc = values ? record_update_as(req, res, def->record, def->rules, req->ids[0], values)
			: http_error_internal(req, res);

	json_decref(values);
	return answer_record(res, def, rc);
}

int register_delete(struct request *req, struct response *res)
{
	const struct register_def *def = req->route_arg;
	int rc = record_delete(req, res, def->record, req->ids[0]);

	return rc ? rc : http_json(res, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- transitions ---- */

struct transition_args {
	const struct register_def *def;
	const struct transition_def *t;
	json_t *body;
	json_t *values;
	const char *const *columns;
};

/* Judged on the record as it is inside the transaction: its state, then the transition's own check. */
static int guard_transition(struct record_op *op)
{
	const struct transition_args *a = op->arg;
	json_t *current = op->current;
	const char *status = json_string_value(json_object_get(current, "status"));
	char en[160], zh[200];

	if (a->def->decorate)
		a->def->decorate(current);
	if (!util_in_list(status, a->t->from)) {
		snprintf(en, sizeof(en), "'%s' is not allowed from the status %s", a->t->action, status ? status : "");
		snprintf(zh, sizeof(zh), "当前状态(%s)不能执行此操作", status ? status : "");
		return op_fail(op->err, 409, "invalid_transition", NULL, en, zh);
	}
	return a->t->check ? a->t->check(op->db, a->body, current, op->err) : 0;
}

static int apply_transition(struct record_op *op)
{
	const struct transition_args *a = op->arg;

	return store_update(op->db, a->def->record->table, a->columns, a->values, op->id);
}

/* Columns a transition writes: status, its date column, and its body fields. */
static void transition_columns(const struct transition_def *t, const char **cols, size_t max)
{
	const struct vfield *f;
	size_t n = 0;

	cols[n++] = "status";
	if (t->date_column)
		cols[n++] = t->date_column;
	for (f = t->fields; f && f->name && n + 1 < max; f++)
		if (strcmp(f->name, "date") != 0)
			cols[n++] = f->name;
	cols[n] = NULL;
}

int register_transition(struct request *req, struct response *res, const struct register_def *def,
			const struct transition_def *t)
{
	struct transition_args a = {def, t, req->json, NULL, NULL};
	const char *cols[16];
	int rc = t->fields ? validate_body(req, res, req->json, t->fields, false) : 0;

	if (!rc) {
		a.values = store_values_from_body(req->json);
		if (!a.values)
			return http_error_internal(req, res);
		json_object_set_new(a.values, "status", json_string(t->to));
		if (t->date_column && json_object_get(a.values, "date"))
			json_object_set(a.values, t->date_column, json_object_get(a.values, "date"));
		transition_columns(t, cols, sizeof(cols) / sizeof(cols[0]));
		a.columns = cols;
		rc = record_change(req, res, def->record, req->ids[0], t->action, guard_transition, apply_transition, &a);
	}
	json_decref(a.values);
	return answer_record(res, def, rc);
}

