/*
 * passport.c - passports in custody: storage, issue and return (see passport.h).
 */
#include "passport.h"
#include "passport_api.h"

#include "dates.h"
#include "list.h"
#include "person_api.h"
#include "record_api.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"service", "official_ordinary", "hk_macao_permit", "taiwan_permit", NULL};
static const char *const statuses[] = {"in_custody", "issued", "lost", "cancelled", NULL};
static const char *const patch_statuses[] = {"lost", "cancelled", NULL};

void passport_due(const struct policy *p, const char *trip_status, const char *actual_return,
		  const char *cancelled_on, char out[DATE_LEN])
{
	out[0] = '\0';
	if (trip_status && strcmp(trip_status, "cancelled") == 0 && cancelled_on)
		snprintf(out, DATE_LEN, "%s", cancelled_on);
	else if (actual_return)
		date_add_days(actual_return, p->passport_return_days, out);
}

/* ---- storage ---- */

#define PASSPORT_COLUMNS                                                                                          \
	"pp.id, pp.number, pp.kind, pp.person_id, pe.name AS person_name, pe.unit_id, pp.issue_date,"              \
	" pp.expiry_date, pp.status, pp.delegation_id, d.code AS delegation_code, d.status AS delegation_status,"   \
	" d.actual_return, d.cancelled_on, pp.issued_on, pp.created_at, pp.updated_at, pp.version"
#define PASSPORT_FROM                                                                                             \
	"passports pp JOIN persons pe ON pe.id = pp.person_id LEFT JOIN delegations d ON d.id = pp.delegation_id"

static const char *const passport_columns[] = {"number", "kind", "person_id", "issue_date", "expiry_date", "status",
					       "delegation_id", "issued_on", NULL};

static const struct record_def passport_def = {
	.entity = "passport",
	.table = "passports",
	.select_one = "SELECT " PASSPORT_COLUMNS " FROM " PASSPORT_FROM " WHERE pp.id = ?",
	.columns = passport_columns,
	.unit_field = "unit_id",
};

static const struct list_sort_key passport_sorts[] = {{"id", "pp.id"},
						      {"number", "pp.number"},
						      {"expiry_date", "pp.expiry_date"},
						      {"status", "pp.status"},
						      {"person_name", "pe.name"},
						      {NULL, NULL}};
static const char *const passport_search[] = {"pp.number", "pe.name", NULL};

static const struct list_spec passport_spec = {
	.select = PASSPORT_COLUMNS,
	.from = PASSPORT_FROM,
	.sorts = passport_sorts,
	.default_order = "pp.id",
	.search_columns = passport_search,
	.unit_column = "pe.unit_id",
};

/* Add due_date and is_overdue to a passport row (issued ones only). */
static void add_due(const struct policy *p, json_t *row, const char *today)
{
	char due[DATE_LEN];
	bool issued = strcmp(json_string_value(json_object_get(row, "status")), "issued") == 0;

	passport_due(p, json_string_value(json_object_get(row, "delegation_status")),
		     json_string_value(json_object_get(row, "actual_return")),
		     json_string_value(json_object_get(row, "cancelled_on")), due);
	json_object_set_new(row, "due_date", issued && due[0] ? json_string(due) : json_null());
	json_object_set_new(row, "is_overdue", json_boolean(issued && due[0] && strcmp(due, today) < 0));
}

struct due_arg {
	const struct policy *p;
	const char *today;
};

static void add_due_row(json_t *row, void *arg)
{
	const struct due_arg *d = arg;

	add_due(d->p, row, d->today);
}

static int load_events(struct db *db, int64_t id, json_t **out)
{
	struct db_stmt *st = NULL;
	json_t *items = json_array();
	int rc = db_prepare(db,
			    "SELECT e.id, e.kind, e.delegation_id, d.code AS delegation_code, e.on_date, e.on_time"
			    " FROM passport_events e LEFT JOIN delegations d ON d.id = e.delegation_id"
			    " WHERE e.passport_id = ? ORDER BY e.id",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_t *row = db_row_json(st);
		json_t *on_time = json_object_get(row, "on_time");
		if (json_is_integer(on_time))
			json_object_set_new(row, "on_time", json_boolean(json_integer_value(on_time)));
		json_array_append_new(items, row);
		rc = DB_OK;
	}
	db_finalize(st);
	*out = items;
	return rc == DB_DONE ? DB_OK : rc;
}

