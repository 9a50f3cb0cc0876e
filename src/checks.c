/*
 * checks.c - policy checks of a trip and the city's quota (see checks.h).
 */
#include "checks.h"

#include "dates.h"
#include "list.h"
#include "delegation.h"
#include "util.h"
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* What the checks need of one trip. */
struct trip {
	int64_t id, unit_id, budget_fen, official_days;
	bool has_official_days, has_plan_reason, overridden;
	char status[24], depart[DATE_LEN], ret[DATE_LEN], submitted[DATE_LEN], publicity[DATE_LEN],
		approved[DATE_LEN];
	int64_t countries, members, days;
	int year; /* the year whose plan and quota the trip counts against */
};

static void copy_text(struct db_stmt *st, int col, char *out, size_t len)
{
	snprintf(out, len, "%s", db_column_is_null(st, col) ? "" : db_column_text(st, col));
}

static int load_trip(struct db *db, int64_t id, const char *as_of, struct trip *t)
{
	struct db_stmt *st = NULL;
	char today[DATE_LEN];
	int rc = db_prepare(db,
			    "SELECT id, unit_id, budget_fen, official_days, out_of_plan_reason, override_reason, status,"
			    " depart_date, return_date, submitted_on, publicity_start, approved_on FROM delegations WHERE id = ?",
			    &st);

	memset(t, 0, sizeof(*t));
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, id);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		t->id = db_column_int64(st, 0);
		t->unit_id = db_column_int64(st, 1);
		t->budget_fen = db_column_int64(st, 2);
		t->has_official_days = !db_column_is_null(st, 3);
		t->official_days = db_column_int64(st, 3);
		t->has_plan_reason = !db_column_is_null(st, 4);
		t->overridden = !db_column_is_null(st, 5);
		copy_text(st, 6, t->status, sizeof(t->status));
		copy_text(st, 7, t->depart, sizeof(t->depart));
		copy_text(st, 8, t->ret, sizeof(t->ret));
		copy_text(st, 9, t->submitted, sizeof(t->submitted));
		copy_text(st, 10, t->publicity, sizeof(t->publicity));
		copy_text(st, 11, t->approved, sizeof(t->approved));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_OK)
		return rc;
	date_today(today);
	if (!t->approved[0])
		snprintf(t->approved, sizeof(t->approved), "%s", as_of ? as_of : today);
	t->year = date_year(t->approved);
	t->days = date_span_days(t->depart, t->ret);
	rc = db_query_int(db, &t->countries,
			  "SELECT COUNT(DISTINCT country) FROM delegation_destinations WHERE delegation_id = ?", "i", id);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->members, "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ?", "i", id);
	return rc;
}

static void add(json_t *items, const char *rule, const char *severity, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add(json_t *items, const char *rule, const char *severity, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "rule", rule, "severity", severity, "message", msg));
}

