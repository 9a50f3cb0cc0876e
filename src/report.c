/*
 * report.c - the period summary: every figure of a period and of the same
 * period last year (see report.h); its prose comes from work_report.c.
 */
#include "report.h"
#include "report_period.h"

#include "buf.h"
#include "country.h"
#include "dates.h"
#include "info_item.h"
#include "op.h"
#include "sister_city.h"
#include "trip.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* ---- small query helpers ---- */

int report_scoped_prepare(struct db *db, const struct period *p, const char *sql, const char *column,
			  const char *const *texts, struct db_stmt **st)
{
	const char *marker = strstr(sql, "@SCOPE@");
	char text[2048];
	int len, i, rc;

	*st = NULL;
	if (!marker || (p->scope && !column))
		return DB_ERR; /* a city-wide register has no unit to scope by */
	if (p->scope)
		len = snprintf(text, sizeof(text), "%.*s AND %s IN " UNIT_SUBTREE_SQL "%s", (int)(marker - sql), sql, column,
			       marker + 7);
	else
		len = snprintf(text, sizeof(text), "%.*s%s", (int)(marker - sql), sql, marker + 7);
	if (len < 0 || (size_t)len >= sizeof(text))
		return DB_ERR;
	rc = db_prepare(db, text, st);
	for (i = 0; rc == DB_OK && texts[i]; i++)
		rc = db_bind_text(*st, i + 1, texts[i]);
	if (rc == DB_OK && p->scope)
		rc = db_bind_int64(*st, i + 1, p->scope);
	if (rc != DB_OK) {
		db_finalize(*st);
		*st = NULL;
	}
	return rc;
}