static int add_event(struct db *db, int64_t passport_id, const char *kind, int64_t delegation_id, const char *on,
		     int on_time)
{
	char now[32];

	util_now_rfc3339(now, sizeof(now));
	if (on_time < 0)
		return db_execf(db,
				"INSERT INTO passport_events (passport_id, kind, delegation_id, on_date, created_at)"
				" VALUES (?, ?, ?, ?, ?)",
				"itztt", passport_id, kind, delegation_id, on, now);
	return db_execf(db,
			"INSERT INTO passport_events (passport_id, kind, delegation_id, on_date, on_time, created_at)"
			" VALUES (?, ?, ?, ?, ?, ?)",
			"itztit", passport_id, kind, delegation_id, on, (int64_t)on_time, now);
}

/* ---- handlers ---- */

static const struct vfield passport_fields[] = {
	{"number", "护照号码", V_STRING, VF_REQUIRED, 5, 20, NULL},
	{"kind", "证件种类", V_ENUM, VF_REQUIRED, 0, 0, kinds},
	{"person_id", "持照人", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"issue_date", "签发日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"expiry_date", "有效期至", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield passport_patch_fields[] = {
	{"number", "护照号码", V_STRING, 0, 5, 20, NULL},
	{"kind", "证件种类", V_ENUM, 0, 0, 0, kinds},
	{"person_id", "持照人", V_ID, 0, 0, 0, NULL},
	{"issue_date", "签发日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"expiry_date", "有效期至", V_DATE, 0, 0, 0, NULL},
	{"status", "状态", V_ENUM, 0, 0, 0, patch_statuses},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int answer_row(struct request *req, struct response *res, json_t *row, int status)
{
	struct policy p;
	char today[DATE_LEN];
	json_t *events = NULL;
	int rc = policy_load(req->db, &p);

	if (rc == DB_OK)
		rc = load_events(req->db, json_integer_value(json_object_get(row, "id")), &events);
	if (rc != DB_OK) {
		json_decref(row);
		json_decref(events);
		return http_error_db(req, res, rc);
	}
	date_today(today);
	add_due(&p, row, today);
	json_object_set_new(row, "events", events);
	return http_json(res, status, row);
}

static int check_body(struct request *req, struct response *res)
{
	json_t *number = json_object_get(req->json, "number"), *person = json_object_get(req->json, "person_id");
	int64_t n = 0;
	const char *s;
	int rc;

	for (s = json_string_value(number); s && *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return validate_fail(req, res, "number", "a passport number has capital letters and digits only",
					     "护照号码只能包含大写字母和数字");
	if (json_is_integer(person)) {
		rc = person_check_ref(req, res, "person_id", json_integer_value(person));
		if (rc)
			return rc;
	}
	if (json_is_string(number)) {
		rc = db_query_int(req->db, &n, "SELECT COUNT(*) FROM passports WHERE number = ? AND id <> ?", "ti",
				  json_string_value(number), req->nids ? req->ids[0] : (int64_t)0);
		if (rc != DB_OK)
			return http_error_db(req, res, rc);
		if (n)
			return http_error(req, res, 409, "duplicate", "number", "a passport with this number is registered",
					  "该护照号码已登记");
	}
	return 0;
}

int passport_list(struct request *req, struct response *res)
{
	static const struct list_query_filter filters[] = {
		{"status", LQ_ENUM, "pp.status = ?", statuses},
		{"kind", LQ_ENUM, "pp.kind = ?", kinds},
		{"person_id", LQ_ID, "pp.person_id = ?", NULL},
		{"delegation_id", LQ_ID, "pp.delegation_id = ?", NULL},
		{NULL, LQ_TEXT, NULL, NULL},
	};
	struct list_params lp;
	struct list_filter f;
	struct policy p;
	struct due_arg due;
	char today[DATE_LEN], cutoff[DATE_LEN];
	bool overdue_given = false, overdue = false;
	json_t *out = NULL, *row;
	size_t i;
	int rc = list_params(req, res, &lp);

	if (rc)
		return rc;
	list_filter_init(&f);
	rc = list_query_filters(req, res, filters, &f);
	/* overdue is not declarative: its condition needs today and the policy's return period */
	if (!rc)
		rc = list_query_bool(req, res, "overdue", &overdue_given, &overdue);
	if (!rc && (rc = policy_load(req->db, &p)) != DB_OK)
		rc = http_error_db(req, res, rc);
	if (rc) {
		list_filter_free(&f);
		return rc;
	}
	date_today(today);
	date_add_days(today, -p.passport_return_days, cutoff);
	due.p = &p;
	due.today = today;
	lp.decorate = add_due_row;
	lp.decorate_arg = &due;
	if (overdue_given && overdue) {
		rc = list_filter_add(&f,
				     "pp.status = 'issued' AND ((d.status = 'cancelled' AND d.cancelled_on < ?)"
				     " OR (d.status <> 'cancelled' AND d.actual_return < ?))",
				     "tt", today, cutoff);
	}
	if (rc == DB_OK)
		rc = list_run(req->db, &passport_spec, &lp, &f, &out);
	list_filter_free(&f);
	json_array_foreach(json_object_get(out, "items"), i, row)
		add_due(&p, row, today);
	return list_answer(req, res, rc, out);
}

int passport_get(struct request *req, struct response *res)
{
	json_t *row;
	int rc = record_load(req, res, &passport_def, req->ids[0], &row);

	return rc ? rc : answer_row(req, res, row, 200);
}

int passport_create(struct request *req, struct response *res)
{
	int rc = validate_body(req, res, req->json, passport_fields, false);

	if (!rc)
		rc = check_body(req, res);
	return rc ? rc : record_create(req, res, &passport_def, req->json);
}

/* A status set by PATCH (op->arg: the body): cancel one in custody, or report an issued one lost; judged on the passport as it is now. */
static int guard_patch(struct record_op *op)
{
	const char *status = json_string_value(json_object_get(op->current, "status"));
	json_t *to = json_object_get(op->arg, "status");

	if (to && strcmp(status, "in_custody") != 0 &&
	    !(strcmp(status, "issued") == 0 && strcmp(json_string_value(to), "lost") == 0))
		return op_fail(op->err, 409, "invalid_transition", "status",
			       "only a passport in custody can be cancelled; an issued one can only be reported lost",
			       "只有在库护照可以注销;已领取的护照只能登记遗失");
	return 0;
}

int passport_update(struct request *req, struct response *res)
{
	int rc = validate_body(req, res, req->json, passport_patch_fields, true);

	if (!rc)
		rc = check_body(req, res);
	return rc ? rc : record_update(req, res, &passport_def, req->ids[0], req->json, "update", guard_patch, req->json);
}

/* ---- issue and return ---- */

static const struct vfield issue_fields[] = {
	{"delegation_id", "团组", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"date", "领取日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int invalid_state(struct op_error *err, const char *en, const char *zh)
{
	return op_fail(err, 409, "invalid_transition", NULL, en, zh);
}

/* The delegation must be approved and the holder one of its members, not already carrying another passport. */
static int check_issue(struct db *db, json_t *passport, int64_t delegation_id, struct op_error *err)
{
	int64_t member = 0, other = 0;
	json_t *trip;
	int rc;

	trip = db_fetch_one(db, "SELECT status FROM delegations WHERE id = ?", delegation_id, &rc);
	if (!trip)
		return rc == DB_DONE ? op_invalid(err, "delegation_id", "no such delegation", "团组不存在")
				     : op_fail_db(err, rc);
	rc = strcmp(json_string_value(json_object_get(trip, "status")), "approved") == 0;
	json_decref(trip);
	if (!rc)
		return invalid_state(err, "passports are issued only for an approved trip", "只能为已批准的团组领取护照");
	rc = db_query_int(db, &member, "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ? AND person_id = ?",
			  "ii", delegation_id, json_integer_value(json_object_get(passport, "person_id")));
	if (rc == DB_OK)
		rc = db_query_int(db, &other,
				  "SELECT COUNT(*) FROM passports WHERE delegation_id = ? AND person_id = ? AND status = 'issued'",
				  "ii", delegation_id, json_integer_value(json_object_get(passport, "person_id")));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (!member)
		return op_invalid(err, "delegation_id", "the holder is not a member of this delegation", "持照人不是该团组成员");
	if (other)
		return invalid_state(err, "the holder already carries a passport for this trip", "持照人已为该团组领取护照");
	return 0;
}

struct issue_args {
	int64_t delegation_id;
	const char *date;
	int on_time;
};

/* Judged on the passport as it is inside the transaction: in custody, valid on the day, for a member. */
static int guard_issue(struct record_op *op)
{
	const struct issue_args *a = op->arg;
	json_t *passport = op->current;

	if (strcmp(json_string_value(json_object_get(passport, "status")), "in_custody") != 0)
		return invalid_state(op->err, "only a passport in custody can be issued", "只有在库的护照可以领取");
	if (strcmp(a->date, json_string_value(json_object_get(passport, "expiry_date"))) > 0)
		return op_invalid(op->err, "date", "the passport has expired", "护照已过期");
	return check_issue(op->db, passport, a->delegation_id, op->err);
}

static int apply_issue(struct record_op *op)
{
	const struct issue_args *a = op->arg;
	char now[32];
	int rc;

	util_now_rfc3339(now, sizeof(now));
	rc = db_execf(op->db,
		      "UPDATE passports SET status = 'issued', delegation_id = ?, issued_on = ?, updated_at = ? WHERE id = ?",
		      "itti", a->delegation_id, a->date, now, op->id);
	return rc == DB_OK ? add_event(op->db, op->id, "issued", a->delegation_id, a->date, -1) : rc;
}

int passport_issue_to_trip(struct db *db, const struct actor *who, int64_t id, int64_t delegation_id, const char *date,
			   int64_t expected_version, json_t **out, struct op_error *err)
{
	struct issue_args a = {delegation_id, date, -1};
	struct record_edit edit = {"issue", guard_issue, apply_issue, &a};

	return record_apply(db, who, &passport_def, id, expected_version, &edit, out, err);
}

int passport_issue(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int64_t version = 0;
	int rc = validate_body(req, res, req->json, issue_fields, false);

	if (!rc)
		rc = record_version_arg(req, res, &version);
	if (rc)
		return rc;
	rc = passport_issue_to_trip(req->db, &who, req->ids[0], json_integer_value(json_object_get(req->json, "delegation_id")),
				    json_string_value(json_object_get(req->json, "date")), version, &after, &err);
	return http_answer_op(req, res, rc, &err, 200, after);
}

static const struct vfield return_fields[] = {
	{"date", "缴回日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Judged inside the transaction: issued, not back before it left; on time against its due date. */
static int guard_return(struct record_op *op)
{
	struct issue_args *a = op->arg;
	json_t *passport = op->current;
	struct policy p;
	char due[DATE_LEN];
	int rc;

	if (strcmp(json_string_value(json_object_get(passport, "status")), "issued") != 0)
		return invalid_state(op->err, "only an issued passport can be returned", "只有已领取的护照可以缴回");
	if (strcmp(a->date, json_string_value(json_object_get(passport, "issued_on"))) < 0)
		return op_invalid(op->err, "date", "a passport cannot come back before it was issued",
				  "缴回日期不能早于领取日期");
	rc = policy_load(op->db, &p); /* the return period in force as the passport comes back */
	if (rc != DB_OK)
		return op_fail_db(op->err, rc);
	a->delegation_id = json_integer_value(json_object_get(passport, "delegation_id"));
	passport_due(&p, json_string_value(json_object_get(passport, "delegation_status")),
		     json_string_value(json_object_get(passport, "actual_return")),
		     json_string_value(json_object_get(passport, "cancelled_on")), due);
	a->on_time = !due[0] || strcmp(a->date, due) <= 0;
	return 0;
}

static int apply_return(struct record_op *op)
{
	const struct issue_args *a = op->arg;
	char now[32];
	int rc;

	util_now_rfc3339(now, sizeof(now));
	rc = db_execf(op->db,
		      "UPDATE passports SET status = 'in_custody', delegation_id = NULL, issued_on = NULL, updated_at = ?"
		      " WHERE id = ?",
		      "ti", now, op->id);
	return rc == DB_OK ? add_event(op->db, op->id, "returned", a->delegation_id, a->date, a->on_time) : rc;
}

int passport_return_to_custody(struct db *db, const struct actor *who, int64_t id, const char *date,
			       int64_t expected_version, json_t **out, struct op_error *err)
{
	struct issue_args a = {0, date, 1};
	struct record_edit edit = {"return", guard_return, apply_return, &a};

	return record_apply(db, who, &passport_def, id, expected_version, &edit, out, err);
}

int passport_return(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int64_t version = 0;
	int rc = validate_body(req, res, req->json, return_fields, false);

	if (!rc)
		rc = record_version_arg(req, res, &version);
	if (rc)
		return rc;
	rc = passport_return_to_custody(req->db, &who, req->ids[0], json_string_value(json_object_get(req->json, "date")),
					version, &after, &err);
	return http_answer_op(req, res, rc, &err, 200, after);
}
