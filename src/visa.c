/*
 * visa.c - visas and endorsements per trip member and destination, the
 * per-country requirement, the departure gate and the trip's visa checks
 * (see visa.h).
 */
#include "visa.h"

#include "country.h"
#include "dates.h"
#include "labels.h"
#include "db_json.h"
#include "record.h"
#include "state.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char *const visa_statuses[] = {"to_apply", "submitted", "granted", "refused", NULL};
const char *const visa_requirement_kinds[] = {"required", "visa_free_official", "on_arrival", NULL};
static const char *const entries[] = {"single", "double", "multiple", NULL};

#define VISA_SELECT                                                                                               \
	"SELECT v.id, v.delegation_id, d.code AS delegation_code, d.title AS delegation_title, d.unit_id,"         \
	" d.depart_date, v.person_id, pe.name AS person_name, v.country, v.kind, v.status, v.visa_type,"           \
	" v.submitted_to, v.submitted_on, v.decided_on, v.valid_from, v.valid_until, v.entries, v.refuse_reason,"  \
	" r.requirement, v.created_at, v.updated_at, v.version FROM visas v"                                       \
	" JOIN delegations d ON d.id = v.delegation_id JOIN persons pe ON pe.id = v.person_id"                     \
	" LEFT JOIN visa_requirements r ON r.country = v.country"

static const char *name_of(const char *code)
{
	const char *zh = code ? country_name_zh(code) : NULL;

	return zh ? zh : code ? code : "";
}

json_t *visa_load(struct db *db, int64_t id, int *rc)
{
	json_t *row = db_fetch_one(db, VISA_SELECT " WHERE v.id = ?", id, rc);

	if (row)
		json_object_set_new(row, "country_name", json_string(name_of(state_str(row, "country"))));
	return row;
}

static const char *status_zh(const char *status)
{
	const char *zh = labels_zh("visa_status", status);

	return zh ? zh : status ? status : "";
}

static const struct state_record visa_record = {"visa", "visas", "unit_id", visa_load, status_zh};

/* Endorsements (签注) for the regions of China that need a permit; visas for every other destination. */
static const char *kind_of(const char *country)
{
	return strcmp(country, "HK") == 0 || strcmp(country, "MO") == 0 || strcmp(country, "TW") == 0 ? "endorsement"
												       : "visa";
}

/* ---- create ---- */