int report_scoped_count(struct db *db, const struct period *p, const char *sql, const char *column,
			const char *const *texts, int64_t *n)
{
	struct db_stmt *st = NULL;
	int rc = report_scoped_prepare(db, p, sql, column, texts, &st);

	*n = 0;
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		*n = db_column_int64(st, 0);
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

int report_count_period(struct db *db, const char *sql, const char *column, const struct period *p, int64_t *n)
{
	return report_scoped_count(db, p, sql, column, TEXTS(p->from, p->to), n);
}

/*
 * Rows of (key, batches, persons) grouped by `sql` into {key: {batches, persons}};
 * `sql` binds from, to and, when extra is not NULL, a third text parameter, then the scope (scoped_prepare).
 */
static int grouped_by(struct db *db, const char *sql, const char *column, const struct period *p, const char *extra,
		      json_t **out)
{
	struct db_stmt *st = NULL;
	int rc = report_scoped_prepare(db, p, sql, column, extra ? TEXTS(p->from, p->to, extra) : TEXTS(p->from, p->to), &st);

	*out = json_object();
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_object_set_new(*out, db_column_is_null(st, 0) ? "other" : db_column_text(st, 0),
				    json_pack("{s:I, s:I}", "batches", (json_int_t)db_column_int64(st, 1), "persons",
					      (json_int_t)db_column_int64(st, 2)));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int grouped(struct db *db, const char *sql, const char *column, const struct period *p, json_t **out)
{
	return grouped_by(db, sql, column, p, NULL, out);
}

/* ---- sections ---- */

/* ---- delegations: two passes over the period's approved trips, tallied in memory ---- */

static const char *const trip_categories[] = {"inspection", "investment", "sister_city", "training",
					      "conference", "student",    "business",    "other"};
static const char *const trip_regions[] = {"asean",  "east_asia",     "other_asia",    "europe",
					   "north_america", "latin_america", "oceania", "africa"};
#define NCATEGORIES (sizeof(trip_categories) / sizeof(trip_categories[0]))
#define NREGIONS (sizeof(trip_regions) / sizeof(trip_regions[0]))

/* One approved trip of the period. */
struct trip_tally {
	int64_t id; /* 0: empty slot */
	int64_t unit_id;
	int64_t budget_fen;
	int64_t imported;
	int64_t members;
	int64_t actual_fen; /* the actual spend (决算), when entered */
	int64_t committed;  /* members who signed the commitment (承诺书) */
	bool has_actual;
	bool briefed;       /* the pre-departure briefing (行前教育) held */
	unsigned category; /* index in trip_categories */
	unsigned regions;  /* bit per trip_regions entry already counted */
	bool has_hmt;      /* a destination in Hong Kong, Macao or Taiwan */
	bool has_foreign;  /* a destination abroad */
};

/* Trips by id: open addressing, at most half full. */
struct trip_set {
	struct trip_tally *slots;
	size_t cap, count;
};

/*
 * Ids of one period are nearly consecutive and arrive nearly in order, so
 * neighbouring ids go to neighbouring slots (the table is walked, not
 * jumped about); the high bits are folded in so that ids a table apart do
 * not all collide.
 */
static size_t id_slot(size_t cap, int64_t id)
{
	uint64_t h = (uint64_t)id;

	return (size_t)(h ^ (h >> 17) ^ (h >> 34)) & (cap - 1);
}

static struct trip_tally *trip_find(struct trip_set *s, int64_t id)
{
	size_t i;

	if (!s->cap)
		return NULL;
	for (i = id_slot(s->cap, id); s->slots[i].id; i = (i + 1) & (s->cap - 1))
		if (s->slots[i].id == id)
			return &s->slots[i];
	return NULL;
}

/* The trip's entry, added when new; NULL when out of memory. */
static struct trip_tally *trip_get(struct trip_set *s, int64_t id, bool *added)
{
	struct trip_tally *t = trip_find(s, id);
	size_t i;

	*added = false;
	if (t)
		return t;
	if ((s->count + 1) * 2 > s->cap) {
		struct trip_set bigger = {calloc(s->cap ? s->cap * 2 : 4096, sizeof(struct trip_tally)), s->cap ? s->cap * 2 : 4096, 0};

		if (!bigger.slots)
			return NULL;
		for (i = 0; i < s->cap; i++) {
			if (!s->slots[i].id)
				continue;
			size_t j = id_slot(bigger.cap, s->slots[i].id);
			while (bigger.slots[j].id)
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = s->slots[i];
			bigger.count++;
		}
		free(s->slots);
		*s = bigger;
	}
	for (i = id_slot(s->cap, id); s->slots[i].id; i = (i + 1) & (s->cap - 1))
		;
	s->slots[i].id = id;
	s->count++;
	*added = true;
	return &s->slots[i];
}

static unsigned category_index(const char *category)
{
	unsigned i;

	for (i = 0; i < NCATEGORIES; i++)
		if (strcmp(trip_categories[i], category) == 0)
			return i;
	return NCATEGORIES - 1;
}

static json_t *pair(int64_t batches, int64_t persons)
{
	return json_pack("{s:I, s:I}", "batches", (json_int_t)batches, "persons", (json_int_t)persons);
}

/*
 * The approved trips of a period are found by approval date (index
 * delegations_period, which covers every column read here). The state is
 * tested through COALESCE so that no planner walks a status index instead:
 * nearly every trip is approved, the period is a small part of them. Rows
 * come in any order; a trip's members arrive as several rows.
 */
#define APPROVED_IN_PERIOD "d.approved_on >= ? AND d.approved_on <= ? AND COALESCE(d.status, '') IN " TRIP_APPROVED_STATES

static int period_statement(struct db *db, const char *sql, const struct period *p, struct db_stmt **st)
{
	return report_scoped_prepare(db, p, sql, "d.unit_id", TEXTS(p->from, p->to), st);
}

/*
 * The rows of a child table of the period's trips (their members, their
 * destinations): read as one range of trip ids when the set's ids lie close
 * together (at least one in four of the range is the period's: a period's
 * trips were created about when they were approved), else joined to the
 * period's trips. `range_sql` binds the first and last id; `joined_sql` is a
 * period statement. Rows of the range outside the period are the caller's to
 * skip (trip_find). *st stays NULL when the set is empty.
 */
static int children_statement(struct db *db, const struct period *p, const struct trip_set *trips,
			      const char *range_sql, const char *joined_sql, struct db_stmt **st)
{
	int64_t lo = INT64_MAX, hi = 0;
	size_t i;
	int rc;

	*st = NULL;
	if (!trips->count)
		return DB_OK;
	for (i = 0; i < trips->cap; i++) {
		int64_t id = trips->slots[i].id;

		if (id) {
			lo = id < lo ? id : lo;
			hi = id > hi ? id : hi;
		}
	}
	if ((uint64_t)(hi - lo) >= 4 * (uint64_t)trips->count + 1024)
		return period_statement(db, joined_sql, p, st);
	rc = db_prepare(db, range_sql, st);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, 1, lo);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, 2, hi);
	return rc;
}

