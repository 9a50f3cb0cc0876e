/*
 * lifecycle.c - state changes of a trip (see lifecycle.h).
 *
 * Every action follows one path (run_action): load the trip (404/403),
 * check its state against the action's allowed states (409), validate the
 * body (422), run the action's own checks, then in one transaction apply
 * the change, reload and audit.
 */
#include "lifecycle.h"

#include "audit.h"
#include "checks.h"
#include "country.h"
#include "dates.h"
#include "delegation.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks beyond state and body, on the trip as it is inside the transaction: 0 or an error status put in res. */
typedef int (*action_check_fn)(struct request *req, struct response *res, json_t *trip, const struct policy *p);
/* The change itself, inside the transaction: DB_OK, a DB_* failure or RECORD_CONFLICT. */
typedef int (*action_apply_fn)(struct request *req, json_t *trip, const struct policy *p);

struct action {
	const char *name;
	const char *name_zh; /* for "cannot <action>" messages */
	const char *const *from; /* allowed states */
	const struct vfield *fields;
	action_check_fn check;
	action_apply_fn apply;
};

static const char *json_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static bool state_in(const char *state, const char *const *allowed)
{
	for (; state && *allowed; allowed++)
		if (strcmp(state, *allowed) == 0)
			return true;
	return false;
}

static int refuse_state(struct request *req, struct response *res, const struct action *a, const char *state)
{
	char en[200], zh[200];

	snprintf(en, sizeof(en), "'%s' is not allowed while the trip is %s", a->name, state);
	snprintf(zh, sizeof(zh), "团组当前状态为「%s」,不能%s", delegation_status_zh(state), a->name_zh);
	return http_error(req, res, 409, "invalid_transition", NULL, en, zh);
}

static int refuse(struct request *req, struct response *res, const char *code, const char *en, const char *zh)
{
	return http_error(req, res, 409, code, NULL, en, zh);
}

/* One action on one trip, carried through record_change. */
struct act {
	const struct action *a;
	const struct policy *p;
	json_t *trip; /* the trip as it is inside the transaction; borrowed */
};

/* Judged where it is applied: the state found, then the body, then the action's own checks. */
static int guard_action(struct request *req, struct response *res, json_t *trip, void *arg)
{
	struct act *x = arg;
	int rc;

	x->trip = trip;
	if (!state_in(json_str(trip, "status"), x->a->from))
		return refuse_state(req, res, x->a, json_str(trip, "status"));
	if (x->a->fields && (rc = validate_body(req, res, req->json, x->a->fields, false)) != 0)
		return rc;
	return x->a->check ? x->a->check(req, res, trip, x->p) : 0;
}

static int apply_action(struct request *req, void *arg)
{
	struct act *x = arg;

	return x->a->apply(req, x->trip, x->p);
}

/*
 * Every trip action: in one write transaction, load the trip as it is,
 * judge state, body and gating rules, apply the change as a compare-and-set
 * on the state found, audit before/after and commit (record_change).
 */
static int run_action(struct request *req, struct response *res, const struct action *a)
{
	struct policy p;
	struct act x = {a, &p, NULL};
	int rc = policy_load(req->db, &p);

	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	return record_change(req, res, &delegation_def, req->ids[0], a->name, guard_action, apply_action, &x);
}

/*
 * UPDATE delegations SET <assignments>, updated_at = now WHERE id = ? AND
 * status = <the state the guard found>: the compare-and-set of every state
 * change. types/args for the assignments; RECORD_CONFLICT when no row matched.
 */
static int set_fields(struct request *req, json_t *trip, const char *assignments, const char *types, const char *a1,
		      const char *a2)
{
	char sql[512], now[32], full_types[8];
	const char *state = json_str(trip, "status");
	int64_t changed = 0;
	int rc;

	util_now_rfc3339(now, sizeof(now));
	snprintf(sql, sizeof(sql), "UPDATE delegations SET %s, updated_at = ? WHERE id = ? AND status = ? RETURNING id",
		 assignments);
	snprintf(full_types, sizeof(full_types), "%stit", types);
	if (strlen(types) == 0)
		rc = db_query_int(req->db, &changed, sql, full_types, now, req->ids[0], state);
	else if (strlen(types) == 1)
		rc = db_query_int(req->db, &changed, sql, full_types, a1, now, req->ids[0], state);
	else
		rc = db_query_int(req->db, &changed, sql, full_types, a1, a2, now, req->ids[0], state);
	return rc == DB_DONE ? RECORD_CONFLICT : rc;
}