static const struct vfield create_fields[] = {
	{"delegation_id", "团组", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"person_id", "团组成员", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"country", "国家(地区)", V_STRING, VF_REQUIRED, 2, 2, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const char *const before_departure[] = {"draft", "submitted", "county_reviewed", "preliminary_approved",
					       "approved", NULL};

bool visa_still_matters(const char *trip_status)
{
	const char *const *s;

	for (s = before_departure; trip_status && *s; s++)
		if (strcmp(*s, trip_status) == 0)
			return true;
	return false;
}

static int check_trip(struct db *db, const struct actor *who, json_t *body, struct op_error *err)
{
	int64_t trip_id = json_integer_value(json_object_get(body, "delegation_id")), n = 0;
	json_t *trip;
	bool open;
	int rc;

	trip = db_fetch_one(db, "SELECT unit_id, status FROM delegations WHERE id = ?", trip_id, &rc);
	if (!trip)
		return rc == DB_DONE ? op_invalid(err, "delegation_id", "no such trip", "团组不存在") : op_fail_db(err, rc);
	open = visa_still_matters(state_str(trip, "status"));
	rc = op_require_unit(db, who, json_integer_value(json_object_get(trip, "unit_id")), "delegation_id",
			     "this trip belongs to another unit", "该团组属于其他单位,无权访问", err);
	json_decref(trip);
	if (rc)
		return rc;
	if (!open)
		return op_fail(err, 409, "invalid_transition", "delegation_id",
			       "visas are recorded for a trip that has not departed", "只能为尚未出发的团组登记签证");
	rc = db_query_int(db, &n, "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ? AND person_id = ?", "ii",
			  trip_id, (int64_t)json_integer_value(json_object_get(body, "person_id")));
	if (rc == DB_OK && !n)
		return op_invalid(err, "person_id", "not a member of this trip", "该人员不是本团组成员");
	if (rc == DB_OK)
		rc = db_query_int(db, &n,
				  "SELECT COUNT(*) FROM delegation_destinations WHERE delegation_id = ? AND country = ?"
				  " AND transit = 0",
				  "it", trip_id, state_str(body, "country"));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (!n)
		return op_invalid(err, "country", "not a destination of this trip", "该国家(地区)不是本团组的出访目的地");
	return 0;
}

int visa_create_in(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	static const char *const columns[] = {"delegation_id", "person_id", "country", "kind", NULL};
	json_t *values = NULL;
	int64_t id = 0, dup = 0;
	int status = validate_fields(body, create_fields, false, err), rc;

	*out = NULL;
	if (!status)
		status = check_trip(db, who, body, err);
	if (status)
		return status;
	rc = db_query_int(db, &dup, "SELECT COUNT(*) FROM visas WHERE delegation_id = ? AND person_id = ? AND country = ?",
			  "iit", (int64_t)json_integer_value(json_object_get(body, "delegation_id")),
			  (int64_t)json_integer_value(json_object_get(body, "person_id")), state_str(body, "country"));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (dup)
		return op_fail(err, 409, "duplicate", "country", "this member's visa for this destination is recorded",
			       "该成员在该目的地的签证已登记");
	values = json_deep_copy(body);
	if (!values)
		return op_fail_db(err, DB_ERR);
	json_object_set_new(values, "kind", json_string(kind_of(state_str(body, "country"))));
	rc = store_insert(db, "visas", columns, values, &id);
	json_decref(values);
	if (rc == DB_OK)
		*out = visa_load(db, id, &rc);
	if (rc == DB_OK)
		rc = op_audit(db, who, "create", "visa", id, NULL, *out);
	if (rc == DB_OK)
		return 0;
	json_decref(*out);
	*out = NULL;
	return op_fail_db(err, rc);
}

int visa_create(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	int rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return op_finish_out(db, visa_create_in(db, who, body, out, err), DB_OK, out, err);
}

/* ---- moves ---- */

static const char *arg(const struct state_op *op, const char *key)
{
	return state_str(op->args, key);
}

static int check_date(struct state_op *op, const char *since_field)
{
	const char *since = state_str(op->current, since_field);
	char today[DATE_LEN];

	date_today(today);
	if (since && strcmp(arg(op, "date"), since) < 0)
		return op_invalid(op->err, "date", "the date comes before the submission", "日期不能早于递交日期");
	if (strcmp(arg(op, "date"), today) > 0)
		return op_invalid(op->err, "date", "the date is in the future", "日期不能晚于今天");
	return 0;
}

static int cas_done(int rc)
{
	return rc == DB_DONE ? RECORD_CONFLICT : rc;
}

static const struct vfield submit_fields[] = {
	{"date", "递交日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"submitted_to", "递交使领馆", V_STRING, VF_REQUIRED, 2, 100, NULL},
	{"visa_type", "签证种类", V_STRING, VF_NULLABLE, 1, 50, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_submit(struct state_op *op)
{
	return check_date(op, NULL);
}

/* A refused visa submitted again starts afresh: the earlier decision is cleared. */
static int apply_submit(struct state_op *op)
{
	char now[32];
	int64_t changed = 0;

	util_now_rfc3339(now, sizeof(now));
	return cas_done(db_query_int(op->db, &changed,
				     "UPDATE visas SET status = 'submitted', submitted_on = ?, submitted_to = ?, visa_type = ?,"
				     " decided_on = NULL, refuse_reason = NULL, updated_at = ? WHERE id = ? AND status = ?"
				     " RETURNING id",
				     "ttttit", arg(op, "date"), arg(op, "submitted_to"), arg(op, "visa_type"), now, op->id,
				     state_str(op->current, "status")));
}

static const struct vfield grant_fields[] = {
	{"date", "获签日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"visa_type", "签证种类", V_STRING, VF_REQUIRED, 1, 50, NULL},
	{"valid_from", "有效期起", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"valid_until", "有效期止", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"entries", "入境次数", V_ENUM, VF_REQUIRED, 0, 0, entries},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_grant(struct state_op *op)
{
	if (strcmp(arg(op, "valid_until"), arg(op, "valid_from")) < 0)
		return op_invalid(op->err, "valid_until", "the validity ends before it starts", "有效期止不能早于有效期起");
	return check_date(op, "submitted_on");
}

static int apply_grant(struct state_op *op)
{
	char now[32];
	int64_t changed = 0;

	util_now_rfc3339(now, sizeof(now));
	return cas_done(db_query_int(op->db, &changed,
				     "UPDATE visas SET status = 'granted', decided_on = ?, visa_type = ?, valid_from = ?,"
				     " valid_until = ?, entries = ?, updated_at = ? WHERE id = ? AND status = 'submitted'"
				     " RETURNING id",
				     "tttttti", arg(op, "date"), arg(op, "visa_type"),
				     arg(op, "valid_from"), arg(op, "valid_until"), arg(op, "entries"), now, op->id));
}

static const struct vfield refuse_fields[] = {
	{"date", "拒签日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"reason", "原因", V_STRING, VF_NULLABLE, 0, 500, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_refuse(struct state_op *op)
{
	return check_date(op, "submitted_on");
}

static int apply_refuse(struct state_op *op)
{
	char now[32];
	int64_t changed = 0;

	util_now_rfc3339(now, sizeof(now));
	return cas_done(db_query_int(op->db, &changed,
				     "UPDATE visas SET status = 'refused', decided_on = ?, refuse_reason = ?, updated_at = ?"
				     " WHERE id = ? AND status = 'submitted' RETURNING id",
				     "ttti", arg(op, "date"), arg(op, "reason"), now, op->id));
}

static const char *const resubmittable[] = {"to_apply", "refused", NULL};
static const char *const from_submitted[] = {"submitted", NULL};

static const struct state_move moves[VISA_MOVE_COUNT] = {
	[VISA_SUBMIT] = {"submit", "递交签证申请", resubmittable, submit_fields, check_submit, apply_submit},
	[VISA_GRANT] = {"grant", "登记获签", from_submitted, grant_fields, check_grant, apply_grant},
	[VISA_REFUSE] = {"refuse", "登记拒签", from_submitted, refuse_fields, check_refuse, apply_refuse},
};

int visa_act_in(struct db *db, const struct actor *who, int64_t id, enum visa_move move, json_t *args,
		int64_t expected_version, json_t **out, struct op_error *err)
{
	*out = NULL;
	if ((unsigned)move >= VISA_MOVE_COUNT)
		return op_not_found(err);
	return state_move_in(db, who, &visa_record, &moves[move], id, args, expected_version, NULL, out, err);
}

int visa_act(struct db *db, const struct actor *who, int64_t id, enum visa_move move, json_t *args,
	     int64_t expected_version, json_t **out, struct op_error *err)
{
	*out = NULL;
	if ((unsigned)move >= VISA_MOVE_COUNT)
		return op_not_found(err);
	return state_move(db, who, &visa_record, &moves[move], id, args, expected_version, NULL, out, err);
}

/* ---- the grid ---- */

int visa_grid(struct db *db, int64_t trip_id, json_t **out)
{
	json_t *members = NULL, *dests = NULL, *visas = NULL, *cells = json_array(), *m, *d, *v;
	size_t i, j, k;
	int rc;

	*out = NULL;
	members = db_fetch_all(db,
			       "SELECT m.person_id, p.name FROM delegation_members m JOIN persons p ON p.id = m.person_id"
			       " WHERE m.delegation_id = ? ORDER BY m.is_leader DESC, m.id",
			       trip_id, &rc);
	if (members)
		dests = db_fetch_all(db,
				     "SELECT x.country, MIN(x.position) AS position, r.requirement FROM delegation_destinations x"
				     " LEFT JOIN visa_requirements r ON r.country = x.country"
				     " WHERE x.delegation_id = ? AND x.transit = 0 GROUP BY x.country, r.requirement ORDER BY 2",
				     trip_id, &rc);
	if (dests)
		visas = db_fetch_all(db, VISA_SELECT " WHERE v.delegation_id = ? ORDER BY v.id", trip_id, &rc);
	if (!visas) {
		json_decref(members);
		json_decref(dests);
		json_decref(cells);
		return rc;
	}
	json_array_foreach(dests, j, d) {
		json_object_set_new(d, "country_name", json_string(name_of(state_str(d, "country"))));
		json_object_set_new(d, "kind", json_string(kind_of(state_str(d, "country"))));
		json_object_del(d, "position");
	}
	json_array_foreach(members, i, m)
		json_array_foreach(dests, j, d) {
			json_t *found = NULL;

			json_array_foreach(visas, k, v)
				if (json_integer_value(json_object_get(v, "person_id")) ==
					    json_integer_value(json_object_get(m, "person_id")) &&
				    strcmp(state_str(v, "country"), state_str(d, "country")) == 0)
					found = v;
			if (found)
				json_object_set_new(found, "country_name", json_string(name_of(state_str(found, "country"))));
			json_array_append_new(cells, json_pack("{s:O, s:O, s:O}", "person_id", json_object_get(m, "person_id"),
							       "country", json_object_get(d, "country"), "visa",
							       found ? found : json_null()));
		}
	*out = json_pack("{s:o, s:o, s:o}", "members", members, "destinations", dests, "cells", cells);
	json_decref(visas);
	return DB_OK;
}

/* ---- the departure gate and the checks ---- */

/* Members without a granted visa for a destination that requires one: name, country, status or NULL. */
#define VISA_LACKING                                                                                              \
	"SELECT p.name, x.country, v.status FROM delegation_members m JOIN persons p ON p.id = m.person_id"        \
	" JOIN (SELECT DISTINCT delegation_id, country FROM delegation_destinations WHERE transit = 0) x"          \
	"  ON x.delegation_id = m.delegation_id"                                                                  \
	" JOIN visa_requirements r ON r.country = x.country AND r.requirement = 'required'"                       \
	" LEFT JOIN visas v ON v.delegation_id = m.delegation_id AND v.person_id = m.person_id AND v.country = x.country" \
	" WHERE m.delegation_id = ? AND (v.status IS NULL OR v.status <> 'granted')"

static void describe(char *out, size_t len, const char *name, const char *country, const char *status)
{
	const char *what = strcmp(kind_of(country), "endorsement") == 0 ? "签注" : "签证";

	if (status && strcmp(status, "refused") == 0)
		snprintf(out, len, "%s的%s%s被拒", name, name_of(country), what);
	else
		snprintf(out, len, "%s尚未取得%s%s(%s)", name, name_of(country), what,
			 status ? status_zh(status) : "未登记");
}

int visa_departure_gate(struct db *db, int64_t trip_id, struct op_error *err)
{
	struct db_stmt *st = NULL;
	char zh[700] = "须办妥签证方可出发:", one[200];
	int n = 0, rc = db_prepare(db, VISA_LACKING " ORDER BY m.id, x.country", &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, trip_id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		describe(one, sizeof(one), db_column_text(st, 0), db_column_text(st, 1),
			 db_column_is_null(st, 2) ? NULL : db_column_text(st, 2));
		if (n++ < 5 && strlen(zh) + strlen(one) + 4 < sizeof(zh)) {
			strncat(zh, one, sizeof(zh) - strlen(zh) - 1);
			strncat(zh, ";", sizeof(zh) - strlen(zh) - 1);
		}
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return op_fail_db(err, rc);
	if (!n)
		return 0;
	return op_fail(err, 409, "visa_missing", NULL,
		       "a member has no granted visa for a destination that requires one", zh);
}

static void add_warning(json_t *items, const char *rule, const char *message)
{
	char full[600];

	snprintf(full, sizeof(full), "%s(依据:本办设置·签证要求)", message);
	json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:i}", "rule", rule, "severity", "warning", "message",
					       full, "source", "本办设置·签证要求", "rule_id", 0));
}

int visa_check_items(struct db *db, int64_t trip_id, json_t *items)
{
	struct db_stmt *st = NULL;
	char msg[300];
	int rc = db_prepare(db,
			    "SELECT DISTINCT x.country FROM delegation_destinations x"
			    " LEFT JOIN visa_requirements r ON r.country = x.country"
			    " WHERE x.delegation_id = ? AND x.transit = 0 AND r.id IS NULL ORDER BY x.country",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, trip_id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		snprintf(msg, sizeof(msg), "签证要求未设置:%s(%s),请管理员设置该国家(地区)的签证要求", name_of(db_column_text(st, 0)),
			 db_column_text(st, 0));
		add_warning(items, "visa_requirement", msg);
		rc = DB_OK;
	}
	db_finalize(st);
	st = NULL;
	if (rc == DB_DONE)
		rc = db_prepare(db, VISA_LACKING " AND v.status = 'refused' ORDER BY m.id, x.country", &st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, trip_id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		describe(msg, sizeof(msg), db_column_text(st, 0), db_column_text(st, 1), "refused");
		add_warning(items, "visa_refused", msg);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}
