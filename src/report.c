/*
 * report.c - the period summary: every figure of a period and of the same
 * period last year (see report.h); its prose comes from work_report.c.
 */
#include "report.h"

#include "buf.h"
#include "dates.h"
#include "info_item.h"
#include "list.h"
#include "passport.h"
#include "policy.h"
#include "report_files.h"
#include "sister_city.h"
#include "util.h"
#include "validate.h"
#include "work_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPROVED_STATES "('approved','departed','returned','closed')"

struct period {
	const char *from, *to;
};

/* ---- small query helpers ---- */

static int count2(struct db *db, const char *sql, const struct period *p, int64_t *n)
{
	return db_query_int(db, n, sql, "tt", p->from, p->to);
}

/*
 * Rows of (key, batches, persons) grouped by `sql` into {key: {batches, persons}};
 * `sql` binds from, to and, when extra is not NULL, a third text parameter.
 */
static int grouped_by(struct db *db, const char *sql, const struct period *p, const char *extra, json_t **out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	*out = json_object();
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, p->from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, p->to);
	if (rc == DB_OK && extra)
		rc = db_bind_text(st, 3, extra);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_object_set_new(*out, db_column_is_null(st, 0) ? "other" : db_column_text(st, 0),
				    json_pack("{s:I, s:I}", "batches", (json_int_t)db_column_int64(st, 1), "persons",
					      (json_int_t)db_column_int64(st, 2)));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int grouped(struct db *db, const char *sql, const struct period *p, json_t **out)
{
	return grouped_by(db, sql, p, NULL, out);
}

/* ---- sections ---- */

/* {key: {batches, persons}} += one trip */
static void tally(json_t *by, const char *key, int64_t persons)
{
	json_t *r = json_object_get(by, key);

	if (!r) {
		json_object_set_new(by, key, json_pack("{s:I, s:I}", "batches", (json_int_t)1, "persons", (json_int_t)persons));
		return;
	}
	json_integer_set(json_object_get(r, "batches"), json_integer_value(json_object_get(r, "batches")) + 1);
	json_integer_set(json_object_get(r, "persons"), json_integer_value(json_object_get(r, "persons")) + persons);
}

/* Approved trips of the period, one row each with its member count (one pass, the period index covers it). */
#define TRIPS_OF_PERIOD                                                                                            \
	"SELECT d.id, d.category, n.name, d.budget_fen, d.imported_persons, COUNT(m.id) FROM delegations d"        \
	" JOIN units n ON n.id = d.unit_id LEFT JOIN delegation_members m ON m.delegation_id = d.id"                 \
	" WHERE d.approved_on >= ? AND d.approved_on <= ? AND d.status IN " APPROVED_STATES                          \
	" GROUP BY d.id, d.category, n.name, d.budget_fen, d.imported_persons ORDER BY d.id"

struct trip_persons {
	int64_t id, persons;
};

static int cmp_trip(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* A trip counts once in each world region it visits, with its members. */
static int tally_regions(struct db *db, const struct period *p, const struct trip_persons *trips, size_t ntrips,
			 json_t *by_region)
{
	struct db_stmt *st = NULL;
	json_t *region_of = json_object(), *seen = json_object();
	int64_t last_trip = 0;
	int rc = db_prepare(db, "SELECT x.delegation_id, x.country FROM delegations d"
				" JOIN delegation_destinations x ON x.delegation_id = d.id"
				" WHERE d.approved_on >= ? AND d.approved_on <= ? AND d.status IN " APPROVED_STATES
				" ORDER BY x.delegation_id", &st);

	if (rc == DB_OK)
		rc = db_bind_text(st, 1, p->from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, p->to);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		const char *country = db_column_text(st, 1), *region;
		const struct trip_persons *t;
		json_t *r = json_object_get(region_of, country);

		rc = DB_OK;
		if (!r) {
			region = sister_city_region_of(country);
			json_object_set_new(region_of, country, r = json_string(region ? region : "other_asia"));
		}
		region = json_string_value(r);
		if (id != last_trip) {
			json_object_clear(seen);
			last_trip = id;
		}
		if (json_object_get(seen, region))
			continue;
		json_object_set_new(seen, region, json_true());
		t = bsearch(&id, trips, ntrips, sizeof(*trips), cmp_trip);
		tally(by_region, region, t ? t->persons : 0);
	}
	db_finalize(st);
	json_decref(region_of);
	json_decref(seen);
	return rc == DB_DONE ? DB_OK : rc;
}