/* Pass 1: each trip with its member count, briefing and signed commitments. */
static int collect_trips(struct db *db, const struct period *p, struct trip_set *trips)
{
	/*
	 * The trips first, from the period's covering index, into a set sized
	 * once for them by their count (grown from empty, it would be doubled
	 * six times for a year of trips: a hundred megabytes written and faulted
	 * in); then their members (children_statement; index members_commitment
	 * keeps a trip's members side by side).
	 */
	struct db_stmt *st = NULL;
	struct trip_tally *t;
	int64_t n = 0;
	size_t cap = 4096;
	bool added;
	int rc = report_scoped_count(db, p, "SELECT COUNT(*) FROM delegations d WHERE " APPROVED_IN_PERIOD "@SCOPE@", "d.unit_id",
			      TEXTS(p->from, p->to), &n);

	while (cap < 2 * (size_t)n + 2) /* trip_get keeps the set at most half full */
		cap *= 2;
	if (rc == DB_OK && n > 0 && !trips->slots && (trips->slots = calloc(cap, sizeof(*trips->slots))))
		trips->cap = cap;
	if (rc == DB_OK)
		rc = period_statement(db,
				      "SELECT d.id, d.category, d.unit_id, d.budget_fen, d.imported_persons, d.actual_fen,"
				      " d.briefing_date FROM delegations d WHERE " APPROVED_IN_PERIOD "@SCOPE@",
				      p, &st);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		if (!(t = trip_get(trips, db_column_int64(st, 0), &added))) {
			rc = DB_ERR;
			break;
		}
		t->category = category_index(db_column_text(st, 1));
		t->unit_id = db_column_int64(st, 2);
		t->budget_fen = db_column_int64(st, 3);
		t->imported = db_column_int64(st, 4);
		t->has_actual = !db_column_is_null(st, 5);
		t->actual_fen = t->has_actual ? db_column_int64(st, 5) : 0;
		t->briefed = !db_column_is_null(st, 6);
		rc = DB_OK;
	}
	db_finalize(st);
	st = NULL;
	if (rc == DB_DONE)
		rc = children_statement(db, p, trips,
					"SELECT m.delegation_id, m.commitment_date FROM delegation_members m"
					" WHERE m.delegation_id >= ? AND m.delegation_id <= ?",
					"SELECT m.delegation_id, m.commitment_date FROM delegations d"
					" JOIN delegation_members m ON m.delegation_id = d.id WHERE " APPROVED_IN_PERIOD "@SCOPE@",
					&st);
	while (rc == DB_OK && st && (rc = db_step(st)) == DB_ROW) {
		rc = DB_OK;
		if (!(t = trip_find(trips, db_column_int64(st, 0))))
			continue; /* a trip of the range outside the period */
		t->members++;
		t->committed += !db_column_is_null(st, 1);
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/*
 * Pass 2: a trip counts once in each world region it visits, with its
 * members and imported persons; Hong Kong, Macao and Taiwan are regions of
 * China, in no world region: they mark the trip as going there instead.
 */
static int tally_regions(struct db *db, const struct period *p, struct trip_set *trips, int64_t by[NREGIONS][2])
{
	struct db_stmt *st = NULL;
	json_t *region_of = json_object(); /* country -> index in trip_regions */
	int rc = children_statement(db, p, trips,
				    "SELECT x.delegation_id, x.country FROM delegation_destinations x"
				    " WHERE x.delegation_id >= ? AND x.delegation_id <= ?",
				    "SELECT x.delegation_id, x.country FROM delegations d JOIN delegation_destinations x"
				    " ON x.delegation_id = d.id WHERE " APPROVED_IN_PERIOD "@SCOPE@",
				    &st);

	while (rc == DB_OK && st && region_of && (rc = db_step(st)) == DB_ROW) {
		struct trip_tally *t = trip_find(trips, db_column_int64(st, 0));
		const char *country = db_column_text(st, 1);
		json_t *r;
		unsigned ri = 2; /* other_asia, as before for an unknown code */

		rc = DB_OK;
		if (!t)
			continue; /* a trip of the range outside the period */
		if (country_is_hmt(country)) {
			t->has_hmt = true;
			continue;
		}
		t->has_foreign = true;
		r = json_object_get(region_of, country);
		if (!r) {
			const char *region = sister_city_region_of(country);
			unsigned k;
			for (k = 0; region && k < NREGIONS; k++)
				if (strcmp(trip_regions[k], region) == 0)
					ri = k;
			json_object_set_new(region_of, country, json_integer(ri));
		} else {
			ri = (unsigned)json_integer_value(r);
		}
		if (t->regions & (1u << ri))
			continue;
		t->regions |= 1u << ri;
		by[ri][0]++;
		by[ri][1] += t->members + t->imported;
	}
	db_finalize(st);
	if (!region_of)
		rc = DB_ERR;
	json_decref(region_of);
	return rc == DB_DONE ? DB_OK : rc;
}

/* {unit name: {batches, persons}} in the order of the units table, one pass over it. */
static int tally_units(struct db *db, const struct trip_set *trips, json_t *by_unit)
{
	struct trip_set units = {NULL, 0, 0}; /* unit id -> members in .members, trips in .budget_fen */
	struct db_stmt *st = NULL;
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < trips->cap && rc == DB_OK; i++) {
		const struct trip_tally *t = &trips->slots[i];
		struct trip_tally *u;
		bool added;

		if (!t->id)
			continue;
		u = trip_get(&units, t->unit_id, &added);
		if (!u) {
			rc = DB_ERR;
			break;
		}
		u->budget_fen++;
		u->members += t->members ? t->members : t->imported;
	}
	if (rc == DB_OK && units.count)
		rc = db_prepare(db, "SELECT id, name FROM units ORDER BY id", &st);
	while (rc == DB_OK && st && (rc = db_step(st)) == DB_ROW) {
		const struct trip_tally *u = trip_find(&units, db_column_int64(st, 0));

		rc = DB_OK;
		if (u)
			json_object_set_new(by_unit, db_column_text(st, 1), pair(u->budget_fen, u->members));
	}
	db_finalize(st);
	free(units.slots);
	return rc == DB_DONE ? DB_OK : rc;
}