static void yuan(int64_t fen, char *out, size_t len)
{
	snprintf(out, len, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* ---- size of the trip: countries, days, members, substance ---- */

static void check_shape(const struct policy *p, const struct trip *t, json_t *items)
{
	int64_t max_days = policy_max_days(p, t->countries);

	if (t->countries > p->max_countries)
		add(items, "max_countries", "block", "出访国家(地区)不超过%lld个,本团组%lld个", (long long)p->max_countries,
		    (long long)t->countries);
	if (t->days > max_days)
		add(items, "max_days_by_countries", "block", "出访%lld国不超过%lld天,本团组%lld天", (long long)t->countries,
		    (long long)max_days, (long long)t->days);
	if (t->days > p->max_days_temporary)
		add(items, "max_days_temporary", "block", "临时出国任务在外不超过%lld天,本团组%lld天",
		    (long long)p->max_days_temporary, (long long)t->days);
	if (t->members > p->max_members)
		add(items, "max_members", "block", "团组人数不超过%lld人,本团组%lld人", (long long)p->max_members,
		    (long long)t->members);
	if (!t->has_official_days)
		add(items, "min_substantive_share", "warning", "未填写实质性公务活动天数(应不少于在外天数的%lld/%lld)",
		    (long long)p->min_substantive_share.num, (long long)p->min_substantive_share.den);
	else if (t->official_days * p->min_substantive_share.den < t->days * p->min_substantive_share.num)
		add(items, "min_substantive_share", "block", "实质性公务活动天数应不少于在外天数的%lld/%lld,本团组%lld天中%lld天",
		    (long long)p->min_substantive_share.num, (long long)p->min_substantive_share.den, (long long)t->days,
		    (long long)t->official_days);
}

/* ---- people: trips per cadre per year, passports ---- */

static int check_people(struct db *db, const struct policy *p, const struct trip *t, json_t *items)
{
	struct db_stmt *st = NULL;
	char year_from[DATE_LEN], year_to[DATE_LEN], valid_until[DATE_LEN];
	int rc;

	snprintf(year_from, sizeof(year_from), "%.4s-01-01", t->depart);
	snprintf(year_to, sizeof(year_to), "%.4s-12-31", t->depart);
	date_add_months(t->ret, (int)p->passport_min_validity_months, valid_until);
	rc = db_prepare(db,
			"SELECT p.name, p.is_cadre,"
			" (SELECT COUNT(*) FROM delegation_members m2 JOIN delegations d2 ON d2.id = m2.delegation_id"
			"  WHERE m2.person_id = p.id AND d2.id <> ? AND d2.depart_date >= ? AND d2.depart_date <= ?"
			"  AND d2.status NOT IN ('draft','rejected','cancelled')),"
			" (SELECT COUNT(*) FROM passports pp WHERE pp.person_id = p.id"
			"  AND pp.status IN ('in_custody','issued') AND pp.expiry_date >= ?)"
			" FROM delegation_members m JOIN persons p ON p.id = m.person_id WHERE m.delegation_id = ? ORDER BY m.id",
			&st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, t->id);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, year_from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 3, year_to);
	if (rc == DB_OK)
		rc = db_bind_text(st, 4, valid_until);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 5, t->id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		const char *name = db_column_text(st, 0);
		int64_t others = db_column_int64(st, 2);

		if (db_column_int64(st, 1) && others >= p->max_trips_per_person_year)
			add(items, "max_trips_per_person_year", "block", "党政干部每人每年因公出国不超过%lld次,%s本年度已有%lld次",
			    (long long)p->max_trips_per_person_year, name, (long long)others);
		if (db_column_int64(st, 3) == 0)
			add(items, "passport_validity", "block", "%s没有在回国后%lld个月以上(至%s)有效的因公护照", name,
			    (long long)p->passport_min_validity_months, valid_until);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* ---- timing: lead time and publicity, in working days ---- */

static int check_timing(struct db *db, const struct policy *p, const struct trip *t, json_t *items)
{
	char today[DATE_LEN], from[DATE_LEN], to[DATE_LEN];
	int64_t n = 0;
	int rc;

	date_today(today);
	date_add_days(t->submitted[0] ? t->submitted : today, 1, from);
	date_add_days(t->depart, -1, to);
	rc = workdays_count(db, from, to, &n);
	if (rc == DB_OK && n < p->min_lead_days)
		add(items, "min_lead_days", "warning", "应提前%lld个工作日申报,本团组距出发仅%lld个工作日",
		    (long long)p->min_lead_days, (long long)n);
	if (rc != DB_OK || p->publicity_days == 0)
		return rc;
	if (!t->publicity[0]) {
		add(items, "publicity_days", "block", "出访前须在本单位公示不少于%lld个工作日,尚未公示",
		    (long long)p->publicity_days);
		return DB_OK;
	}
	date_add_days(t->approved, -1, to);
	rc = workdays_count(db, t->publicity, to, &n);
	if (rc == DB_OK && n < p->publicity_days)
		add(items, "publicity_days", "block", "出访前公示不少于%lld个工作日,已公示%lld个工作日",
		    (long long)p->publicity_days, (long long)n);
	return rc;
}

/* ---- plan and zero growth ---- */

int checks_year_totals(struct db *db, int year, int64_t exclude_id, struct totals *t)
{
	static const char approved[] = " FROM delegations d WHERE d.approval_year = ? AND d.id <> ?"
				       " AND d.status IN ('approved','departed','returned','closed')";
	char sql[512];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*)%s", approved);
	rc = db_query_int(db, &t->batches, sql, "ii", (int64_t)year, exclude_id);
	snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(d.budget_fen), 0)%s", approved);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->budget_fen, sql, "ii", (int64_t)year, exclude_id);
	snprintf(sql, sizeof(sql),
		 "SELECT (SELECT COUNT(*) FROM delegation_members m WHERE m.delegation_id IN (SELECT d.id%s))"
		 " + (SELECT COALESCE(SUM(d.imported_persons), 0)%s)", approved, approved);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->persons, sql, "iiii", (int64_t)year, exclude_id, (int64_t)year, exclude_id);
	return rc;
}

