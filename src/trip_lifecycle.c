/*
 * trip_lifecycle.c - the trip lifecycle as one table and trip_act, the one
 * operation that applies it (see trip.h). Knows no HTTP: the handlers in
 * lifecycle.c, the command line and the demo call trip_act.
 *
 * Every action follows one path: begin the write transaction, load the trip
 * as it is now, judge scope, role, version, state, body and the action's
 * gating checks, apply the change as a compare-and-set on the state found,
 * advance the version, audit before/after, commit.
 */
#include "trip.h"

#include "audit.h"
#include "checks.h"
#include "country.h"
#include "dates.h"
#include "delegation.h"
#include "util.h"
#include "validate.h"
#include "visa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One action on one trip while it is being judged and applied. */
struct trip_op {
	struct db *db;
	const struct actor *who;
	int64_t id;
	json_t *args;  /* the action's body; never NULL */
	json_t *trip;  /* the trip as it is inside the transaction */
	struct policy p;
	struct op_error *err;
};

/* Gating checks beyond state and body: 0 or the status of the error put in op->err. */
typedef int (*trip_check_fn)(struct trip_op *op);
/* The change itself: DB_OK, a DB_* failure, or TRIP_MOVED. */
typedef int (*trip_apply_fn)(struct trip_op *op);

#define TRIP_MOVED RECORD_CONFLICT /* a compare-and-set matched no row */

struct trip_action_def {
	const char *name;
	const char *name_zh; /* for "cannot <action>" messages */
	const char *const *from; /* allowed states, NULL terminated */
	int roles;
	const struct vfield *fields;
	trip_check_fn check;
	trip_apply_fn apply;
};

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *arg(const struct trip_op *op, const char *key)
{
	return str(op->args, key);
}

static int refuse(struct trip_op *op, const char *code, const char *en, const char *zh)
{
	return op_fail(op->err, 409, code, NULL, en, zh);
}

/*
 * UPDATE delegations SET <assignments>, updated_at = now WHERE id = ? AND
 * status = <the state found>: the compare-and-set of every change. `types`
 * and a1, a2 bind the assignments; TRIP_MOVED when no row matched.
 */
static int set_fields(struct trip_op *op, const char *assignments, const char *types, const char *a1, const char *a2)
{
	char sql[512], now[32], full_types[8];
	int64_t changed = 0;
	int rc;

	util_now_rfc3339(now, sizeof(now));
	snprintf(sql, sizeof(sql), "UPDATE delegations SET %s, updated_at = ? WHERE id = ? AND status = ? RETURNING id",
		 assignments);
	snprintf(full_types, sizeof(full_types), "%stit", types);
	if (strlen(types) == 0)
		rc = db_query_int(op->db, &changed, sql, full_types, now, op->id, str(op->trip, "status"));
	else if (strlen(types) == 1)
		rc = db_query_int(op->db, &changed, sql, full_types, a1, now, op->id, str(op->trip, "status"));
	else
		rc = db_query_int(op->db, &changed, sql, full_types, a1, a2, now, op->id, str(op->trip, "status"));
	return rc == DB_DONE ? TRIP_MOVED : rc;
}

/* A date of the body may not be in the future. */
static int not_future(struct trip_op *op, const char *field)
{
	char today[DATE_LEN];

	date_today(today);
	if (strcmp(arg(op, field), today) > 0)
		return op_invalid(op->err, field, "the date is in the future", "日期不能晚于今天");
	return 0;
}

static int db_failed(struct trip_op *op, int rc)
{
	return op_fail_db(op->err, rc);
}

/* ---- submit ---- */

static int check_submit(struct trip_op *op)
{
	char msg[256], en[320];
	bool blocked = false;
	int rc = checks_unit_blocked(op->db, json_integer_value(json_object_get(op->trip, "unit_id")), &op->p, &blocked,
				     msg, sizeof(msg));

	if (rc != DB_OK)
		return db_failed(op, rc);
	if (!blocked)
		return 0;
	snprintf(en, sizeof(en), "the unit has passports or post-trip reports overdue by more than %lld days",
		 (long long)op->p.block_unit_overdue_days);
	return refuse(op, "unit_blocked", en, msg);
}

static int apply_submit(struct trip_op *op)
{
	char today[DATE_LEN];

	date_today(today);
	return set_fields(op, "status = 'submitted', submitted_on = ?", "t", today, NULL);
}