/*
 * 出国 and 赴港澳台: a trip with any destination abroad goes abroad (出国),
 * one with only Hong Kong, Macao or Taiwan goes there (赴港澳台); their sum is
 * every trip (因公出国(境)). A trip with no destination recorded (imported)
 * counts as abroad. [0]: abroad, [1]: 港澳台; batches and persons.
 */
static void tally_kinds(const struct trip_set *trips, int64_t kinds[2][2])
{
	size_t i;

	memset(kinds, 0, sizeof(int64_t) * 4);
	for (i = 0; i < trips->cap; i++) {
		const struct trip_tally *t = &trips->slots[i];
		int k = t->has_hmt && !t->has_foreign;

		if (!t->id)
			continue;
		kinds[k][0]++;
		kinds[k][1] += t->members ? t->members : t->imported;
	}
}

/* The unit of a violation's trip, for the scope. */
#define VIOLATION_UNIT "(SELECT d.unit_id FROM delegations d WHERE d.id = delegation_violations.delegation_id)"

static int delegations(struct db *db, const struct period *p, json_t **out)
{
	int64_t batches = 0, persons = 0, budget = 0, overstay = 0, detour = 0, closed = 0, actual = 0, actual_trips = 0;
	int64_t briefed = 0, committed = 0, actual_budget = 0;
	int64_t by_cat[NCATEGORIES][2], by_reg[NREGIONS][2], kinds[2][2];
	json_t *by_category = json_object(), *by_unit = json_object(), *by_region = json_object();
	struct trip_set trips = {NULL, 0, 0};
	size_t i;
	int rc;

	memset(by_cat, 0, sizeof(by_cat));
	memset(by_reg, 0, sizeof(by_reg));
	rc = collect_trips(db, p, &trips);
	for (i = 0; rc == DB_OK && i < trips.cap; i++) {
		const struct trip_tally *t = &trips.slots[i];
		/* imported trips carry a count instead of members */
		int64_t n = t->members ? t->members : t->imported;

		if (!t->id)
			continue;
		batches++;
		persons += n;
		budget += t->budget_fen;
		/* the actual spend (决算) of those trips that have entered it */
		actual += t->actual_fen;
		actual_trips += t->has_actual;
		actual_budget += t->has_actual ? t->budget_fen : 0;
		briefed += t->briefed;
		committed += t->committed;
		by_cat[t->category][0]++;
		by_cat[t->category][1] += n;
	}
	if (rc == DB_OK)
		rc = tally_regions(db, p, &trips, by_reg);
	if (rc == DB_OK)
		rc = tally_units(db, &trips, by_unit);
	tally_kinds(&trips, kinds);
	free(trips.slots);
	for (i = 0; i < NCATEGORIES; i++)
		if (by_cat[i][0])
			json_object_set_new(by_category, trip_categories[i], pair(by_cat[i][0], by_cat[i][1]));
	for (i = 0; i < NREGIONS; i++)
		if (by_reg[i][0])
			json_object_set_new(by_region, trip_regions[i], pair(by_reg[i][0], by_reg[i][1]));
	if (rc == DB_OK)
		rc = report_count_period(db, "SELECT COUNT(*) FROM delegation_violations WHERE kind = 'overstay' AND found_on >= ? AND found_on <= ?@SCOPE@",
			    VIOLATION_UNIT, p, &overstay);
	if (rc == DB_OK)
		rc = report_count_period(db, "SELECT COUNT(*) FROM delegation_violations WHERE kind = 'detour' AND found_on >= ? AND found_on <= ?@SCOPE@",
			    VIOLATION_UNIT, p, &detour);
	if (rc == DB_OK)
		rc = report_count_period(db, "SELECT COUNT(*) FROM delegations WHERE closed_on >= ? AND closed_on <= ?@SCOPE@", "unit_id", p, &closed);
	*out = json_pack("{s:I, s:I, s:f, s:f, s:I, s:f, s:o, s:o, s:o, s:{s:I, s:I}, s:I, s:I, s:I}", "batches",
			 (json_int_t)batches, "persons", (json_int_t)persons, "budget_cny", (double)budget / 100.0, "actual_cny",
			 (double)actual / 100.0, "actual_trips", (json_int_t)actual_trips, "actual_budget_cny",
			 (double)actual_budget / 100.0, "by_category", by_category, "by_region", by_region, "by_unit", by_unit,
			 "violations", "overstay", (json_int_t)overstay, "detour", (json_int_t)detour, "closed", (json_int_t)closed,
			 "briefed", (json_int_t)briefed, "commitments_signed", (json_int_t)committed);
	if (*out) {
		json_object_set_new(*out, "abroad", pair(kinds[0][0], kinds[0][1]));
		json_object_set_new(*out, "hmt", pair(kinds[1][0], kinds[1][1]));
	}
	return rc;
}

