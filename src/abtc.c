/*
 * abtc.c - APEC business travel cards (see abtc.h).
 */
#include "abtc.h"

#include "dates.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

#define EXPIRY_WARN_DAYS 90

static const char *const statuses[] = {"applied", "submitted", "approved", "rejected", "expired", NULL};

#define ABTC_COLUMNS                                                                                              \
	"a.id, a.person_name, a.company, a.status, a.applied_on, a.submitted_on, a.approved_on, a.rejected_on,"    \
	" a.card_no, a.expiry_date, a.created_at, a.updated_at, a.version"

static const char *const abtc_columns[] = {"person_name", "company", "applied_on", NULL};

static const struct record_def abtc_record = {
	.entity = "abtc",
	.table = "abtc_cards",
	.select_one = "SELECT " ABTC_COLUMNS " FROM abtc_cards a WHERE a.id = ?",
	.columns = abtc_columns,
	.unit_field = NULL,
};

static const struct list_sort_key sorts[] = {{"id", "a.id"},
					     {"applied_on", "a.applied_on"},
					     {"expiry_date", "a.expiry_date"},
					     {"company", "a.company"},
					     {NULL, NULL}};
static const char *const search[] = {"a.person_name", "a.company", "a.card_no", NULL};

static const struct list_spec abtc_list_spec = {
	.select = ABTC_COLUMNS,
	.from = "abtc_cards a",
	.sorts = sorts,
	.default_order = "a.applied_on DESC, a.id DESC",
	.search_columns = search,
	.unit_column = NULL,
};

