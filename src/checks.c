/*
 * checks.c - the rule engine over a trip and the city's quota (see
 * checks.h). The rules in force on the trip's approval date (rules.h) are
 * judged one by one by the function of their kind; each finding cites the
 * rule's legal source.
 */
#include "checks.h"

#include "country.h"
#include "dates.h"
#include "delegation.h"
#include "funding.h"
#include "person.h"
#include "rules.h"
#include "visa.h"
#include "trip.h"
#include "trip_totals.h"
#include "util.h"
#include "workdays.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_STOPS 32

/* What the checks need of one trip. */
struct trip {
	int64_t id, unit_id, budget_fen, official_days;
	bool has_official_days, has_plan_reason, overridden, approved_already;
	char status[24], depart[DATE_LEN], ret[DATE_LEN], submitted[DATE_LEN], publicity[DATE_LEN],
		approved[DATE_LEN], category[24], inviter[256], inviter_type[40], budget_source[16];
	int64_t members, days;
	struct {
		char country[3];
		bool transit;
	} stops[MAX_STOPS];
	int nstops;
	int year; /* the year whose plan and quota the trip counts against */
};

/* One run of the checks: the trip, the rules in force, the findings. */
struct run {
	struct db *db;
	const struct policy *p;
	const struct rule_set *rules;
	struct trip *t;
	json_t *items;
};

static void copy_text(struct db_stmt *st, int col, char *out, size_t len)
{
	snprintf(out, len, "%s", db_column_is_null(st, col) ? "" : db_column_text(st, col));
}

static int load_stops(struct db *db, struct trip *t)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, "SELECT country, transit FROM delegation_destinations WHERE delegation_id = ? ORDER BY position",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, t->id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		if (t->nstops < MAX_STOPS) {
			copy_text(st, 0, t->stops[t->nstops].country, sizeof(t->stops[t->nstops].country));
			t->stops[t->nstops].transit = db_column_int64(st, 1) != 0;
			t->nstops++;
		}
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int load_trip(struct db *db, int64_t id, const char *as_of, struct trip *t)
{
	struct db_stmt *st = NULL;
	char today[DATE_LEN];
	int rc = db_prepare(db,
			    "SELECT id, unit_id, budget_fen, official_days, out_of_plan_reason, override_reason, status,"
			    " depart_date, return_date, submitted_on, publicity_start, approved_on, category, inviter,"
			    " inviter_type, budget_source FROM delegations WHERE id = ?",
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
		copy_text(st, 12, t->category, sizeof(t->category));
		copy_text(st, 13, t->inviter, sizeof(t->inviter));
		copy_text(st, 14, t->inviter_type, sizeof(t->inviter_type));
		copy_text(st, 15, t->budget_source, sizeof(t->budget_source));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_OK)
		return rc;
	/* an approved trip is judged as of its approval; others as of as_of or today */
	t->approved_already = t->approved[0] != '\0';
	date_today(today);
	if (!t->approved_already)
		snprintf(t->approved, sizeof(t->approved), "%s", as_of ? as_of : today);
	t->year = date_year(t->approved);
	t->days = date_span_days(t->depart, t->ret);
	rc = load_stops(db, t);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->members, "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ?", "i", id);
	return rc;
}