static const char *body_str(struct request *req, const char *key)
{
	return json_str(req->json, key);
}

/* A date in the body may not be in the future. */
static int not_future(struct request *req, struct response *res, const char *field)
{
	char today[DATE_LEN];

	date_today(today);
	if (strcmp(body_str(req, field), today) > 0)
		return validate_fail(req, res, field, "the date is in the future", "日期不能晚于今天");
	return 0;
}

/* ---- submit ---- */

static const char *const from_draft[] = {"draft", NULL};

static int check_submit(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	char msg[256], en[320];
	bool blocked = false;
	int rc = checks_unit_blocked(req->db, json_integer_value(json_object_get(trip, "unit_id")), p, &blocked, msg,
				     sizeof(msg));

	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (blocked) {
		snprintf(en, sizeof(en), "the unit has passports or post-trip reports overdue by more than %lld days",
			 (long long)p->block_unit_overdue_days);
		return refuse(req, res, "unit_blocked", en, msg);
	}
	return 0;
}

static int apply_submit(struct request *req, json_t *trip, const struct policy *p)
{
	char today[DATE_LEN];

	(void)p;
	date_today(today);
	return set_fields(req, trip, "status = 'submitted', submitted_on = ?", "t", today, NULL);
}

int lifecycle_submit(struct request *req, struct response *res)
{
	static const struct action a = {"submit", "申报", from_draft, NULL, check_submit, apply_submit};

	return run_action(req, res, &a);
}

/* ---- preliminary review ---- */