static int delegations(struct db *db, const struct period *p, json_t **out)
{
	int64_t batches = 0, persons = 0, budget = 0, overstay = 0, detour = 0, closed = 0;
	json_t *by_category = json_object(), *by_unit = json_object(), *by_region = json_object();
	struct trip_persons *trips = NULL;
	size_t ntrips = 0, cap = 0;
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, TRIPS_OF_PERIOD, &st);

	if (rc == DB_OK)
		rc = db_bind_text(st, 1, p->from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, p->to);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		int64_t members = db_column_int64(st, 5), imported = db_column_int64(st, 4);
		/* imported trips carry a count instead of members */
		int64_t n = members ? members : imported;

		rc = DB_OK;
		if (ntrips == cap) {
			struct trip_persons *grown = realloc(trips, (cap = cap ? cap * 2 : 1024) * sizeof(*trips));
			if (!grown) {
				rc = DB_ERR;
				break;
			}
			trips = grown;
		}
		trips[ntrips].id = db_column_int64(st, 0);
		trips[ntrips++].persons = members + imported;
		batches++;
		persons += n;
		budget += db_column_int64(st, 3);
		tally(by_category, db_column_text(st, 1), n);
		tally(by_unit, db_column_text(st, 2), n);
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	if (rc == DB_OK)
		rc = tally_regions(db, p, trips, ntrips, by_region);
	free(trips);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM delegation_violations WHERE kind = 'overstay' AND found_on >= ? AND found_on <= ?", p, &overstay);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM delegation_violations WHERE kind = 'detour' AND found_on >= ? AND found_on <= ?", p, &detour);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM delegations WHERE closed_on >= ? AND closed_on <= ?", p, &closed);
	*out = json_pack("{s:I, s:I, s:f, s:o, s:o, s:o, s:{s:I, s:I}, s:I}", "batches", (json_int_t)batches, "persons",
			 (json_int_t)persons, "budget_cny", (double)budget / 100.0, "by_category", by_category,
			 "by_region", by_region, "by_unit", by_unit, "violations", "overstay",
			 (json_int_t)overstay, "detour", (json_int_t)detour, "closed", (json_int_t)closed);
	return rc;
}

static int letters(struct db *db, const struct period *p, json_t **out)
{
	static const char *const kinds[] = {"introduction", "invitation", "visa_service"};
	json_t *g = NULL;
	size_t i;
	int rc = grouped(db, "SELECT kind, COUNT(*), COALESCE(SUM(person_count), 0) FROM letters"
			     " WHERE letter_date >= ? AND letter_date <= ? GROUP BY kind", p, &g);

	*out = json_object();
	for (i = 0; i < 3; i++) {
		json_t *k = json_object_get(g, kinds[i]);
		json_object_set_new(*out, kinds[i], k ? json_incref(k) : json_pack("{s:i, s:i}", "batches", 0, "persons", 0));
	}
	json_decref(g);
	return rc;
}

static int receptions(struct db *db, const struct period *p, json_t **out)
{
	static const char *const types[] = {"foreign", "domestic"};
	size_t i;
	int rc = DB_OK;

	*out = json_object();
	for (i = 0; i < 2 && rc == DB_OK; i++) {
		int64_t batches = 0, persons = 0;
		json_t *by = NULL;

		rc = db_query_int(db, &batches, "SELECT COUNT(*) FROM receptions WHERE arrive_date >= ? AND arrive_date <= ? AND guest_type = ?",
				  "ttt", p->from, p->to, types[i]);
		if (rc == DB_OK)
			rc = db_query_int(db, &persons, "SELECT COALESCE(SUM(persons), 0) FROM receptions WHERE arrive_date >= ?"
							" AND arrive_date <= ? AND guest_type = ?", "ttt", p->from, p->to, types[i]);
		if (rc == DB_OK)
			rc = grouped_by(db, "SELECT category, COUNT(*), SUM(persons) FROM receptions WHERE arrive_date >= ? AND arrive_date <= ?"
					    " AND guest_type = ? GROUP BY category", p, types[i], &by);
		json_object_set_new(*out, types[i], json_pack("{s:I, s:I, s:o}", "batches", (json_int_t)batches, "persons",
							      (json_int_t)persons, "by_category", by ? by : json_object()));
	}
	return rc;
}