static int unit_year_totals(struct db *db, int64_t unit_id, int year, int64_t exclude_id, struct totals *t)
{
	static const char approved[] = " FROM delegations d WHERE d.unit_id = ? AND d.approval_year = ? AND d.id <> ?"
				       " AND d.status IN ('approved','departed','returned','closed')";
	char sql[512];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*)%s", approved);
	rc = db_query_int(db, &t->batches, sql, "iii", unit_id, (int64_t)year, exclude_id);
	snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(d.budget_fen), 0)%s", approved);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->budget_fen, sql, "iii", unit_id, (int64_t)year, exclude_id);
	snprintf(sql, sizeof(sql),
		 "SELECT (SELECT COUNT(*) FROM delegation_members m WHERE m.delegation_id IN (SELECT d.id%s))"
		 " + (SELECT COALESCE(SUM(d.imported_persons), 0)%s)", approved, approved);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->persons, sql, "iiiiii", unit_id, (int64_t)year, exclude_id, unit_id, (int64_t)year,
				  exclude_id);
	return rc;
}

/* Compare used + this trip against a limit; adds one check per exceeded dimension. */
static void compare_limits(json_t *items, const char *rule, const char *severity, const char *what,
			   const struct totals *used, const struct trip *t, const struct totals *limit)
{
	char a[32], b[32];

	if (used->batches + 1 > limit->batches)
		add(items, rule, severity, "%s批次%lld批,已批准%lld批,本团组将超出", what, (long long)limit->batches,
		    (long long)used->batches);
	if (used->persons + t->members > limit->persons)
		add(items, rule, severity, "%s人次%lld人次,已批准%lld人次,本团组%lld人将超出", what,
		    (long long)limit->persons, (long long)used->persons, (long long)t->members);
	if (used->budget_fen + t->budget_fen > limit->budget_fen) {
		yuan(limit->budget_fen, a, sizeof(a));
		yuan(used->budget_fen, b, sizeof(b));
		add(items, rule, severity, "%s经费%s元,已批准%s元,本团组将超出", what, a, b);
	}
}

static int check_plan(struct db *db, const struct policy *p, const struct trip *t, json_t *items)
{
	struct totals used = {0, 0, 0}, plan = {0, 0, 0};
	struct db_stmt *st = NULL;
	const char *severity = t->has_plan_reason ? "warning" : "block";
	char what[64];
	int rc;

	if (!p->within_plan)
		return DB_OK;
	rc = db_prepare(db, "SELECT batches, persons, budget_fen FROM plans WHERE unit_id = ? AND year = ?", &st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, t->unit_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, t->year);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		plan.batches = db_column_int64(st, 0);
		plan.persons = db_column_int64(st, 1);
		plan.budget_fen = db_column_int64(st, 2);
	}
	db_finalize(st);
	if (rc == DB_DONE) {
		add(items, "within_plan", severity, "本单位未编制%d年度出访计划,属计划外出访%s", t->year,
		    t->has_plan_reason ? "(已说明理由)" : ",须书面说明理由");
		return DB_OK;
	}
	if (rc != DB_ROW)
		return rc;
	rc = unit_year_totals(db, t->unit_id, t->year, t->id, &used);
	snprintf(what, sizeof(what), "本单位%d年度计划", t->year);
	if (rc == DB_OK)
		compare_limits(items, "within_plan", severity, what, &used, t, &plan);
	return rc;
}

static int check_zero_growth(struct db *db, const struct policy *p, const struct trip *t, json_t *items)
{
	struct totals used, last;
	char what[64];
	int rc;

	if (!p->zero_growth)
		return DB_OK;
	rc = checks_year_totals(db, t->year, t->id, &used);
	if (rc == DB_OK)
		rc = checks_year_totals(db, t->year - 1, 0, &last);
	snprintf(what, sizeof(what), "零增长:全市%d年", t->year - 1);
	if (rc == DB_OK)
		compare_limits(items, "zero_growth", "block", what, &used, t, &last);
	return rc;
}

/* ---- unit overdue ---- */

int checks_unit_blocked(struct db *db, int64_t unit_id, const struct policy *p, bool *blocked, char *msg, size_t len)
{
	char today[DATE_LEN], passport_cutoff[DATE_LEN], cancel_cutoff[DATE_LEN], report_cutoff[DATE_LEN];
	int64_t passports = 0, reports = 0;
	int rc;

	*blocked = false;
	date_today(today);
	date_add_days(today, -(p->passport_return_days + p->block_unit_overdue_days), passport_cutoff);
	date_add_days(today, -p->block_unit_overdue_days, cancel_cutoff);
	date_add_days(today, -(p->report_due_days + p->block_unit_overdue_days), report_cutoff);
	rc = db_query_int(db, &passports,
			  "SELECT COUNT(*) FROM passports pp JOIN delegations d ON d.id = pp.delegation_id"
			  " WHERE pp.status = 'issued' AND d.unit_id = ?"
			  " AND ((d.status = 'cancelled' AND d.cancelled_on < ?) OR (d.status <> 'cancelled' AND d.actual_return < ?))",
			  "itt", unit_id, cancel_cutoff, passport_cutoff);
	if (rc == DB_OK)
		rc = db_query_int(db, &reports,
				  "SELECT COUNT(*) FROM delegations WHERE unit_id = ? AND status = 'returned'"
				  " AND report_date IS NULL AND actual_return < ?",
				  "it", unit_id, report_cutoff);
	if (rc == DB_OK && (passports || reports)) {
		*blocked = true;
		snprintf(msg, len, "本单位有%lld本护照、%lld份出访总结逾期超过%lld天,暂停受理新的出访申报",
			 (long long)passports, (long long)reports, (long long)p->block_unit_overdue_days);
	}
	return rc;
}