/* ---- county review (县级初审) and the city office's preliminary review ---- */

static const char *const decisions[] = {"approve", "return", NULL};
static const struct vfield preliminary_fields[] = {
	{"decision", "初审意见", V_ENUM, VF_REQUIRED, 0, 0, decisions},
	{"comment", "说明", V_STRING, VF_NULLABLE, 0, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Whether the trip's unit is under a county: loaded with the trip inside this transaction (UNITS_UNDER_COUNTY_SQL). */
static bool under_county(const struct trip_op *op)
{
	return json_is_true(json_object_get(op->trip, "is_under_county"));
}

static int check_decision(struct trip_op *op)
{
	const char *comment = arg(op, "comment");

	if (strcmp(arg(op, "decision"), "return") == 0 && (!comment || !*comment))
		return op_invalid(op->err, "comment", "say why the trip goes back", "退回修改须说明理由");
	return 0;
}

static int check_county_review(struct trip_op *op)
{
	if (!under_county(op))
		return refuse(op, "county_review_not_needed",
			      "the trip's unit is under no county: the city office reviews it directly",
			      "该团组的申报单位不属于任何县(区),无需县级初审,由市外办直接初审");
	return check_decision(op);
}

static int apply_county_review(struct trip_op *op)
{
	char today[DATE_LEN];

	if (strcmp(arg(op, "decision"), "return") == 0)
		return set_fields(op, "status = 'draft', county_comment = ?", "t", arg(op, "comment"), NULL);
	date_today(today);
	return set_fields(op, "status = 'county_reviewed', county_comment = ?, county_reviewed_on = ?", "tt",
			  arg(op, "comment"), today);
}

static int check_preliminary(struct trip_op *op)
{
	if (strcmp(str(op->trip, "status"), "submitted") == 0 && under_county(op))
		return refuse(op, "county_review_required", "the county office reviews this trip first (county review)",
			      "该团组的申报单位属于县(区),须先经县(区)外事办县级初审");
	return check_decision(op);
}

static int apply_preliminary(struct trip_op *op)
{
	if (strcmp(arg(op, "decision"), "return") == 0)
		return set_fields(op, "status = 'draft', preliminary_comment = ?", "t", arg(op, "comment"), NULL);
	return set_fields(op, "status = 'preliminary_approved', preliminary_comment = ?", "t", arg(op, "comment"), NULL);
}

/* ---- publicity ---- */

static const struct vfield publicity_fields[] = {
	{"start_date", "公示开始日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_publicity(struct trip_op *op)
{
	return not_future(op, "start_date");
}

static int apply_publicity(struct trip_op *op)
{
	return set_fields(op, "publicity_start = ?", "t", arg(op, "start_date"), NULL);
}

/* ---- approval without joint review, and the director's override ---- */

static const struct vfield approve_fields[] = {
	{"date", "批准日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Refuse approval while a check blocks and no director has overridden. */
static int refuse_if_blocked(struct trip_op *op, const char *as_of)
{
	char zh[600] = "存在阻止审批的政策检查,须主任书面说明理由后批准:";
	json_t *items = NULL, *c;
	bool blocked = false;
	size_t i;
	int rc;

	if (json_is_string(json_object_get(op->trip, "override_reason")))
		return 0;
	rc = checks_run(op->db, op->id, &op->p, as_of, &items, &blocked);
	if (rc != DB_OK)
		return db_failed(op, rc);
	json_array_foreach(items, i, c)
		if (strcmp(str(c, "severity"), "block") == 0 && strlen(zh) + strlen(str(c, "message")) + 4 < sizeof(zh)) {
			strncat(zh, str(c, "message"), sizeof(zh) - strlen(zh) - 1);
			strncat(zh, ";", sizeof(zh) - strlen(zh) - 1);
		}
	json_decref(items);
	if (blocked)
		return refuse(op, "policy_block", "a policy check blocks approval; a director may override it with a reason", zh);
	return 0;
}

static int check_approve(struct trip_op *op)
{
	if (op->p.joint_review_required)
		return refuse(op, "joint_review_required", "approval comes from the joint review vote",
			      "已开启会审制度,团组须经会审投票批准");
	return refuse_if_blocked(op, arg(op, "date"));
}

static int apply_approve(struct trip_op *op)
{
	return delegation_db_approve(op->db, op->id, arg(op, "date"), &op->p);
}

static const struct vfield override_fields[] = {
	{"reason", "理由", V_STRING, VF_REQUIRED, 2, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The date of the trip's last vote when that vote passed but a block held the trip; "" otherwise. */
static int blocked_vote_date(struct trip_op *op, char date[DATE_LEN])
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(op->db,
			    "SELECT s.meeting_date, i.outcome FROM review_items i JOIN review_sessions s ON s.id = i.session_id"
			    " WHERE i.delegation_id = ? ORDER BY i.id DESC LIMIT 1",
			    &st);

	date[0] = '\0';
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, op->id);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		if (!db_column_is_null(st, 1) && strcmp(db_column_text(st, 1), "blocked") == 0)
			snprintf(date, DATE_LEN, "%s", db_column_text(st, 0));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Recorded on a trip waiting for review; a trip that passed its vote but was held by a block is approved now. */
static int apply_override(struct trip_op *op)
{
	char vote_date[DATE_LEN];
	int rc = db_execf(op->db, "UPDATE delegations SET override_reason = ?, override_by = ? WHERE id = ?", "tii",
			  arg(op, "reason"), op->who->id, op->id);

	if (rc == DB_OK)
		rc = blocked_vote_date(op, vote_date);
	if (rc == DB_OK && vote_date[0] && strcmp(str(op->trip, "status"), "preliminary_approved") == 0)
		rc = delegation_db_approve(op->db, op->id, vote_date, &op->p);
	return rc;
}

/* ---- before departure: briefing, reminder card, commitments ---- */

static const struct vfield briefing_fields[] = {
	{"date", "行前教育日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"reminder_card", "友情提示卡", V_BOOL, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int apply_briefing(struct trip_op *op)
{
	return set_fields(op,
			  json_is_true(json_object_get(op->args, "reminder_card")) ? "briefing_date = ?, is_reminder_card = 1"
										  : "briefing_date = ?, is_reminder_card = 0",
			  "t", arg(op, "date"), NULL);
}

static const struct vfield commitment_fields[] = {
	{"person_id", "成员", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"date", "签署日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int64_t arg_person(const struct trip_op *op)
{
	return json_integer_value(json_object_get(op->args, "person_id"));
}

static int check_commitment(struct trip_op *op)
{
	int64_t n = 0;
	int rc = db_query_int(op->db, &n, "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ? AND person_id = ?",
			      "ii", op->id, arg_person(op));

	if (rc != DB_OK)
		return db_failed(op, rc);
	return n ? 0 : op_invalid(op->err, "person_id", "not a member of this trip", "该人员不是本团组成员");
}

static int apply_commitment(struct trip_op *op)
{
	return db_execf(op->db, "UPDATE delegation_members SET commitment_date = ? WHERE delegation_id = ? AND person_id = ?",
			"tii", arg(op, "date"), op->id, arg_person(op));
}

/* ---- depart and return ---- */

static const struct vfield date_fields[] = {
	{"date", "日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_depart(struct trip_op *op)
{
	int64_t unsigned_members = 0;
	int rc;

	if (!json_is_string(json_object_get(op->trip, "briefing_date")) ||
	    !json_is_true(json_object_get(op->trip, "is_reminder_card")))
		return refuse(op, "briefing_missing", "the pre-trip briefing and reminder card are not recorded",
			      "尚未进行行前教育或发放友情提示卡");
	rc = db_query_int(op->db, &unsigned_members,
			  "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ? AND commitment_date IS NULL", "i",
			  op->id);
	if (rc != DB_OK)
		return db_failed(op, rc);
	if (unsigned_members)
		return refuse(op, "commitment_missing", "a member has not signed the commitment", "尚有团组成员未签署承诺书");
	/* the visa gate: every member holds a granted visa for each destination that requires one */
	rc = visa_departure_gate(op->db, op->id, op->err);
	if (rc)
		return rc;
	return not_future(op, "date");
}

static int apply_depart(struct trip_op *op)
{
	return set_fields(op, "status = 'departed', actual_depart = ?", "t", arg(op, "date"), NULL);
}

static const struct vfield return_fields[] = {
	{"date", "回国日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"countries_visited", "实际到访国家(地区)", V_ARRAY, VF_REQUIRED, 1, 20, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_return(struct trip_op *op)
{
	const char *departed;
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(op->args, "countries_visited"), i, c)
		if (!json_is_string(c) || !country_valid(json_string_value(c)))
			return op_invalid(op->err, "countries_visited", "unknown country or region (ISO 3166 code)",
					  "国家(地区)代码无效(ISO 3166 代码)");
		else if (country_is_china(json_string_value(c)))
			return op_invalid(op->err, "countries_visited", "China itself is not a country visited abroad",
					  "实际到访国家(地区)不能是中国(赴港澳台请填中国香港、中国澳门或中国台湾)");
	departed = str(op->trip, "actual_depart");
	if (departed && strcmp(arg(op, "date"), departed) < 0)
		return op_invalid(op->err, "date", "the return comes after the departure", "回国日期不能早于出发日期");
	return not_future(op, "date");
}

static int record_violation(struct trip_op *op, const char *kind, const char *detail)
{
	return db_execf(op->db, "INSERT INTO delegation_violations (delegation_id, kind, detail, found_on) VALUES (?, ?, ?, ?)",
			"ittt", op->id, kind, detail, arg(op, "date"));
}

/* Overstay: more days abroad than approved. Detour: a country not in the itinerary. */
static int find_violations(struct trip_op *op)
{
	int64_t approved = date_span_days(str(op->trip, "depart_date"), str(op->trip, "return_date"));
	int64_t actual = date_span_days(str(op->trip, "actual_depart"), arg(op, "date")), planned = 0;
	char detail[256];
	json_t *c;
	size_t i;
	int rc = DB_OK;

	if (actual > approved) {
		snprintf(detail, sizeof(detail), "超时:批准在外%lld天,实际在外%lld天", (long long)approved, (long long)actual);
		rc = record_violation(op, "overstay", detail);
	}
	json_array_foreach(json_object_get(op->args, "countries_visited"), i, c) {
		if (rc != DB_OK)
			break;
		rc = db_query_int(op->db, &planned,
				  "SELECT COUNT(*) FROM delegation_destinations WHERE delegation_id = ? AND country = ?", "it",
				  op->id, json_string_value(c));
		if (rc == DB_OK && !planned) {
			snprintf(detail, sizeof(detail), "绕道:到访未经批准的国家(地区)%s(%s)",
				 country_name_zh(json_string_value(c)), json_string_value(c));
			rc = record_violation(op, "detour", detail);
		}
	}
	return rc;
}

static int apply_return(struct trip_op *op)
{
	char *visited = json_dumps(json_object_get(op->args, "countries_visited"), JSON_COMPACT);
	int rc;

	if (!visited)
		return DB_ERR;
	rc = set_fields(op, "status = 'returned', actual_return = ?, countries_visited_json = ?", "tt", arg(op, "date"),
			visited);
	free(visited);
	return rc == DB_OK ? find_violations(op) : rc;
}

/* ---- report and close ---- */

static const struct vfield report_fields[] = {
	{"date", "提交日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"summary", "出访总结", V_STRING, VF_REQUIRED, 10, 20000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_report(struct trip_op *op)
{
	const char *returned = str(op->trip, "actual_return");

	if (returned && strcmp(arg(op, "date"), returned) < 0)
		return op_invalid(op->err, "date", "the report comes after the return", "出访总结日期不能早于回国日期");
	return not_future(op, "date");
}

static int apply_report(struct trip_op *op)
{
	return set_fields(op, "report_date = ?, report_summary = ?", "tt", arg(op, "date"), arg(op, "summary"));
}

static int check_close(struct trip_op *op)
{
	int64_t out = 0;
	int rc;

	if (!json_is_string(json_object_get(op->trip, "report_date")))
		return refuse(op, "report_missing", "the post-trip report is missing", "尚未提交出访总结");
	rc = db_query_int(op->db, &out, "SELECT COUNT(*) FROM passports WHERE delegation_id = ? AND status = 'issued'", "i",
			  op->id);
	if (rc != DB_OK)
		return db_failed(op, rc);
	if (out)
		return refuse(op, "passport_outstanding", "an issued passport has not come back", "尚有护照未缴回");
	return 0;
}

static int apply_close(struct trip_op *op)
{
	char today[DATE_LEN];

	date_today(today);
	return set_fields(op, "status = 'closed', closed_on = ?", "t", today, NULL);
}

/* ---- cancel ---- */

static const struct vfield cancel_fields[] = {
	{"reason", "取消原因", V_STRING, VF_REQUIRED, 2, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Issued passports become due at once: their due date derives from cancelled_on. */
static int apply_cancel(struct trip_op *op)
{
	char today[DATE_LEN];

	date_today(today);
	return set_fields(op, "status = 'cancelled', cancel_reason = ?, cancelled_on = ?", "tt", arg(op, "reason"), today);
}

/* ---- the lifecycle table ---- */

static const char *const from_draft[] = {"draft", NULL};
static const char *const from_submitted[] = {"submitted", NULL};
static const char *const preliminary_from[] = {"submitted", "county_reviewed", NULL};
static const char *const before_approval[] = {"draft", "submitted", "county_reviewed", "preliminary_approved", NULL};
static const char *const from_preliminary[] = {"preliminary_approved", NULL};
static const char *const overridable[] = {"submitted", "county_reviewed", "preliminary_approved", NULL};
static const char *const from_approved[] = {"approved", NULL};
static const char *const from_departed[] = {"departed", NULL};
static const char *const from_returned[] = {"returned", NULL};
static const char *const cancellable[] = {"draft", "submitted", "county_reviewed", "preliminary_approved", "approved", NULL};

static const struct trip_action_def lifecycle[TRIP_ACTION_COUNT] = {
	[TRIP_SUBMIT] = {"submit", "申报", from_draft, TRIP_ROLES_APPLICANTS, NULL, check_submit, apply_submit},
	[TRIP_COUNTY_REVIEW] = {"county_review", "县级初审", from_submitted, TRIP_ROLES_COUNTY, preliminary_fields,
				check_county_review, apply_county_review},
	[TRIP_PRELIMINARY] = {"preliminary", "初审", preliminary_from, TRIP_ROLES_OFFICE, preliminary_fields,
			      check_preliminary, apply_preliminary},
	[TRIP_PUBLICITY] = {"publicity", "登记公示", before_approval, TRIP_ROLES_APPLICANTS, publicity_fields,
			    check_publicity, apply_publicity},
	[TRIP_APPROVE] = {"approve", "批准", from_preliminary, TRIP_ROLES_DIRECTOR, approve_fields, check_approve,
			  apply_approve},
	[TRIP_OVERRIDE] = {"override", "主任特批", overridable, TRIP_ROLES_DIRECTOR, override_fields, NULL, apply_override},
	[TRIP_BRIEFING] = {"briefing", "登记行前教育", from_approved, TRIP_ROLES_OFFICE, briefing_fields, NULL,
			   apply_briefing},
	[TRIP_COMMITMENT] = {"commitment", "登记承诺书", from_approved, TRIP_ROLES_OFFICE, commitment_fields,
			     check_commitment, apply_commitment},
	[TRIP_DEPART] = {"depart", "登记出发", from_approved, TRIP_ROLES_OFFICE, date_fields, check_depart, apply_depart},
	[TRIP_RETURN] = {"return", "登记回国", from_departed, TRIP_ROLES_OFFICE, return_fields, check_return, apply_return},
	[TRIP_REPORT] = {"report", "提交出访总结", from_returned, TRIP_ROLES_APPLICANTS, report_fields, check_report,
			 apply_report},
	[TRIP_CLOSE] = {"close", "办结", from_returned, TRIP_ROLES_OFFICE, NULL, check_close, apply_close},
	[TRIP_CANCEL] = {"cancel", "撤销", cancellable, TRIP_ROLES_CANCELLERS, cancel_fields, NULL, apply_cancel},
};

const char *trip_action_name(enum trip_action action)
{
	return (unsigned)action < TRIP_ACTION_COUNT ? lifecycle[action].name : NULL;
}

/* The county step applies to a trip under a county, the city's review of a submitted trip to any other. */
static bool step_applies(int action, const char *state, json_t *trip)
{
	bool under = json_is_true(json_object_get(trip, "is_under_county"));

	if (action == TRIP_COUNTY_REVIEW)
		return under;
	if (action == TRIP_PRELIMINARY && strcmp(state, "submitted") == 0)
		return !under;
	return true;
}

void trip_add_allowed_actions(const struct actor *who, json_t *trip)
{
	json_t *names = json_array();
	const char *state = str(trip, "status");
	int i;

	for (i = 0; i < TRIP_ACTION_COUNT; i++)
		if ((lifecycle[i].roles & who->role) && util_in_list(state, lifecycle[i].from) && step_applies(i, state, trip))
			json_array_append_new(names, json_string(lifecycle[i].name));
	json_object_set_new(trip, "allowed_actions", names);
}

/* ---- trip_act ---- */

/* Inside the transaction: the trip as it is now, visible to the actor, at the expected version, in an allowed state. */
static int judge(struct trip_op *op, const struct trip_action_def *a, int64_t expected_version)
{
	const char *state;
	char en[200], zh[200];
	bool sees = false;
	int rc;

	op->trip = delegation_detail(op->db, op->id, &rc);
	if (!op->trip)
		return rc == DB_DONE ? op_not_found(op->err) : db_failed(op, rc);
	rc = actor_sees_unit(op->db, op->who, json_integer_value(json_object_get(op->trip, "unit_id")), &sees);
	if (rc != DB_OK)
		return db_failed(op, rc);
	if (!sees)
		return op_fail(op->err, 403, "forbidden", NULL, "this record belongs to another unit",
			       "该记录属于其他单位,无权访问");
	if (!(a->roles & op->who->role))
		return op_fail(op->err, 403, "forbidden", NULL, "your role or unit may not do this",
			       "您的角色或所属单位无权执行此操作");
	if (expected_version && expected_version != json_integer_value(json_object_get(op->trip, "version")))
		return op_stale(op->err, json_integer_value(json_object_get(op->trip, "version")));
	state = str(op->trip, "status");
	if (!util_in_list(state, a->from)) {
		snprintf(en, sizeof(en), "'%s' is not allowed while the trip is %s", a->name, state);
		snprintf(zh, sizeof(zh), "团组当前状态为「%s」,不能%s", delegation_status_zh(state), a->name_zh);
		return op_fail(op->err, 409, "invalid_transition", NULL, en, zh);
	}
	if (a->fields && (rc = validate_fields(op->args, a->fields, false, op->err)) != 0)
		return rc;
	return a->check ? a->check(op) : 0;
}

/* After the change: the version advanced (compare-and-set), the trip reloaded and the audit entry written. */
static int record(struct trip_op *op, const struct trip_action_def *a, json_t **after)
{
	struct audit_actor who = {op->who->id, op->who->username, op->who->client_ip};
	int rc = record_advance_version(op->db, "delegations", op->id, json_integer_value(json_object_get(op->trip, "version")));

	if (rc == DB_OK)
		*after = delegation_detail(op->db, op->id, &rc);
	if (rc == DB_OK)
		rc = audit_write(op->db, &who, a->name, "delegation", op->id, op->trip, *after);
	return rc;
}

int trip_act(struct db *db, const struct actor *who, int64_t id, enum trip_action action, json_t *args,
	     int64_t expected_version, json_t **out, struct op_error *err)
{
	struct trip_op op = {db, who, id, NULL, NULL, {0}, err};
	const struct trip_action_def *a;
	json_t *after = NULL;
	int status = 0, rc;

	*out = NULL;
	if ((unsigned)action >= TRIP_ACTION_COUNT)
		return op_not_found(err);
	a = &lifecycle[action];
	op.args = args && json_is_object(args) ? json_incref(args) : json_object();
	rc = policy_load(db, &op.p);
	if (rc == DB_OK)
		rc = db_begin(db);
	if (rc != DB_OK) {
		json_decref(op.args);
		return db_failed(&op, rc);
	}
	status = judge(&op, a, expected_version);
	if (!status) {
		rc = a->apply(&op);
		if (rc == DB_OK)
			rc = record(&op, a, &after);
		if (rc == DB_OK)
			rc = db_commit(db);
		if (rc == TRIP_MOVED)
			status = refuse(&op, "conflict", "the trip changed while the action was applied; reload it",
					"该团组在操作过程中已被他人修改,请刷新后重试");
		else if (rc != DB_OK)
			status = db_failed(&op, rc);
	}
	if (status) {
		db_rollback(db);
		json_decref(after);
		after = NULL;
	}
	json_decref(op.trip);
	json_decref(op.args);
	*out = after;
	return status;
}