static void add(struct run *x, const struct rule *r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One finding of rule r: the message ends with the rule's source. */
static void add(struct run *x, const struct rule *r, const char *fmt, ...)
{
	char msg[512], cite[300], full[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rules_cite(r, cite, sizeof(cite));
	snprintf(full, sizeof(full), "%s(依据:%s)", msg, cite);
	json_array_append_new(x->items, json_pack("{s:s, s:s, s:s, s:s, s:I}", "rule", r->key, "severity", r->severity,
						  "message", full, "source", cite, "rule_id", (json_int_t)r->id));
}

static void yuan(int64_t fen, char *out, size_t len)
{
	snprintf(out, len, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static bool in_array(json_t *arr, const char *s)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (s && json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/*
 * Countries and regions (国家(地区)) of the trip, as the countries rule
 * says: transit stops (经停, not leaving the airport) count only when
 * count_transit is true; Hong Kong, Macao and Taiwan count as regions unless
 * count_hmt is false.
 */
static int64_t count_countries(const struct trip *t, const struct rule *cr)
{
	bool count_transit = cr && json_is_true(json_object_get(cr->params, "count_transit"));
	bool count_hmt = !cr || !json_is_false(json_object_get(cr->params, "count_hmt"));
	int64_t n = 0;
	int i, j;

	for (i = 0; i < t->nstops; i++) {
		bool seen = false;

		if ((t->stops[i].transit && !count_transit) || (!count_hmt && country_is_hmt(t->stops[i].country)))
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = strcmp(t->stops[j].country, t->stops[i].country) == 0 && (count_transit || !t->stops[j].transit);
		n += !seen;
	}
	return n;
}

static bool visits_region(const struct trip *t, const char *region)
{
	int i;

	for (i = 0; i < t->nstops; i++) {
		const char *r = country_region(t->stops[i].country);
		if (!t->stops[i].transit && r && strcmp(r, region) == 0)
			return true;
	}
	return false;
}

/* Whether rule r's scope takes in this trip (categories, regions, ranks of any member). */
static int in_scope(struct run *x, const struct rule *r, bool *yes)
{
	json_t *cats = json_object_get(r->scope, "categories"), *regions = json_object_get(r->scope, "regions"),
	       *ranks = json_object_get(r->scope, "ranks"), *v;
	size_t i;
	int rc = DB_OK;

	*yes = true;
	if (json_array_size(cats) && !in_array(cats, x->t->category))
		*yes = false;
	if (*yes && json_array_size(regions)) {
		*yes = false;
		json_array_foreach(regions, i, v)
			*yes = *yes || visits_region(x->t, json_string_value(v));
	}
	if (*yes && json_array_size(ranks)) {
		int64_t n = 0;

		*yes = false;
		json_array_foreach(ranks, i, v) {
			if (*yes || rc != DB_OK)
				break;
			rc = db_query_int(x->db, &n,
					  "SELECT COUNT(*) FROM delegation_members m JOIN persons p ON p.id = m.person_id"
					  " WHERE m.delegation_id = ? AND p.rank = ?",
					  "it", x->t->id, json_string_value(v));
			*yes = n > 0;
		}
	}
	return rc;
}

/* The first countries rule in force, NULL when none. */
static const struct rule *countries_rule(const struct run *x)
{
	size_t pos = 0;

	return rules_next(x->rules, "max_countries", &pos);
}

/* ---- size of the trip: countries, days, members, substance ---- */

static int check_countries(struct run *x, const struct rule *r)
{
	int64_t max = rules_param_int(r, "max", 3);
	int64_t n = count_countries(x->t, r);

	if (n > max)
		add(x, r, "出访国家(地区)不超过%lld个,本团组%lld个", (long long)max, (long long)n);
	return DB_OK;
}

/*
 * Days by number of countries, departure and arrival days counted; extra
 * days when a destination is in an extra region. A trip over the countries
 * limit, or past the table, gets no invented day limit: the countries rule
 * speaks for it.
 */
static int check_days(struct run *x, const struct rule *r)
{
	const struct rule *cr = countries_rule(x);
	int64_t n = count_countries(x->t, cr), max, extra = rules_param_int(r, "extra_days", 0);
	json_t *regions = json_object_get(r->params, "extra_regions"), *v;
	char key[24], names[128] = "";
	bool extra_applies = false;
	size_t i;

	if (n < 1 || (cr && n > rules_param_int(cr, "max", 3)))
		return DB_OK;
	snprintf(key, sizeof(key), "%lld", (long long)n);
	v = json_object_get(json_object_get(r->params, "days"), key);
	if (!json_is_integer(v))
		return DB_OK;
	max = (int64_t)json_integer_value(v);
	json_array_foreach(regions, i, v) {
		if (extra && visits_region(x->t, json_string_value(v))) {
			extra_applies = true;
			if (names[0])
				strncat(names, "、", sizeof(names) - strlen(names) - 1);
			strncat(names, country_region_zh(json_string_value(v)), sizeof(names) - strlen(names) - 1);
		}
	}
	if (extra_applies)
		max += extra;
	if (x->t->days <= max)
		return DB_OK;
	if (extra_applies)
		add(x, r, "出访%lld国(含%s国家,可增加%lld天)不超过%lld天,本团组%lld天", (long long)n, names, (long long)extra,
		    (long long)max, (long long)x->t->days);
	else
		add(x, r, "出访%lld国不超过%lld天,本团组%lld天", (long long)n, (long long)max, (long long)x->t->days);
	return DB_OK;
}

static int check_temporary(struct run *x, const struct rule *r)
{
	int64_t max = rules_param_int(r, "max", 90);

	if (x->t->days > max)
		add(x, r, "临时出国任务在外不超过%lld天,本团组%lld天", (long long)max, (long long)x->t->days);
	return DB_OK;
}

static int check_members(struct run *x, const struct rule *r)
{
	int64_t max = rules_param_int(r, "max", 6);

	if (x->t->members > max)
		add(x, r, "团组人数不超过%lld人,本团组%lld人", (long long)max, (long long)x->t->members);
	return DB_OK;
}

static int check_share(struct run *x, const struct rule *r)
{
	const char *share = json_string_value(json_object_get(r->params, "share"));
	long num = 2, den = 3;

	if (!share || sscanf(share, "%ld/%ld", &num, &den) != 2 || den < 1)
		return DB_OK;
	if (!x->t->has_official_days) {
		/* the fact is missing: a warning whatever the rule's severity */
		struct rule warn = *r;
		snprintf(warn.severity, sizeof(warn.severity), "warning");
		add(x, &warn, "未填写实质性公务活动天数(应不少于在外天数的%ld/%ld)", num, den);
	} else if (x->t->official_days * den < x->t->days * num) {
		add(x, r, "实质性公务活动天数应不少于在外天数的%ld/%ld,本团组%lld天中%lld天", num, den, (long long)x->t->days,
		    (long long)x->t->official_days);
	}
	return DB_OK;
}

static int check_inspection(struct run *x, const struct rule *r)
{
	size_t i;

	if (!rules_param_has(r, "categories", x->t->category))
		return DB_OK;
	for (i = 0; delegation_categories[i] && strcmp(delegation_categories[i], x->t->category) != 0; i++)
		;
	add(x, r, "不安排一般性考察出访,本团组类别为「%s」,须有实质性公务内容",
	    delegation_categories[i] ? delegation_categories_zh[i] : x->t->category);
	return DB_OK;
}

static int check_inviter(struct run *x, const struct rule *r)
{
	size_t i;

	if (!rules_param_has(r, "types", x->t->inviter_type))
		return DB_OK;
	for (i = 0; delegation_inviter_types[i] && strcmp(delegation_inviter_types[i], x->t->inviter_type) != 0; i++)
		;
	add(x, r, "不得接受%s的邀请,本团组邀请单位「%s」", delegation_inviter_types[i] ? delegation_inviter_types_zh[i] : "",
	    x->t->inviter);
	return DB_OK;
}

static int check_budget(struct run *x, const struct rule *r)
{
	if (x->t->budget_fen <= 0)
		add(x, r, "出访团组须有经费预算,本团组预算为0元");
	if (json_is_true(json_object_get(r->params, "source_required")) && !x->t->budget_source[0])
		add(x, r, "须注明经费来源(财政拨款、自筹或其他)");
	return DB_OK;
}

/* Budget lines above the 516 standards (a standard's own source is cited in the message). */
static int check_funding(struct run *x, const struct rule *r)
{
	json_t *msgs = json_array(), *m;
	size_t i;
	int rc = funding_standard_findings(x->db, x->t->id, msgs);

	json_array_foreach(msgs, i, m) {
		struct rule own = *r;
		char text[600];

		/* the message already ends with the standard's source */
		snprintf(text, sizeof(text), "%s", json_string_value(m));
		json_array_append_new(x->items, json_pack("{s:s, s:s, s:s, s:s, s:I}", "rule", own.key, "severity", own.severity,
							  "message", text, "source", own.source, "rule_id", (json_int_t)own.id));
	}
	json_decref(msgs);
	return rc;
}

/* ---- people: frequency by rank, passports, leadership, retired ---- */

struct member {
	int64_t person_id, unit_id;
	char name[128], rank[16];
	bool cadre, leadership, principal, retired;
};

static const char *rank_zh(const char *rank)
{
	size_t i;

	for (i = 0; person_ranks[i]; i++)
		if (strcmp(person_ranks[i], rank) == 0)
			return person_ranks_zh[i];
	return rank;
}

/* Each member of the trip, in turn, to fn. */
static int each_member(struct run *x, const struct rule *r, int (*fn)(struct run *, const struct rule *, const struct member *))
{
	struct db_stmt *st = NULL;
	struct member m;
	int rc = db_prepare(x->db,
			    "SELECT p.id, p.unit_id, p.name, p.rank, p.is_cadre, p.is_leadership, p.is_principal, p.retired"
			    " FROM delegation_members m JOIN persons p ON p.id = m.person_id WHERE m.delegation_id = ? ORDER BY m.id",
			    &st);
	json_t *ranks = json_object_get(r->scope, "ranks");

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, x->t->id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		memset(&m, 0, sizeof(m));
		m.person_id = db_column_int64(st, 0);
		m.unit_id = db_column_int64(st, 1);
		copy_text(st, 2, m.name, sizeof(m.name));
		copy_text(st, 3, m.rank, sizeof(m.rank));
		m.cadre = db_column_int64(st, 4) != 0;
		m.leadership = db_column_int64(st, 5) != 0;
		m.principal = db_column_int64(st, 6) != 0;
		m.retired = db_column_int64(st, 7) != 0;
		rc = json_array_size(ranks) && !in_array(ranks, m.rank) ? DB_OK : fn(x, r, &m);
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/*
 * Trips per person: the principal leaders' limit, else their rank's, else
 * the cadres' default. months 0 counts the calendar year of departure;
 * otherwise other trips departing within that many months either side.
 */
static int frequency_of(struct run *x, const struct rule *r, const struct member *m)
{
	json_t *limit = NULL;
	char from[DATE_LEN], to[DATE_LEN], last_day[DATE_LEN];
	int64_t trips, months, others = 0;
	const char *who;
	int rc;

	if (m->principal && (limit = json_object_get(r->params, "principal")))
		who = "党政正职";
	else if ((limit = json_object_get(json_object_get(r->params, "ranks"), m->rank)) && (m->cadre || m->principal))
		who = rank_zh(m->rank);
	else if (m->cadre && (limit = json_object_get(r->params, "default")))
		who = "党政干部";
	else
		return DB_OK;
	trips = json_integer_value(json_object_get(limit, "trips"));
	months = json_integer_value(json_object_get(limit, "months"));
	if (months == 0) {
		snprintf(from, sizeof(from), "%.4s-01-01", x->t->depart);
		snprintf(to, sizeof(to), "%.4s-12-31", x->t->depart);
	} else {
		date_add_months(x->t->depart, -(int)months, last_day);
		date_add_days(last_day, 1, from);
		date_add_months(x->t->depart, (int)months, last_day);
		date_add_days(last_day, -1, to);
	}
	rc = db_query_int(x->db, &others,
			  "SELECT COUNT(*) FROM delegation_members m2 JOIN delegations d2 ON d2.id = m2.delegation_id"
			  " WHERE m2.person_id = ? AND d2.id <> ? AND d2.depart_date >= ? AND d2.depart_date <= ?"
			  " AND d2.status NOT IN ('draft','rejected','cancelled')",
			  "iitt", m->person_id, x->t->id, from, to);
	if (rc != DB_OK || others < trips)
		return rc;
	if (months == 0)
		add(x, r, "%s每人每年因公出国不超过%lld次,%s本年度已有%lld次", who, (long long)trips, m->name, (long long)others);
	else
		add(x, r, "%s每%lld个月内因公出国不超过%lld次,%s在%s至%s间已有%lld次", who, (long long)months, (long long)trips,
		    m->name, from, to, (long long)others);
	return DB_OK;
}

static int check_frequency(struct run *x, const struct rule *r)
{
	return each_member(x, r, frequency_of);
}

static int passport_of(struct run *x, const struct rule *r, const struct member *m)
{
	char valid_until[DATE_LEN];
	int64_t months = rules_param_int(r, "months", 6), n = 0;
	int rc;

	date_add_months(x->t->ret, (int)months, valid_until);
	rc = db_query_int(x->db, &n,
			  "SELECT COUNT(*) FROM passports WHERE person_id = ? AND status IN ('in_custody','issued')"
			  " AND kind IN ('service','official_ordinary')"
			  " AND expiry_date >= ?",
			  "it", m->person_id, valid_until);
	if (rc == DB_OK && n == 0)
		add(x, r, "%s没有在回国后%lld个月以上(至%s)有效的因公护照", m->name, (long long)months, valid_until);
	return rc;
}

static int check_passports(struct run *x, const struct rule *r)
{
	return each_member(x, r, passport_of);
}

static int retired_of(struct run *x, const struct rule *r, const struct member *m)
{
	if (m->retired)
		add(x, r, "不得派退休人员出访,%s已退休", m->name);
	return DB_OK;
}

static int check_retired(struct run *x, const struct rule *r)
{
	return each_member(x, r, retired_of);
}

/* Members of one unit's leadership team in the delegation, per unit. */
static int check_leadership(struct run *x, const struct rule *r)
{
	struct db_stmt *st = NULL;
	int64_t max = rules_param_int(r, "max", 1);
	int rc = db_prepare(x->db,
			    "SELECT n.name, COUNT(*) FROM delegation_members m JOIN persons p ON p.id = m.person_id"
			    " JOIN units n ON n.id = p.unit_id WHERE m.delegation_id = ? AND p.is_leadership <> 0"
			    " GROUP BY n.id, n.name ORDER BY n.id",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, x->t->id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		if (db_column_int64(st, 1) > max)
			add(x, r, "同一单位领导班子成员不得同团出访(至多%lld人),%s领导班子成员%lld人", (long long)max,
			    db_column_text(st, 0), (long long)db_column_int64(st, 1));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* ---- timing: lead time and publicity, in working days ---- */

static int check_lead(struct run *x, const struct rule *r)
{
	char today[DATE_LEN], from[DATE_LEN], to[DATE_LEN];
	int64_t days = rules_param_int(r, "days", 20), n = 0;
	int rc;

	date_today(today);
	date_add_days(x->t->submitted[0] ? x->t->submitted : today, 1, from);
	date_add_days(x->t->depart, -1, to);
	rc = workdays_count(x->db, from, to, &n);
	if (rc == DB_OK && n < days)
		add(x, r, "应提前%lld个工作日申报,本团组距出发仅%lld个工作日", (long long)days, (long long)n);
	return rc;
}

/* Publicity (公示) of N working days before approval, or before submission where the province says so. */
static int check_publicity(struct run *x, const struct rule *r)
{
	char today[DATE_LEN], to[DATE_LEN];
	int64_t days = rules_param_int(r, "days", 5), n = 0;
	const char *before = json_string_value(json_object_get(r->params, "before"));
	bool before_submission = before && strcmp(before, "submission") == 0;
	const char *when = before_submission ? "申报" : "审批";
	int rc;

	if (!x->t->publicity[0]) {
		add(x, r, "%s前须在本单位公示不少于%lld个工作日,尚未公示", when, (long long)days);
		return DB_OK;
	}
	date_today(today);
	date_add_days(before_submission ? (x->t->submitted[0] ? x->t->submitted : today) : x->t->approved, -1, to);
	rc = workdays_count(x->db, x->t->publicity, to, &n);
	if (rc == DB_OK && n < days)
		add(x, r, "%s前公示不少于%lld个工作日,已公示%lld个工作日", when, (long long)days, (long long)n);
	return rc;
}

/* ---- plan and zero growth ---- */

/* Compare used + this trip against a limit; one finding per exceeded dimension. */
static void compare_limits(struct run *x, const struct rule *r, const char *what, const struct totals *used,
			   const struct totals *limit)
{
	char a[32], b[32];

	if (used->batches + 1 > limit->batches)
		add(x, r, "%s批次%lld批,已批准%lld批,本团组将超出", what, (long long)limit->batches, (long long)used->batches);
	if (used->persons + x->t->members > limit->persons)
		add(x, r, "%s人次%lld人次,已批准%lld人次,本团组%lld人将超出", what, (long long)limit->persons,
		    (long long)used->persons, (long long)x->t->members);
	if (used->budget_fen + x->t->budget_fen > limit->budget_fen) {
		yuan(limit->budget_fen, a, sizeof(a));
		yuan(used->budget_fen, b, sizeof(b));
		add(x, r, "%s经费%s元,已批准%s元,本团组将超出", what, a, b);
	}
}

/* The plan of the approval year (today's year until approved); a written reason makes a breach a warning. */
static int check_plan(struct run *x, const struct rule *r)
{
	struct totals used = {0, 0, 0}, plan = {0, 0, 0};
	struct db_stmt *st = NULL;
	struct rule eff = *r;
	char what[64];
	int rc;

	if (x->t->has_plan_reason)
		snprintf(eff.severity, sizeof(eff.severity), "warning");
	rc = db_prepare(x->db, "SELECT batches, persons, budget_fen FROM plans WHERE unit_id = ? AND year = ?", &st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, x->t->unit_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, x->t->year);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		plan.batches = db_column_int64(st, 0);
		plan.persons = db_column_int64(st, 1);
		plan.budget_fen = db_column_int64(st, 2);
	}
	db_finalize(st);
	if (rc == DB_DONE) {
		add(x, &eff, "本单位未编制%d年度出访计划,属计划外出访%s", x->t->year,
		    x->t->has_plan_reason ? "(已说明理由)" : ",须书面说明理由");
		return DB_OK;
	}
	if (rc != DB_ROW)
		return rc;
	rc = trip_unit_year_totals(x->db, x->t->unit_id, x->t->year, x->t->id, &used);
	snprintf(what, sizeof(what), "本单位%d年度计划", x->t->year);
	if (rc == DB_OK)
		compare_limits(x, &eff, what, &used, &plan);
	return rc;
}

/*
 * The city's year totals may not pass last year's. With no trip at all on
 * record for last year the comparison has no base: a warning pointing to the
 * import of last year's figures, not a block.
 */
static int check_zero_growth(struct run *x, const struct rule *r)
{
	struct totals used, last;
	char what[64];
	int rc = trip_year_totals(x->db, x->t->year, x->t->id, &used);

	if (rc == DB_OK)
		rc = trip_year_totals(x->db, x->t->year - 1, 0, &last);
	if (rc != DB_OK)
		return rc;
	if (last.batches == 0 && last.persons == 0) {
		struct rule warn = *r;
		snprintf(warn.severity, sizeof(warn.severity), "warning");
		add(x, &warn, "零增长:系统中没有%d年的出访记录,无法与上年比较;请在「数据导入」中导入%d年的团组", x->t->year - 1,
		    x->t->year - 1);
		return DB_OK;
	}
	snprintf(what, sizeof(what), "零增长:全市%d年", x->t->year - 1);
	compare_limits(x, r, what, &used, &last);
	return DB_OK;
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

/* ---- the engine ---- */

static const struct {
	const char *kind;
	int (*judge)(struct run *x, const struct rule *r);
} judges[] = {
	{"max_countries", check_countries},
	{"max_days_by_countries", check_days},
	{"max_days_temporary", check_temporary},
	{"max_members", check_members},
	{"min_substantive_share", check_share},
	{"general_inspection", check_inspection},
	{"excluded_inviters", check_inviter},
	{"budget_required", check_budget},
	{"funding_standard", check_funding},
	{"trip_frequency", check_frequency},
	{"passport_validity", check_passports},
	{"leadership_together", check_leadership},
	{"retired_staff", check_retired},
	{"min_lead_days", check_lead},
	{"publicity", check_publicity},
	{"within_plan", check_plan},
	{"zero_growth", check_zero_growth},
};

static int judge(struct db *db, int64_t id, const struct policy *p, const struct rule_set *rules, const char *as_of,
		 json_t **items, bool *blocked)
{
	struct trip t;
	struct run x = {db, p, rules, &t, NULL};
	char msg[256];
	bool unit_blocked = false;
	json_t *c;
	size_t i, k;
	int rc = load_trip(db, id, as_of, &t);

	*items = x.items = json_array();
	*blocked = false;
	for (k = 0; rc == DB_OK && k < sizeof(judges) / sizeof(judges[0]); k++) {
		size_t pos = 0;
		const struct rule *r;

		while (rc == DB_OK && (r = rules_next(rules, judges[k].kind, &pos))) {
			bool yes = true;

			rc = in_scope(&x, r, &yes);
			if (rc == DB_OK && yes)
				rc = judges[k].judge(&x, r);
		}
	}
	/* the unit's overdue passports and reports gate new trips, not approved ones */
	if (rc == DB_OK && !t.approved_already)
		rc = checks_unit_blocked(db, t.unit_id, p, &unit_blocked, msg, sizeof(msg));
	if (rc == DB_OK && unit_blocked) {
		struct rule setting = {0};

		snprintf(setting.key, sizeof(setting.key), "block_unit_overdue_days");
		snprintf(setting.severity, sizeof(setting.severity), "block");
		snprintf(setting.source, sizeof(setting.source), "本办设置(block_unit_overdue_days)");
		add(&x, &setting, "%s", msg);
	}
	/* visas: a destination without a requirement set, a required visa refused (warnings), until departure */
	if (rc == DB_OK && visa_still_matters(t.status))
		rc = visa_check_items(db, id, *items);
	json_array_foreach(*items, i, c)
		if (strcmp(json_string_value(json_object_get(c, "severity")), "block") == 0)
			*blocked = true;
	if (rc != DB_OK) {
		json_decref(*items);
		*items = NULL;
	}
	return rc;
}

int checks_run(struct db *db, int64_t id, const struct policy *p, const char *as_of, json_t **items, bool *blocked)
{
	struct rule_set rules = {NULL, 0};
	struct db_stmt *st = NULL;
	char today[DATE_LEN], approved[DATE_LEN] = "";
	int rc;

	*items = NULL;
	*blocked = false;
	/* the rules in force on the approval date: the recorded one, else as_of, else today */
	rc = db_prepare(db, "SELECT approved_on FROM delegations WHERE id = ?", &st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, id);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		copy_text(st, 0, approved, sizeof(approved));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_OK)
		return rc;
	date_today(today);
	rc = rules_load(db, approved[0] ? approved : as_of ? as_of : today, &rules);
	if (rc == DB_OK)
		rc = judge(db, id, p, &rules, as_of, items, blocked);
	rules_free(&rules);
	return rc;
}
