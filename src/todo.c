/*
 * todo.c - the to-do list (see todo.h). Each kind is one query; what a
 * role does not handle it does not see.
 */
#include "todo_api.h"

#include "country.h"
#include "dates.h"
#include "labels.h"
#include "policy.h"
#include "reminder.h"
#include "util.h"
#include "workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ABTC_WARN_DAYS 90
#define CASE_OPEN_DAYS 30
#define GREETING_DAYS 14

#define OFFICE_ROLES (ROLE_ADMIN | ROLE_OFFICER)

/* Run `sql` with text/int parameters; call `row` for each result row. */
typedef void (*row_fn)(struct db_stmt *st, json_t *items, const char *today);

static int each_row(struct request *req, const char *sql, const char *a, int64_t b, row_fn fn, json_t *items,
		    const char *today)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(req->db, sql, &st);

	if (rc == DB_OK && a)
		rc = db_bind_text(st, 1, a);
	if (rc == DB_OK && b)
		rc = db_bind_int64(st, a ? 2 : 1, b);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		fn(st, items, today);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static void vote_row(struct db_stmt *st, json_t *items, const char *today)
{
	char msg[300];

	snprintf(msg, sizeof(msg), "「%s」待您对团组%s「%s」投票", db_column_text(st, 1), db_column_text(st, 3),
		 db_column_text(st, 4));
	reminder_add(items, "vote_waiting", strcmp(db_column_text(st, 2), today) < 0 ? "overdue" : "soon", "review_session",
		     db_column_int64(st, 0), db_column_text(st, 2), msg);
}

static void preliminary_row(struct db_stmt *st, json_t *items, const char *today)
{
	char msg[300];

	(void)today;
	snprintf(msg, sizeof(msg), "团组%s「%s」已申报,待初审", db_column_text(st, 1), db_column_text(st, 2));
	reminder_add(items, "preliminary_waiting", "soon", "delegation", db_column_int64(st, 0), db_column_text(st, 3), msg);
}

static void county_review_row(struct db_stmt *st, json_t *items, const char *today)
{
	char msg[300];

	(void)today;
	snprintf(msg, sizeof(msg), "团组%s「%s」已申报,待县级初审", db_column_text(st, 1), db_column_text(st, 2));
	reminder_add(items, "county_review_waiting", "soon", "delegation", db_column_int64(st, 0), db_column_text(st, 3),
		     msg);
}

/* A county office's trips waiting for its review: submitted trips of its subtree (actor_scope_sql). */
static int county_waiting(struct request *req, const char *today, json_t *items)
{
	char cond[512], sql[1024];

	if (req->user.unit_id <= 0 || !actor_scope_sql(ROLE_COUNTY, "unit_id", cond, sizeof(cond)))
		return req->user.unit_id <= 0 ? DB_OK : DB_ERR;
	snprintf(sql, sizeof(sql),
		 "SELECT id, code, title, submitted_on FROM delegations WHERE status = 'submitted' AND %s"
		 " AND unit_id IN " UNITS_UNDER_COUNTY_SQL,
		 cond);
	return each_row(req, sql, NULL, req->user.unit_id, county_review_row, items, today);
}

static void override_row(struct db_stmt *st, json_t *items, const char *today)
{
	char msg[300];

	(void)today;
	snprintf(msg, sizeof(msg), "团组%s「%s」会审通过但有阻止审批的政策检查,待主任决定", db_column_text(st, 1),
		 db_column_text(st, 2));
	reminder_add(items, "override_waiting", "soon", "delegation", db_column_int64(st, 0), db_column_text(st, 3), msg);
}

static void abtc_row(struct db_stmt *st, json_t *items, const char *today)
{
	char msg[300];

	(void)today;
	snprintf(msg, sizeof(msg), "%s(%s)的APEC商务旅行卡将于%s到期", db_column_text(st, 1), db_column_text(st, 2),
		 db_column_text(st, 3));
	reminder_add(items, "abtc_expiring", "soon", "abtc", db_column_int64(st, 0), db_column_text(st, 3), msg);
}

static void case_row(struct db_stmt *st, json_t *items, const char *today)
{
	char msg[300], due[DATE_LEN];

	(void)today;
	date_add_days(db_column_text(st, 1), CASE_OPEN_DAYS, due);
	snprintf(msg, sizeof(msg), "涉外案件「%s」于%s受理,已超过%d天未办结", db_column_text(st, 2), db_column_text(st, 1),
		 CASE_OPEN_DAYS);
	reminder_add(items, "case_open", "overdue", "case", db_column_int64(st, 0), due, msg);
}

/* The next date on or after today with the month and day of mmdd ("MM-DD"); "" if none (29 Feb). */
static void next_occurrence(const char *today, const char *mmdd, char out[DATE_LEN])
{
	char probe[32];
	int year = date_year(today), i;

	out[0] = '\0';
	for (i = 0; i < 5; i++) {
		snprintf(probe, sizeof(probe), "%04d-%.5s", (year + i) % 10000, mmdd);
		if (util_valid_date(probe) && strcmp(probe, today) >= 0) {
			snprintf(out, DATE_LEN, "%.10s", probe);
			return;
		}
	}
}