static const char *const decisions[] = {"approve", "return", NULL};
static const char *const from_submitted[] = {"submitted", NULL};
static const struct vfield preliminary_fields[] = {
	{"decision", "初审意见", V_ENUM, VF_REQUIRED, 0, 0, decisions},
	{"comment", "说明", V_STRING, VF_NULLABLE, 0, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_preliminary(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	const char *comment = body_str(req, "comment");

	(void)trip;
	(void)p;
	if (strcmp(body_str(req, "decision"), "return") == 0 && (!comment || !*comment))
		return validate_fail(req, res, "comment", "say why the trip goes back", "退回修改须说明理由");
	return 0;
}

static int apply_preliminary(struct request *req, json_t *trip, const struct policy *p)
{
	(void)p;
	if (strcmp(body_str(req, "decision"), "return") == 0)
		return set_fields(req, trip, "status = 'draft', preliminary_comment = ?", "t", body_str(req, "comment"), NULL);
	return set_fields(req, trip, "status = 'preliminary_approved', preliminary_comment = ?", "t", body_str(req, "comment"),
			  NULL);
}

int lifecycle_preliminary(struct request *req, struct response *res)
{
	static const struct action a = {"preliminary", "初审", from_submitted, preliminary_fields, check_preliminary,
					apply_preliminary};

	return run_action(req, res, &a);
}

/* ---- publicity ---- */

static const char *const before_approval[] = {"draft", "submitted", "preliminary_approved", NULL};
static const struct vfield publicity_fields[] = {
	{"start_date", "公示开始日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_publicity(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	(void)trip;
	(void)p;
	return not_future(req, res, "start_date");
}

static int apply_publicity(struct request *req, json_t *trip, const struct policy *p)
{
	(void)p;
	return set_fields(req, trip, "publicity_start = ?", "t", body_str(req, "start_date"), NULL);
}

int lifecycle_publicity(struct request *req, struct response *res)
{
	static const struct action a = {"publicity", "登记公示", before_approval, publicity_fields, check_publicity, apply_publicity};

	return run_action(req, res, &a);
}

/* ---- approval without joint review, and the director's override ---- */

static const char *const from_preliminary[] = {"preliminary_approved", NULL};
static const struct vfield approve_fields[] = {
	{"date", "批准日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Refuse approval while a check blocks and no director has overridden. */
static int refuse_if_blocked(struct request *req, struct response *res, json_t *trip, const struct policy *p,
			     const char *as_of)
{
	json_t *items = NULL, *c;
	bool blocked = false;
	char zh[600] = "存在阻止审批的政策检查,须主任书面说明理由后批准:";
	size_t i;
	int rc;

	if (json_is_string(json_object_get(trip, "override_reason")))
		return 0;
	rc = checks_run(req->db, req->ids[0], p, as_of, &items, &blocked);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	json_array_foreach(items, i, c)
		if (strcmp(json_str(c, "severity"), "block") == 0 && strlen(zh) + strlen(json_str(c, "message")) + 4 < sizeof(zh)) {
			strncat(zh, json_str(c, "message"), sizeof(zh) - strlen(zh) - 1);
			strncat(zh, ";", sizeof(zh) - strlen(zh) - 1);
		}
	json_decref(items);
	if (blocked)
		return refuse(req, res, "policy_block", "a policy check blocks approval; a director may override it with a reason", zh);
	return 0;
}

static int check_approve(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	if (p->joint_review_required)
		return refuse(req, res, "joint_review_required", "approval comes from the joint review vote",
			      "已开启会审制度,团组须经会审投票批准");
	return refuse_if_blocked(req, res, trip, p, body_str(req, "date"));
}

static int apply_approve(struct request *req, json_t *trip, const struct policy *p)
{
	(void)trip;
	return delegation_db_approve(req->db, req->ids[0], body_str(req, "date"), p);
}

int lifecycle_approve(struct request *req, struct response *res)
{
	static const struct action a = {"approve", "批准", from_preliminary, approve_fields, check_approve, apply_approve};

	return run_action(req, res, &a);
}

static const char *const overridable[] = {"submitted", "preliminary_approved", NULL};
static const struct vfield override_fields[] = {
	{"reason", "理由", V_STRING, VF_REQUIRED, 2, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The trip passed its last vote but was held by a block: the override approves it now. */
static int apply_override(struct request *req, json_t *trip, const struct policy *p)
{
	struct db_stmt *st = NULL;
	char char_date[DATE_LEN] = "";
	int rc;

	(void)trip;
	rc = db_execf(req->db, "UPDATE delegations SET override_reason = ?, override_by = ? WHERE id = ?", "tii",
		      body_str(req, "reason"), req->user.id, req->ids[0]);
	if (rc == DB_OK)
		rc = db_prepare(req->db,
				"SELECT s.meeting_date, i.outcome FROM review_items i JOIN review_sessions s ON s.id = i.session_id"
				" WHERE i.delegation_id = ? ORDER BY i.id DESC LIMIT 1",
				&st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, req->ids[0]);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		if (!db_column_is_null(st, 1) && strcmp(db_column_text(st, 1), "blocked") == 0)
			snprintf(char_date, sizeof(char_date), "%s", db_column_text(st, 0));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	if (rc == DB_OK && char_date[0] && strcmp(json_str(trip, "status"), "preliminary_approved") == 0)
		rc = delegation_db_approve(req->db, req->ids[0], char_date, p);
	return rc;
}

int lifecycle_override(struct request *req, struct response *res)
{
	static const struct action a = {"override", "主任特批", overridable, override_fields, NULL, apply_override};

	return run_action(req, res, &a);
}

/* ---- before departure: briefing, reminder card, commitments ---- */

static const char *const from_approved[] = {"approved", NULL};
static const struct vfield briefing_fields[] = {
	{"date", "行前教育日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"reminder_card", "友情提示卡", V_BOOL, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int apply_briefing(struct request *req, json_t *trip, const struct policy *p)
{
	(void)p;
	return set_fields(req, trip, json_is_true(json_object_get(req->json, "reminder_card"))
				       ? "briefing_date = ?, is_reminder_card = 1"
				       : "briefing_date = ?, is_reminder_card = 0",
			  "t", body_str(req, "date"), NULL);
}

int lifecycle_briefing(struct request *req, struct response *res)
{
	static const struct action a = {"briefing", "登记行前教育", from_approved, briefing_fields, NULL, apply_briefing};

	return run_action(req, res, &a);
}

static const struct vfield commitment_fields[] = {
	{"person_id", "成员", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"date", "签署日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_commitment(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	int64_t n = 0;
	int rc;

	(void)trip;
	(void)p;
	rc = db_query_int(req->db, &n, "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ? AND person_id = ?",
			  "ii", req->ids[0], (int64_t)json_integer_value(json_object_get(req->json, "person_id")));
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	return n ? 0 : validate_fail(req, res, "person_id", "not a member of this trip", "该人员不是本团组成员");
}

static int apply_commitment(struct request *req, json_t *trip, const struct policy *p)
{
	(void)trip;
	(void)p;
	return db_execf(req->db, "UPDATE delegation_members SET commitment_date = ? WHERE delegation_id = ? AND person_id = ?",
			"tii", body_str(req, "date"), req->ids[0],
			(int64_t)json_integer_value(json_object_get(req->json, "person_id")));
}

int lifecycle_commitment(struct request *req, struct response *res)
{
	static const struct action a = {"commitment", "登记承诺书", from_approved, commitment_fields, check_commitment,
					apply_commitment};

	return run_action(req, res, &a);
}

/* ---- depart and return ---- */

static const struct vfield date_fields[] = {
	{"date", "日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_depart(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	int64_t unsigned_members = 0;
	int rc;

	(void)p;
	if (!json_is_string(json_object_get(trip, "briefing_date")) || !json_is_true(json_object_get(trip, "is_reminder_card")))
		return refuse(req, res, "briefing_missing", "the pre-trip briefing and reminder card are not recorded",
			      "尚未进行行前教育或发放友情提示卡");
	rc = db_query_int(req->db, &unsigned_members,
			  "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ? AND commitment_date IS NULL", "i",
			  req->ids[0]);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (unsigned_members)
		return refuse(req, res, "commitment_missing", "a member has not signed the commitment",
			      "尚有团组成员未签署承诺书");
	return not_future(req, res, "date");
}

static int apply_depart(struct request *req, json_t *trip, const struct policy *p)
{
	(void)p;
	return set_fields(req, trip, "status = 'departed', actual_depart = ?", "t", body_str(req, "date"), NULL);
}

int lifecycle_depart(struct request *req, struct response *res)
{
	static const char *const from[] = {"approved", NULL};
	static const struct action a = {"depart", "登记出发", from, date_fields, check_depart, apply_depart};

	return run_action(req, res, &a);
}

static const struct vfield return_fields[] = {
	{"date", "回国日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"countries_visited", "实际到访国家(地区)", V_ARRAY, VF_REQUIRED, 1, 20, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_return(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	json_t *c;
	size_t i;

	(void)p;
	json_array_foreach(json_object_get(req->json, "countries_visited"), i, c)
		if (!json_is_string(c) || !country_valid(json_string_value(c)))
			return validate_fail(req, res, "countries_visited", "unknown country or region (ISO 3166 code)",
					     "国家(地区)代码无效(ISO 3166 代码)");
	if (strcmp(body_str(req, "date"), json_str(trip, "actual_depart")) < 0)
		return validate_fail(req, res, "date", "the return comes after the departure", "回国日期不能早于出发日期");
	return not_future(req, res, "date");
}

static int record_violation(struct request *req, const char *kind, const char *detail, const char *on)
{
	return db_execf(req->db, "INSERT INTO delegation_violations (delegation_id, kind, detail, found_on) VALUES (?, ?, ?, ?)",
			"ittt", req->ids[0], kind, detail, on);
}

/* Overstay: more days abroad than approved. Detour: a country not in the itinerary. */
static int find_violations(struct request *req, json_t *trip)
{
	const char *ret = body_str(req, "date");
	int64_t approved = date_span_days(json_str(trip, "depart_date"), json_str(trip, "return_date"));
	int64_t actual = date_span_days(json_str(trip, "actual_depart"), ret), planned = 0;
	char detail[256];
	json_t *c;
	size_t i;
	int rc = DB_OK;

	if (actual > approved) {
		snprintf(detail, sizeof(detail), "超时:批准在外%lld天,实际在外%lld天", (long long)approved, (long long)actual);
		rc = record_violation(req, "overstay", detail, ret);
	}
	json_array_foreach(json_object_get(req->json, "countries_visited"), i, c) {
		if (rc != DB_OK)
			break;
		rc = db_query_int(req->db, &planned,
				  "SELECT COUNT(*) FROM delegation_destinations WHERE delegation_id = ? AND country = ?", "it",
				  req->ids[0], json_string_value(c));
		if (rc == DB_OK && !planned) {
			snprintf(detail, sizeof(detail), "绕道:到访未经批准的国家(地区)%s(%s)",
				 country_name_zh(json_string_value(c)), json_string_value(c));
			rc = record_violation(req, "detour", detail, ret);
		}
	}
	return rc;
}

static int apply_return(struct request *req, json_t *trip, const struct policy *p)
{
	char *visited = json_dumps(json_object_get(req->json, "countries_visited"), JSON_COMPACT);
	int rc;

	(void)p;
	if (!visited)
		return DB_ERR;
	rc = set_fields(req, trip, "status = 'returned', actual_return = ?, countries_visited_json = ?", "tt",
			body_str(req, "date"), visited);
	free(visited);
	return rc == DB_OK ? find_violations(req, trip) : rc;
}

int lifecycle_return(struct request *req, struct response *res)
{
	static const char *const from[] = {"departed", NULL};
	static const struct action a = {"return", "登记回国", from, return_fields, check_return, apply_return};

	return run_action(req, res, &a);
}

/* ---- report and close ---- */

static const char *const from_returned[] = {"returned", NULL};
static const struct vfield report_fields[] = {
	{"date", "提交日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"summary", "出访总结", V_STRING, VF_REQUIRED, 10, 20000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_report(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	(void)p;
	if (strcmp(body_str(req, "date"), json_str(trip, "actual_return")) < 0)
		return validate_fail(req, res, "date", "the report comes after the return", "出访总结日期不能早于回国日期");
	return not_future(req, res, "date");
}

static int apply_report(struct request *req, json_t *trip, const struct policy *p)
{
	(void)p;
	return set_fields(req, trip, "report_date = ?, report_summary = ?", "tt", body_str(req, "date"),
			  body_str(req, "summary"));
}

int lifecycle_report(struct request *req, struct response *res)
{
	static const struct action a = {"report", "提交出访总结", from_returned, report_fields, check_report, apply_report};

	return run_action(req, res, &a);
}

static int check_close(struct request *req, struct response *res, json_t *trip, const struct policy *p)
{
	int64_t out = 0;
	int rc;

	(void)p;
	if (!json_is_string(json_object_get(trip, "report_date")))
		return refuse(req, res, "report_missing", "the post-trip report is missing", "尚未提交出访总结");
	rc = db_query_int(req->db, &out, "SELECT COUNT(*) FROM passports WHERE delegation_id = ? AND status = 'issued'", "i",
			  req->ids[0]);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (out)
		return refuse(req, res, "passport_outstanding", "an issued passport has not come back", "尚有护照未缴回");
	return 0;
}

static int apply_close(struct request *req, json_t *trip, const struct policy *p)
{
	char today[DATE_LEN];

	(void)p;
	date_today(today);
	return set_fields(req, trip, "status = 'closed', closed_on = ?", "t", today, NULL);
}

int lifecycle_close(struct request *req, struct response *res)
{
	static const struct action a = {"close", "办结", from_returned, NULL, check_close, apply_close};

	return run_action(req, res, &a);
}

/* ---- cancel ---- */

static const struct vfield cancel_fields[] = {
	{"reason", "取消原因", V_STRING, VF_REQUIRED, 2, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Issued passports become due at once: their due date derives from cancelled_on. */
static int apply_cancel(struct request *req, json_t *trip, const struct policy *p)
{
	char today[DATE_LEN];

	(void)p;
	date_today(today);
	return set_fields(req, trip, "status = 'cancelled', cancel_reason = ?, cancelled_on = ?", "tt", body_str(req, "reason"),
			  today);
}

int lifecycle_cancel(struct request *req, struct response *res)
{
	static const char *const from[] = {"draft", "submitted", "preliminary_approved", "approved", NULL};
	static const struct action a = {"cancel", "撤销", from, cancel_fields, NULL, apply_cancel};

	return run_action(req, res, &a);
}