int checks_run(struct db *db, int64_t id, const struct policy *p, const char *as_of, json_t **items, bool *blocked)
{
	struct trip t;
	char msg[256];
	bool unit_blocked = false;
	json_t *c;
	size_t i;
	int rc = load_trip(db, id, as_of, &t);

	*items = json_array();
	*blocked = false;
	if (rc == DB_OK)
		check_shape(p, &t, *items);
	if (rc == DB_OK)
		rc = check_people(db, p, &t, *items);
	if (rc == DB_OK)
		rc = check_timing(db, p, &t, *items);
	if (rc == DB_OK)
		rc = check_plan(db, p, &t, *items);
	if (rc == DB_OK)
		rc = check_zero_growth(db, p, &t, *items);
	if (rc == DB_OK)
		rc = checks_unit_blocked(db, t.unit_id, p, &unit_blocked, msg, sizeof(msg));
	if (rc == DB_OK && unit_blocked)
		add(*items, "block_unit_overdue_days", "block", "%s", msg);
	json_array_foreach(*items, i, c)
		if (strcmp(json_string_value(json_object_get(c, "severity")), "block") == 0)
			*blocked = true;
	if (rc != DB_OK) {
		json_decref(*items);
		*items = NULL;
	}
	return rc;
}

/* ---- handlers ---- */

int checks_get(struct request *req, struct response *res)
{
	struct policy p;
	json_t *base = NULL, *items = NULL;
	bool blocked = false;
	int rc = delegation_load(req, res, req->ids[0], &base);

	if (rc)
		return rc;
	rc = policy_load(req->db, &p);
	if (rc == DB_OK)
		rc = checks_run(req->db, req->ids[0], &p, NULL, &items, &blocked);
	if (rc != DB_OK) {
		json_decref(base);
		return http_error_db(req, res, rc);
	}
	rc = http_json(res, 200, json_pack("{s:o, s:I, s:b, s:O}", "items", items, "total",
					   (json_int_t)json_array_size(items), "blocked", blocked, "override_reason",
					   json_object_get(base, "override_reason")));
	json_decref(base);
	return rc;
}

static json_t *totals_json(const struct totals *t)
{
	return json_pack("{s:I, s:I, s:f}", "batches", (json_int_t)t->batches, "persons", (json_int_t)t->persons,
			 "budget_cny", (double)t->budget_fen / 100.0);
}

static int pending_totals(struct db *db, int year, struct totals *t)
{
	static const char pending[] = " FROM delegations d WHERE d.code_year = ? AND d.status IN ('submitted','preliminary_approved')";
	char sql[512];
	int rc;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*)%s", pending);
	rc = db_query_int(db, &t->batches, sql, "i", (int64_t)year);
	snprintf(sql, sizeof(sql), "SELECT COALESCE(SUM(d.budget_fen), 0)%s", pending);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->budget_fen, sql, "i", (int64_t)year);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM delegation_members m WHERE m.delegation_id IN (SELECT d.id%s)", pending);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->persons, sql, "i", (int64_t)year);
	return rc;
}

int quota_get(struct request *req, struct response *res)
{
	struct totals last = {0, 0, 0}, approved = {0, 0, 0}, pending = {0, 0, 0}, remaining;
	int64_t year;
	int rc = list_query_year(req, res, "year", &year);

	if (rc)
		return rc;
	rc = checks_year_totals(req->db, (int)year - 1, 0, &last);
	if (rc == DB_OK)
		rc = checks_year_totals(req->db, (int)year, 0, &approved);
	if (rc == DB_OK)
		rc = pending_totals(req->db, (int)year, &pending);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	remaining.batches = last.batches - approved.batches;
	remaining.persons = last.persons - approved.persons;
	remaining.budget_fen = last.budget_fen - approved.budget_fen;
	return http_json(res, 200,
			 json_pack("{s:I, s:o, s:o, s:o, s:o}", "year", (json_int_t)year, "last_year", totals_json(&last),
				   "approved", totals_json(&approved), "pending", totals_json(&pending), "remaining",
				   totals_json(&remaining)));
}