static int letters(struct db *db, const struct period *p, json_t **out)
{
	static const char *const kinds[] = {"introduction", "invitation", "visa_service"};
	json_t *g = NULL;
	size_t i;
	int rc = grouped(db, "SELECT kind, COUNT(*), COALESCE(SUM(person_count), 0) FROM letters"
			     " WHERE letter_date >= ? AND letter_date <= ?@SCOPE@ GROUP BY kind", "unit_id", p, &g);

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

		rc = report_scoped_count(db, p, "SELECT COUNT(*) FROM receptions WHERE arrive_date >= ? AND arrive_date <= ? AND guest_type = ?@SCOPE@",
				  "host_unit_id", TEXTS(p->from, p->to, types[i]), &batches);
		if (rc == DB_OK)
			rc = report_scoped_count(db, p, "SELECT COALESCE(SUM(persons), 0) FROM receptions WHERE arrive_date >= ?"
						 " AND arrive_date <= ? AND guest_type = ?@SCOPE@", "host_unit_id", TEXTS(p->from, p->to, types[i]), &persons);
		if (rc == DB_OK)
			rc = grouped_by(db, "SELECT category, COUNT(*), SUM(persons) FROM receptions WHERE arrive_date >= ? AND arrive_date <= ?"
					    " AND guest_type = ?@SCOPE@ GROUP BY category", "host_unit_id", p, types[i], &by);
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
		rc = report_count_period(db, "SELECT COUNT(*) FROM abtc_cards WHERE submitted_on >= ? AND submitted_on <= ?@SCOPE@", NULL, p, &submitted);
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
		rc = report_count_period(db, "SELECT COUNT(*) FROM sister_cities WHERE established_on >= ? AND established_on <= ?@SCOPE@", NULL, p, &added);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT kind, COUNT(*), COALESCE(SUM(persons), 0) FROM exchanges WHERE exchange_date >= ? AND exchange_date <= ?"
				 "@SCOPE@ GROUP BY kind", NULL, p, &exchanges);
	*out = json_pack("{s:I, s:I, s:{s:I, s:I}, s:o}", "total", (json_int_t)total, "new", (json_int_t)added, "by_relation",
			 "sister", (json_int_t)sister, "friendly_exchange", (json_int_t)friendly, "exchanges",
			 exchanges ? exchanges : json_object());
	return rc;
}