static const struct vfield fields[] = {
	{"person_name", "申请人", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"company", "企业", V_STRING, VF_REQUIRED, 1, 200, NULL},
	{"applied_on", "申请日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_query_filter filters[] = {
	{"company", LQ_TEXT, "a.company = ?", NULL},
	{"from", LQ_DATE, "a.applied_on >= ?", NULL},
	{"to", LQ_DATE, "a.applied_on <= ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

/* An approved card past its expiry date reads as expired. */
static void decorate(json_t *row)
{
	char today[DATE_LEN];
	const char *expiry = json_string_value(json_object_get(row, "expiry_date"));
	const char *status = json_string_value(json_object_get(row, "status"));

	date_today(today);
	if (status && strcmp(status, "approved") == 0 && expiry && strcmp(expiry, today) < 0)
		json_object_set_new(row, "status", json_string("expired"));
}

/* status=expired and status=approved depend on today's date. */
static int status_filter(struct request *req, struct response *res, struct list_filter *f)
{
	const char *status = NULL;
	char today[DATE_LEN];
	int rc = list_query_enum(req, res, "status", statuses, &status);

	if (rc || !status)
		return rc;
	date_today(today);
	if (strcmp(status, "expired") == 0)
		rc = list_filter_add(f, "a.status = 'approved' AND a.expiry_date < ?", "t", today);
	else if (strcmp(status, "approved") == 0)
		rc = list_filter_add(f, "a.status = 'approved' AND (a.expiry_date IS NULL OR a.expiry_date >= ?)", "t", today);
	else
		rc = list_filter_text(f, "a.status = ?", status);
	return rc == DB_OK ? 0 : http_error_internal(req, res);
}

const struct record_rules abtc_rules = {fields, NULL};

const struct register_def abtc_def = {
	.record = &abtc_record,
	.list = &abtc_list_spec,
	.rules = &abtc_rules,
	.filters = filters,
	.renames = NULL,
	.decorate = decorate,
	.filter = status_filter,
};


/* ---- transitions: applied -> submitted -> approved | rejected ---- */

static const char *const from_applied[] = {"applied", NULL};
static const char *const from_submitted[] = {"submitted", NULL};

static const struct vfield date_fields[] = {
	{"date", "日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield approve_fields[] = {
	{"date", "批准日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"card_no", "卡号", V_STRING, VF_REQUIRED, 4, 30, NULL},
	{"expiry_date", "有效期至", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The step's date is not before the previous step's. */
static int check_after(json_t *body, json_t *before, const char *previous, struct op_error *err)
{
	const char *prev = json_string_value(json_object_get(before, previous));

	if (prev && strcmp(json_string_value(json_object_get(body, "date")), prev) < 0)
		return op_invalid(err, "date", "the date comes before the previous step", "日期早于上一环节");
	return 0;
}

static int check_submit(struct db *db, json_t *body, json_t *before, struct op_error *err)
{
	(void)db;
	return check_after(body, before, "applied_on", err);
}

static int check_decision(struct db *db, json_t *body, json_t *before, struct op_error *err)
{
	json_t *card = json_object_get(body, "card_no");
	int64_t n = 0;
	int rc = check_after(body, before, "submitted_on", err);

	if (!rc && json_object_get(body, "expiry_date") &&
	    strcmp(json_string_value(json_object_get(body, "expiry_date")), json_string_value(json_object_get(body, "date"))) <= 0)
		rc = op_invalid(err, "expiry_date", "the card expires after its approval", "有效期须晚于批准日期");
	if (!rc && json_is_string(card)) {
		rc = db_query_int(db, &n, "SELECT COUNT(*) FROM abtc_cards WHERE card_no = ?", "t", json_string_value(card));
		if (rc != DB_OK)
			return op_fail_db(err, rc);
		if (n)
			rc = op_fail(err, 409, "duplicate", "card_no", "this card number is registered", "该卡号已登记");
	}
	return rc;
}

int abtc_submit(struct request *req, struct response *res)
{
	static const struct transition_def t = {"submit", from_applied, "submitted", date_fields, "submitted_on", check_submit};

	return register_transition(req, res, &abtc_def, &t);
}

int abtc_approve(struct request *req, struct response *res)
{
	static const struct transition_def t = {"approve", from_submitted, "approved", approve_fields, "approved_on",
						check_decision};

	return register_transition(req, res, &abtc_def, &t);
}

int abtc_reject(struct request *req, struct response *res)
{
	static const struct transition_def t = {"reject", from_submitted, "rejected", date_fields, "rejected_on",
						check_decision};

	return register_transition(req, res, &abtc_def, &t);
}

/* ---- statistics ---- */

struct abtc_counts {
	int64_t holders, in_progress, submitted_year, expiring;
};

static int count_cards(struct db *db, int year, const char *today, struct abtc_counts *c)
{
	char soon[DATE_LEN], from[DATE_LEN], to[DATE_LEN];
	int rc;

	date_add_days(today, EXPIRY_WARN_DAYS, soon);
	date_from_days(date_year_start(year), from);
	date_from_days(date_year_start(year + 1) - 1, to);
	rc = db_query_int(db, &c->holders,
			  "SELECT COUNT(*) FROM abtc_cards WHERE status = 'approved' AND (expiry_date IS NULL OR expiry_date >= ?)",
			  "t", today);
	if (rc == DB_OK)
		rc = db_query_int(db, &c->in_progress, "SELECT COUNT(*) FROM abtc_cards WHERE status IN ('applied','submitted')", "");
	if (rc == DB_OK)
		rc = db_query_int(db, &c->submitted_year,
				  "SELECT COUNT(*) FROM abtc_cards WHERE submitted_on >= ? AND submitted_on <= ?", "tt", from, to);
	if (rc == DB_OK)
		rc = db_query_int(db, &c->expiring,
				  "SELECT COUNT(*) FROM abtc_cards WHERE status = 'approved' AND expiry_date >= ? AND expiry_date <= ?",
				  "tt", today, soon);
	return rc;
}

/* Each target {by, submitted} of the year with what was submitted by then. */
int abtc_target_progress(struct db *db, int year, json_t **out)
{
	struct db_stmt *st = NULL;
	json_t *targets = NULL, *t, *list = json_array();
	json_error_t jerr;
	char from[DATE_LEN], by[32];
	size_t i;
	int rc = db_prepare(db, "SELECT value FROM settings WHERE key = 'abtc_targets'", &st);

	if (rc == DB_OK && db_step(st) == DB_ROW)
		targets = json_loads(db_column_text(st, 0), 0, &jerr);
	db_finalize(st);
	date_from_days(date_year_start(year), from);
	json_array_foreach(targets, i, t) {
		const char *when = json_string_value(json_object_get(t, "by"));
		int64_t done = 0;

		if (!when)
			continue;
		if (strlen(when) == 5)
			snprintf(by, sizeof(by), "%04d-%.5s", year % 10000, when);
		else if (date_year(when) == year)
			snprintf(by, sizeof(by), "%.10s", when);
		else
			continue;
		rc = db_query_int(db, &done, "SELECT COUNT(*) FROM abtc_cards WHERE submitted_on >= ? AND submitted_on <= ?",
				  "tt", from, by);
		if (rc != DB_OK)
			break;
		json_array_append_new(list, json_pack("{s:s, s:O, s:I}", "by", by, "target", json_object_get(t, "submitted"),
						      "submitted", (json_int_t)done));
	}
	json_decref(targets);
	*out = list;
	return rc;
}

int abtc_stats(struct request *req, struct response *res)
{
	struct abtc_counts c = {0, 0, 0, 0};
	char today[DATE_LEN];
	json_t *targets = NULL;
	int64_t year;
	int rc = list_query_year(req, res, "year", &year);

	if (rc)
		return rc;
	date_today(today);
	rc = count_cards(req->db, (int)year, today, &c);
	if (rc == DB_OK)
		rc = abtc_target_progress(req->db, (int)year, &targets);
	if (rc != DB_OK) {
		json_decref(targets);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200,
			 json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}", "year", (json_int_t)year, "holders", (json_int_t)c.holders,
				   "in_progress", (json_int_t)c.in_progress, "submitted", (json_int_t)c.submitted_year,
				   "expiring_90_days", (json_int_t)c.expiring, "targets", targets));
}