static void greeting_row(struct db_stmt *st, json_t *items, const char *today)
{
	static const char *const what[] = {"生日", "国庆日"};
	char soon[DATE_LEN], next[DATE_LEN], msg[300];
	int col;

	date_add_days(today, GREETING_DAYS, soon);
	for (col = 3; col <= 4; col++) {
		const char *v = db_column_is_null(st, col) ? NULL : db_column_text(st, col);
		if (!v)
			continue;
		next_occurrence(today, col == 3 ? v + 5 : v, next);
		if (!next[0] || strcmp(next, soon) > 0)
			continue;
		snprintf(msg, sizeof(msg), "%d月%d日是%s%s%s%s的%s,请致信祝贺", (next[5] - '0') * 10 + (next[6] - '0'),
			 (next[8] - '0') * 10 + (next[9] - '0'), db_column_text(st, 1), *db_column_text(st, 2) ? "(" : "",
			 db_column_text(st, 2), *db_column_text(st, 2) ? ")" : "", what[col - 3]);
		reminder_add(items, "greeting", "soon", "contact", db_column_int64(st, 0), next, msg);
	}
}

/* Document applications with no progress for document_stuck_days: due on their last step + N days. */
static int collect_stuck(struct request *req, const struct policy *p, const char *today, json_t *items)
{
	char old[DATE_LEN];
	struct db_stmt *st = NULL;
	int rc;

	date_add_days(today, -p->document_stuck_days, old);
	rc = db_prepare(req->db,
			"SELECT a.id, pe.name, a.kind, COALESCE(a.submitted_on, a.applied_on), a.status,"
			" COALESCE(a.submitted_on, a.applied_on) FROM document_applications a JOIN persons pe ON pe.id = a.person_id"
			" WHERE a.status IN ('applied','submitted') AND COALESCE(a.submitted_on, a.applied_on) < ?",
			&st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, old);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		char due[DATE_LEN], msg[300];
		const char *kind = labels_zh("document_kind", db_column_text(st, 2));

		date_add_days(db_column_text(st, 3), p->document_stuck_days, due);
		snprintf(msg, sizeof(msg), "%s的%s申请自%s起%s,已超过%lld天", db_column_text(st, 1), kind ? kind : "",
			 db_column_text(st, 3), strcmp(db_column_text(st, 4), "applied") == 0 ? "尚未递交" : "已递交未签发",
			 (long long)p->document_stuck_days);
		reminder_add(items, "document_stuck", "overdue", "document_application", db_column_int64(st, 0), due, msg);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Approved trips not yet departed (the visas' trips), bound to today; a fragment "FROM delegations t WHERE ...". */
#define TRIPS_AHEAD "FROM delegations t WHERE t.status = 'approved' AND t.depart_date >= ?"

/*
 * Visas not granted within visa_warn_workdays working days of an approved
 * trip's departure: each visa recorded and not granted, and each member
 * with no visa recorded for a destination that requires one. A trip's
 * (non-transit) countries are read only for the trips ahead, never for
 * every trip (two million destinations over a million trips), and only
 * those that require a visa or have one recorded go on to be paired with
 * the members: no other country can give a row.
 */
static int collect_visas(struct request *req, const struct policy *p, const char *today, json_t *items)
{
	struct db_stmt *st = NULL;
	char first[DATE_LEN], last[DATE_LEN], msg[400];
	int64_t days = 0;
	int rc = db_prepare(req->db,
			    "SELECT d.id, d.code, d.title, d.depart_date, pe.name, x.country, v.status"
			    " FROM delegations d JOIN delegation_members m ON m.delegation_id = d.id"
			    " JOIN persons pe ON pe.id = m.person_id"
			    " JOIN (SELECT DISTINCT y.delegation_id, y.country FROM delegation_destinations y"
			    "  WHERE y.transit = 0 AND y.delegation_id IN (SELECT t.id " TRIPS_AHEAD ")"
			    "  AND (y.country IN (SELECT q.country FROM visa_requirements q WHERE q.requirement = 'required')"
			    "   OR EXISTS (SELECT 1 FROM visas w WHERE w.delegation_id = y.delegation_id AND w.country = y.country)))"
			    " x ON x.delegation_id = d.id"
			    " LEFT JOIN visas v ON v.delegation_id = d.id AND v.person_id = m.person_id AND v.country = x.country"
			    " LEFT JOIN visa_requirements r ON r.country = x.country"
			    " WHERE d.status = 'approved' AND d.depart_date >= ? AND (v.status IS NULL OR v.status <> 'granted')"
			    " AND (v.id IS NOT NULL OR r.requirement = 'required') ORDER BY d.depart_date, d.id, m.id, x.country",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_text(st, 1, today);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, today);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		const char *status = db_column_is_null(st, 6) ? NULL : db_column_text(st, 6);
		const char *country = db_column_text(st, 5), *zh = country_name_zh(country);

		date_add_days(today, 1, first);
		date_add_days(db_column_text(st, 3), -1, last);
		rc = workdays_count(req->db, first, last, &days);
		if (rc != DB_OK)
			break;
		if (days >= p->visa_warn_workdays)
			continue;
		snprintf(msg, sizeof(msg), "团组%s「%s」%s出发,%s的%s签证尚未获得(%s)", db_column_text(st, 1),
			 db_column_text(st, 2), db_column_text(st, 3), db_column_text(st, 4), zh ? zh : country,
			 status ? labels_zh("visa_status", status) : "未登记");
		reminder_add(items, "visa_pending", "soon", "delegation", db_column_int64(st, 0), db_column_text(st, 3), msg);
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int collect_office(struct request *req, const char *today, json_t *items)
{
	char soon[DATE_LEN], old[DATE_LEN];
	int rc = DB_OK;
	int role = req->user.role;

	date_add_days(today, ABTC_WARN_DAYS, soon);
	date_add_days(today, -CASE_OPEN_DAYS, old);
	if (role == ROLE_REVIEWER)
		rc = each_row(req,
			      "SELECT s.id, s.title, s.meeting_date, d.code, d.title FROM review_sessions s"
			      " JOIN review_items i ON i.session_id = s.id JOIN delegations d ON d.id = i.delegation_id"
			      " WHERE s.status = 'open' AND d.status = 'preliminary_approved' AND NOT EXISTS (SELECT 1"
			      " FROM review_votes v WHERE v.session_id = s.id AND v.delegation_id = d.id AND v.reviewer_id = ?)",
			      NULL, req->user.id, vote_row, items, today);
	if (rc == DB_OK && role == ROLE_COUNTY)
		rc = county_waiting(req, today, items);
	/* the city's preliminary review: trips the county reviewed, and submitted ones under no county */
	if (rc == DB_OK && (role & OFFICE_ROLES))
		rc = each_row(req,
			      "SELECT id, code, title, submitted_on FROM delegations WHERE status = 'county_reviewed'"
			      " OR (status = 'submitted' AND unit_id NOT IN " UNITS_UNDER_COUNTY_SQL ")",
			      NULL, 0, preliminary_row, items, today);
	if (rc == DB_OK && (role & (ROLE_ADMIN | ROLE_DIRECTOR)))
		rc = each_row(req,
			      "SELECT d.id, d.code, d.title, s.meeting_date FROM delegations d"
			      " JOIN review_items i ON i.delegation_id = d.id JOIN review_sessions s ON s.id = i.session_id"
			      " WHERE d.status = 'preliminary_approved' AND d.override_reason IS NULL AND i.outcome = 'blocked'",
			      NULL, 0, override_row, items, today);
	if (rc == DB_OK && (role & OFFICE_ROLES)) {
		struct db_stmt *st = NULL;
		rc = db_prepare(req->db,
				"SELECT id, person_name, company, expiry_date FROM abtc_cards WHERE status = 'approved'"
				" AND expiry_date >= ? AND expiry_date <= ?",
				&st);
		if (rc == DB_OK)
			rc = db_bind_text(st, 1, today);
		if (rc == DB_OK)
			rc = db_bind_text(st, 2, soon);
		while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
			abtc_row(st, items, today);
			rc = DB_OK;
		}
		db_finalize(st);
		if (rc == DB_DONE)
			rc = DB_OK;
	}
	if (rc == DB_OK && (role & OFFICE_ROLES))
		rc = each_row(req, "SELECT id, received_on, parties FROM cases WHERE status <> 'closed' AND received_on < ?", old,
			      0, case_row, items, today);
	if (rc == DB_OK && (role & OFFICE_ROLES)) {
		struct policy p;

		rc = policy_load(req->db, &p);
		if (rc == DB_OK)
			rc = collect_visas(req, &p, today, items);
		if (rc == DB_OK)
			rc = collect_stuck(req, &p, today, items);
	}
	if (rc == DB_OK && (role & OFFICE_ROLES))
		rc = each_row(req,
			      "SELECT id, name, organisation, birthday, national_day FROM contacts"
			      " WHERE birthday IS NOT NULL OR national_day IS NOT NULL",
			      NULL, 0, greeting_row, items, today);
	return rc;
}

static int by_due(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;

	return strcmp(json_string_value(json_object_get(x, "due_on")), json_string_value(json_object_get(y, "due_on")));
}

int todo_list(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	char today[DATE_LEN];
	json_t *items = json_array(), *sorted = json_array();
	json_t **v;
	size_t i, n;
	int rc = reminder_collect(req->db, &who, items);

	date_today(today);
	if (rc == DB_OK)
		rc = collect_office(req, today, items);
	if (rc != DB_OK) {
		json_decref(items);
		json_decref(sorted);
		return http_error_db(req, res, rc);
	}
	n = json_array_size(items);
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		json_decref(items);
		json_decref(sorted);
		return http_error_internal(req, res);
	}
	for (i = 0; i < n; i++)
		v[i] = json_array_get(items, i);
	qsort(v, n, sizeof(*v), by_due);
	for (i = 0; i < n; i++)
		json_array_append(sorted, v[i]);
	free(v);
	json_decref(items);
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", sorted, "total", (json_int_t)n));
}