static int cases(struct db *db, const struct period *p, json_t **out)
{
	int64_t received = 0, closed = 0;
	json_t *by = NULL;
	int rc = report_count_period(db, "SELECT COUNT(*) FROM cases WHERE received_on >= ? AND received_on <= ?@SCOPE@", NULL, p, &received);

	if (rc == DB_OK)
		rc = report_count_period(db, "SELECT COUNT(*) FROM cases WHERE closed_on >= ? AND closed_on <= ?@SCOPE@", NULL, p, &closed);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT category, COUNT(*), 0 FROM cases WHERE received_on >= ? AND received_on <= ?@SCOPE@ GROUP BY category",
			     NULL, p, &by);
	*out = json_pack("{s:I, s:I, s:o}", "received", (json_int_t)received, "closed", (json_int_t)closed, "by_category",
			 by ? by : json_object());
	return rc;
}

/*
 * Every section of one period. A scoped period (a county's) has the sections
 * of what belongs to units - trips, letters, receptions by host, passports,
 * documents and visas - and not the city-wide registers (APEC cards, sister
 * cities and exchanges, cases, information), which belong to no unit.
 */
static int period_figures(struct db *db, const struct period *p, json_t **out)
{
	static const struct {
		const char *name;
		int (*fn)(struct db *, const struct period *, json_t **);
		bool city_wide;
	} sections[] = {
		{"delegations", delegations, false}, {"letters", letters, false}, {"receptions", receptions, false},
		{"abtc", abtc, true},		     {"sister_cities", sister_cities, true}, {"cases", cases, true},
		{"passports", report_passports, false},     {"documents", report_documents, false},
	};
	json_t *section = NULL;
	size_t i;
	int rc = DB_OK;

	*out = json_object();
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]) && rc == DB_OK; i++) {
		if (p->scope && sections[i].city_wide)
			continue;
		section = NULL;
		rc = sections[i].fn(db, p, &section);
		if (section)
			json_object_set_new(*out, sections[i].name, section);
	}
	if (rc == DB_OK && !p->scope) {
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

/* {unit_id, name, level} of the scope's unit, into figures. */
static int scope_describe(struct db *db, int64_t unit_id, json_t *figures)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, "SELECT name, COALESCE(level, '') FROM units WHERE id = ?", &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, unit_id);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_object_set_new(figures, "scope", json_pack("{s:I, s:s, s:s}", "unit_id", (json_int_t)unit_id, "name",
								db_column_text(st, 0), "level", db_column_text(st, 1)));
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_ERR; /* the caller's own unit is gone */
	}
	db_finalize(st);
	return rc;
}

int report_figures_build(struct db *db, const char *from, const char *to, int64_t scope, json_t **out)
{
	struct period now = {from, to, scope}, before = {NULL, NULL, scope};
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
	if (scope && (rc = scope_describe(db, scope, *out)) != DB_OK) {
		json_decref(*out);
		*out = NULL;
	}
	json_object_set_new(*out, "last_period", json_pack("{s:s, s:s}", "from", last_from, "to", last_to));
	json_decref(a);
	json_decref(b);
	return rc;
}