static int abtc(struct db *db, const struct period *p, json_t **out)
{
	int64_t holders = 0, in_progress = 0, submitted = 0;
	int rc = db_query_int(db, &holders,
			      "SELECT COUNT(*) FROM abtc_cards WHERE status = 'approved' AND approved_on <= ?"
			      " AND (expiry_date IS NULL OR expiry_date >= ?)", "tt", p->to, p->to);

	if (rc == DB_OK)
		rc = db_query_int(db, &in_progress,
				  "SELECT COUNT(*) FROM abtc_cards WHERE applied_on <= ? AND NOT (COALESCE(approved_on, '9999') <= ?"
				  " OR COALESCE(rejected_on, '9999') <= ?)", "ttt", p->to, p->to, p->to);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM abtc_cards WHERE submitted_on >= ? AND submitted_on <= ?", p, &submitted);
	*out = json_pack("{s:I, s:I, s:I}", "holders", (json_int_t)holders, "in_progress", (json_int_t)in_progress,
			 "submitted", (json_int_t)submitted);
	return rc;
}

static int sister_cities(struct db *db, const struct period *p, json_t **out)
{
	int64_t total = 0, added = 0, sister = 0, friendly = 0;
	json_t *exchanges = NULL;
	int rc = db_query_int(db, &total,
			      "SELECT COUNT(*) FROM sister_cities WHERE status <> 'ended' AND (established_on IS NULL OR established_on <= ?)",
			      "t", p->to);

	if (rc == DB_OK)
		rc = db_query_int(db, &sister, "SELECT COUNT(*) FROM sister_cities WHERE status <> 'ended' AND relation = 'sister'"
					       " AND (established_on IS NULL OR established_on <= ?)", "t", p->to);
	friendly = total - sister;
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM sister_cities WHERE established_on >= ? AND established_on <= ?", p, &added);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT kind, COUNT(*), COALESCE(SUM(persons), 0) FROM exchanges WHERE exchange_date >= ? AND exchange_date <= ?"
				 " GROUP BY kind", p, &exchanges);
	*out = json_pack("{s:I, s:I, s:{s:I, s:I}, s:o}", "total", (json_int_t)total, "new", (json_int_t)added, "by_relation",
			 "sister", (json_int_t)sister, "friendly_exchange", (json_int_t)friendly, "exchanges",
			 exchanges ? exchanges : json_object());
	return rc;
}

static int cases(struct db *db, const struct period *p, json_t **out)
{
	int64_t received = 0, closed = 0;
	json_t *by = NULL;
	int rc = count2(db, "SELECT COUNT(*) FROM cases WHERE received_on >= ? AND received_on <= ?", p, &received);

	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM cases WHERE closed_on >= ? AND closed_on <= ?", p, &closed);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT category, COUNT(*), 0 FROM cases WHERE received_on >= ? AND received_on <= ? GROUP BY category", p, &by);
	*out = json_pack("{s:I, s:I, s:o}", "received", (json_int_t)received, "closed", (json_int_t)closed, "by_category",
			 by ? by : json_object());
	return rc;
}

/* Passports falling due in the period, and those back by their due date. */
static int passports(struct db *db, const struct period *p, json_t **out)
{
	struct db_stmt *st = NULL;
	struct policy pol;
	int64_t due = 0, on_time = 0;
	char due_on[DATE_LEN];
	int rc = policy_load(db, &pol);

	if (rc == DB_OK)
		rc = db_prepare(db,
				"SELECT e.passport_id, d.status, d.actual_return, d.cancelled_on, MIN(r.on_date)"
				" FROM passport_events e JOIN delegations d ON d.id = e.delegation_id"
				" LEFT JOIN passport_events r ON r.passport_id = e.passport_id AND r.delegation_id = e.delegation_id"
				"  AND r.kind = 'returned'"
				" WHERE e.kind = 'issued' GROUP BY e.id, e.passport_id, d.status, d.actual_return, d.cancelled_on", &st);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		passport_due(&pol, db_column_text(st, 1), db_column_is_null(st, 2) ? NULL : db_column_text(st, 2),
			     db_column_is_null(st, 3) ? NULL : db_column_text(st, 3), due_on);
		rc = DB_OK;
		if (!due_on[0] || strcmp(due_on, p->from) < 0 || strcmp(due_on, p->to) > 0)
			continue;
		due++;
		if (!db_column_is_null(st, 4) && strcmp(db_column_text(st, 4), due_on) <= 0)
			on_time++;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	*out = json_pack("{s:I, s:I, s:o}", "due", (json_int_t)due, "returned_on_time", (json_int_t)on_time, "collection_rate",
			 due ? json_real((double)on_time * 100.0 / (double)due) : json_null());
	return rc;
}

