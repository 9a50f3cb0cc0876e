/*
 * trip_record.c - a past trip recorded (see trip_record.h): its fields
 * checked by the trip's own rules and the history's, numbered by the trip
 * module's one numbering, stored in the state it reached with its
 * itinerary and members, and audited once.
 */
#include "trip_record.h"

#include "audit.h"
#include "dates.h"
#include "delegation.h"
#include "policy.h"
#include "store.h"
#include "trip.h"
#include "trip_body.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const past_states[] = {"approved", "departed", "returned", "closed", NULL};

static const struct vfield history_fields[] = {
	{"approved_on", "批准日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"status", "状态", V_ENUM, 0, 0, 0, past_states},
	{"approval_no", "批件号", V_STRING, VF_NULLABLE, 1, 100, NULL},
	{"submitted_on", "申报日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"publicity_start", "公示开始日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"briefing_date", "行前教育日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"reminder_card", "提醒卡", V_BOOL, 0, 0, 0, NULL},
	{"report_date", "报告日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"closed_on", "办结日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"report_summary", "出访总结", V_STRING, VF_NULLABLE, 1, 4000, NULL},
	{"imported_persons", "人数", V_INT, 0, 1, 100000, NULL},
	{"imported_members", "成员", V_STRING, VF_NULLABLE, 0, 4000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const char *const trip_columns[] = {
	"code", "code_year", "code_seq", "unit_id", "title", "task", "category", "inviter", "inviter_type",
	"inviter_country", "budget_source", "depart_date", "return_date", "budget_fen", "official_days",
	"out_of_plan_reason", "status", "submitted_on", "publicity_start", "approved_on", "approval_year", "approval_seq",
	"approval_no", "briefing_date", "is_reminder_card", "actual_depart", "actual_return", "countries_visited_json", "report_date",
	"report_summary", "closed_on", "imported_persons", "imported_members", NULL};

static bool is_history_key(const char *key)
{
	const struct vfield *f;

	for (f = history_fields; f->name; f++)
		if (strcmp(f->name, key) == 0)
			return true;
	return false;
}

/* The fields parted into the trip's body and the history (either NULL when out of memory: check refuses it). */
static void split(json_t *fields, json_t **body, json_t **history)
{
	const char *key;
	json_t *v;

	*body = json_object();
	*history = json_object();
	if (!*body || !*history)
		return;
	json_object_foreach(fields, key, v)
		json_object_set(is_history_key(key) ? *history : *body, key, v);
}

static const char *text_of(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *state_of(json_t *history)
{
	const char *s = text_of(history, "status");

	return s ? s : "closed";
}

/* A date of the past: on or before today. */
static int not_future(const char *date, const char *today, const char *field, struct op_error *err)
{
	if (date && strcmp(date, today) > 0)
		return op_invalid(err, field, "a past trip's date lies on or before today", "历史团组的日期不能晚于今天");
	return 0;
}

static int check(struct db *db, const struct actor *who, json_t *body, json_t *history, struct op_error *err)
{
	const char *state = NULL;
	char today[DATE_LEN];
	int rc;

	if (!json_is_object(body) || !json_is_object(history))
		return op_fail(err, 500, "internal", NULL, "out of memory", "内存不足");
	rc = validate_fields(history, history_fields, false, err);
	if (!rc)
		rc = trip_body_check(db, who, body, NULL, true, err);
	if (rc)
		return rc;
	if (!json_array_size(json_object_get(body, "members")) && !json_object_get(history, "imported_persons"))
		return op_fail(err, 422, "required", "members", "give the members or their number (imported_persons)",
			       "须填写团组成员或人数");
	state = state_of(history);
	date_today(today);
	rc = not_future(text_of(history, "approved_on"), today, "approved_on", err);
	if (!rc && strcmp(state, "approved") != 0)
		rc = not_future(text_of(body, "depart_date"), today, "depart_date", err);
	if (!rc && (strcmp(state, "returned") == 0 || strcmp(state, "closed") == 0))
		rc = not_future(text_of(body, "return_date"), today, "return_date", err);
	return rc;
}

/* An unknown field is named by its key, which lived in the parted copies: name it by the caller's own. */
static void own_field(json_t *fields, struct op_error *err)
{
	void *it;

	if (!err->field || strcmp(err->code, "unknown_field") != 0)
		return; /* the other fields at fault are named from the static field tables */
	it = json_object_iter_at(fields, err->field);
	err->field = it ? json_object_iter_key(it) : NULL;
}

int trip_past_check(struct db *db, const struct actor *who, json_t *fields, struct op_error *err)
{
	json_t *body = NULL, *history = NULL;
	int rc;

	split(fields, &body, &history);
	rc = check(db, who, body, history, err);
	if (rc)
		own_field(fields, err);
	json_decref(body);
	json_decref(history);
	return rc;
}

/* The countries of the stops that were not transits, as JSON text. */
static json_t *countries_visited(json_t *body)
{
	json_t *list = json_array(), *d;
	char *text;
	size_t i;

	json_array_foreach(json_object_get(body, "destinations"), i, d)
		if (!json_is_true(json_object_get(d, "transit")))
			json_array_append(list, json_object_get(d, "country"));
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	if (!text)
		return NULL;
	list = json_string(text);
	free(text);
	return list;
}

/* The code (by the year of application) and the approval (by the year of approval), the one numbering. */
static int number(struct db *db, json_t *history, json_t *values)
{
	const char *approved = text_of(history, "approved_on"), *submitted = text_of(history, "submitted_on");
	int code_year = date_year(submitted ? submitted : approved), year = date_year(approved);
	int64_t code_seq = 0, approval_seq = 0;
	char code[16], approval_no[160];
	struct policy p;
	int rc = trip_next_seq(db, TRIP_SEQ_CODE, code_year, &code_seq);

	if (rc == DB_OK)
		rc = trip_next_seq(db, TRIP_SEQ_APPROVAL, year, &approval_seq);
	if (rc == DB_OK && !text_of(history, "approval_no")) {
		rc = policy_load(db, &p);
		if (rc == DB_OK) {
			policy_approval_no(&p, year, approval_seq, approval_no, sizeof(approval_no));
			json_object_set_new(values, "approval_no", json_string(approval_no));
		}
	}
	trip_code_format(code_year, code_seq, code);
	json_object_set_new(values, "code", json_string(code));
	json_object_set_new(values, "code_year", json_integer(code_year));
	json_object_set_new(values, "code_seq", json_integer(code_seq));
	json_object_set_new(values, "approval_year", json_integer(year));
	json_object_set_new(values, "approval_seq", json_integer(approval_seq));
	return rc;
}

/* The row: the body's columns, the history's, what the state implies, and the numbers. */
static json_t *row_of(json_t *body, json_t *history)
{
	json_t *values = store_values_from_body(body);
	const char *state = state_of(history), *key;
	bool departed = strcmp(state, "approved") != 0, back = departed && strcmp(state, "departed") != 0;
	json_t *v;

	if (!values)
		return NULL;
	json_object_foreach(history, key, v)
		json_object_set(values, key, v);
	json_object_set_new(values, "status", json_string(state));
	if (json_object_get(values, "reminder_card"))
		json_object_set_new(values, "is_reminder_card", json_integer(json_is_true(json_object_get(values, "reminder_card"))));
	/* a past year's sheet may not name the task or the inviter */
	if (!json_object_get(values, "task"))
		json_object_set_new(values, "task", json_string("(历史数据导入)"));
	if (!json_object_get(values, "inviter"))
		json_object_set_new(values, "inviter", json_string(""));
	if (departed)
		json_object_set(values, "actual_depart", json_object_get(body, "depart_date"));
	if (back) {
		json_object_set(values, "actual_return", json_object_get(body, "return_date"));
		json_object_set_new(values, "countries_visited_json", countries_visited(body));
	}
	if (strcmp(state, "closed") == 0 && !json_is_string(json_object_get(values, "closed_on")))
		json_object_set(values, "closed_on", json_object_get(body, "return_date"));
	return values;
}

static int write_one(struct db *db, json_t *body, json_t *history, int64_t *id)
{
	json_t *values = row_of(body, history);
	const char *signed_on = text_of(history, "briefing_date");
	int rc = values ? number(db, history, values) : DB_ERR;

	if (rc == DB_OK)
		rc = store_insert(db, "delegations", trip_columns, values, id);
	if (rc == DB_OK)
		rc = trip_body_write_children(db, *id, body);
	/* members who travelled signed their commitment (出国承诺书) by the briefing, or the approval */
	if (rc == DB_OK && strcmp(state_of(history), "approved") != 0)
		rc = db_execf(db, "UPDATE delegation_members SET commitment_date = ? WHERE delegation_id = ?", "ti",
			      signed_on ? signed_on : text_of(history, "approved_on"), *id);
	json_decref(values);
	return rc;
}

int trip_past_write(struct db *db, const struct actor *who, json_t *fields, int64_t *id_out, struct op_error *err)
{
	json_t *body = NULL, *history = NULL;
	int rc;

	*id_out = 0;
	split(fields, &body, &history);
	rc = check(db, who, body, history, err);
	if (rc)
		own_field(fields, err);
	else if ((rc = write_one(db, body, history, id_out)) != DB_OK)
		rc = op_fail_db(err, rc);
	json_decref(body);
	json_decref(history);
	return rc;
}

int trip_record_historical(struct db *db, const struct actor *who, json_t *fields, int64_t *id_out,
			   struct op_error *err)
{
	struct audit_actor by = {who->id, who->username, who->client_ip};
	json_t *after = NULL;
	int rc = db_begin(db), dbrc = DB_OK;

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	rc = trip_past_write(db, who, fields, id_out, err);
	if (!rc && !(after = delegation_detail(db, *id_out, &dbrc)))
		rc = op_fail_db(err, dbrc == DB_OK ? DB_ERR : dbrc);
	if (!rc && (dbrc = audit_write(db, &by, "record_historical", "delegation", *id_out, NULL, after)) != DB_OK)
		rc = op_fail_db(err, dbrc);
	if (!rc && (dbrc = db_commit(db)) != DB_OK)
		rc = op_fail_db(err, dbrc);
	if (rc) {
		db_rollback(db);
		*id_out = 0;
	}
	json_decref(after);
	return rc;
}