/* Every section of one period. */
static int period_figures(struct db *db, const struct period *p, json_t **out)
{
	static const char *const names[] = {"delegations", "letters", "receptions", "abtc", "sister_cities", "cases", "passports"};
	int (*const fns[])(struct db *, const struct period *, json_t **) = {delegations, letters, receptions, abtc,
									    sister_cities, cases, passports};
	json_t *section = NULL;
	size_t i;
	int rc = DB_OK;

	*out = json_object();
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]) && rc == DB_OK; i++) {
		section = NULL;
		rc = fns[i](db, p, &section);
		if (section)
			json_object_set_new(*out, names[i], section);
	}
	if (rc == DB_OK) {
		rc = info_item_db_stats(db, p->from, p->to, &section);
		if (rc == DB_OK)
			json_object_set_new(*out, "info_items", section);
	}
	return rc;
}

/* ---- the summary ---- */

static int64_t num(json_t *o, const char *a)
{
	return json_integer_value(json_object_get(o, a));
}

/* Section by section: this period's figures with last year's beside them. */
static json_t *merge(json_t *now, json_t *last)
{
	const char *key;
	json_t *section, *out = json_object();

	json_object_foreach(now, key, section) {
		json_t *copy = json_deep_copy(section);
		json_object_set(copy, "last_year", json_object_get(last, key));
		json_object_set_new(out, key, copy);
	}
	return out;
}

int report_figures_build(struct db *db, const char *from, const char *to, json_t **out)
{
	struct period now = {from, to}, before;
	char last_from[DATE_LEN], last_to[DATE_LEN];
	json_t *a = NULL, *b = NULL, *d;
	int rc;

	date_add_months(from, -12, last_from);
	date_add_months(to, -12, last_to);
	before.from = last_from;
	before.to = last_to;
	*out = NULL;
	rc = period_figures(db, &now, &a);
	if (rc == DB_OK)
		rc = period_figures(db, &before, &b);
	if (rc != DB_OK) {
		json_decref(a);
		json_decref(b);
		return rc;
	}
	d = json_object_get(a, "delegations");
	json_object_set_new(d, "zero_growth",
			    json_boolean(num(d, "batches") <= num(json_object_get(b, "delegations"), "batches") &&
					 num(d, "persons") <= num(json_object_get(b, "delegations"), "persons") &&
					 json_number_value(json_object_get(d, "budget_cny")) <=
						 json_number_value(json_object_get(json_object_get(b, "delegations"), "budget_cny"))));
	*out = merge(a, b);
	json_object_set_new(*out, "period", json_pack("{s:s, s:s}", "from", from, "to", to));
	json_object_set_new(*out, "last_period", json_pack("{s:s, s:s}", "from", last_from, "to", last_to));
	json_decref(a);
	json_decref(b);
	return DB_OK;
}

int report_summary_build(struct db *db, const char *from, const char *to, json_t **out)
{
	json_t *report = NULL;
	char *text = NULL;
	int rc = report_figures_build(db, from, to, out);

	if (rc == DB_OK)
		rc = work_report_compose(db, *out, &report);
	if (rc != DB_OK) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	text = work_report_prose(report);
	json_object_set(*out, "title", json_object_get(report, "title"));
	json_object_set(*out, "period_name", json_object_get(report, "period_name"));
	json_object_set_new(*out, "text", json_string(text ? text : ""));
	json_object_set(*out, "table", json_object_get(report, "table"));
	json_object_set(*out, "office_name", json_object_get(report, "office_name"));
	free(text);
	json_decref(report);
	return DB_OK;
}

int report_summary_get(struct request *req, struct response *res)
{
	const char *from = NULL, *to = NULL, *format = http_query(req, "format");
	json_t *out = NULL;
	int rc = list_query_date(req, res, "from", &from);

	if (!rc)
		rc = list_query_date(req, res, "to", &to);
	if (!rc && !from)
		rc = validate_fail(req, res, "from", "'from' is required", "缺少开始日期 from");
	if (!rc && !to)
		rc = validate_fail(req, res, "to", "'to' is required", "缺少结束日期 to");
	if (!rc && strcmp(from, to) > 0)
		rc = validate_fail(req, res, "to", "'to' comes before 'from'", "结束日期早于开始日期");
	if (!rc && format && !report_format_known(format))
		rc = validate_fail(req, res, "format", "format is json, xlsx, docx or pdf", "格式须为 json、xlsx、docx 或 pdf");
	if (rc)
		return rc;
	rc = report_summary_build(req->db, from, to, &out);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (!format || strcmp(format, "json") == 0)
		return http_json(res, 200, out);
	rc = report_file_answer(req, res, out, format);
	json_decref(out);
	return rc;
}
