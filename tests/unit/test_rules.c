/*
 * test_rules.c - boundary tables for the policy checks of checks.c as they
 * stand (days by countries, members, trips per cadre per year, publicity in
 * working days with holidays and make-up days, zero growth, within plan) and
 * for the joint-review vote tally of review.c (quorum, pass share, veto).
 * Each table row is one case: add a row to extend it. The trips are written
 * straight into a fresh database and judged by checks_run() as of a fixed
 * approval date, so no case depends on the day the tests run.
 */
#include "helpers.h"

#include "checks.h"
#include "dates.h"
#include "policy.h"
#include "review.h"

#define AS_OF "2026-10-12" /* a Monday: the approval date every check is judged on */

static int64_t next_person;

static int64_t add_person(struct db *db, bool cadre)
{
	int64_t id = 0;
	char number[16];

	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO persons (name, gender, unit_id, rank, is_cadre, created_at, updated_at)"
				      " VALUES (?, 'male', 1, 'division', ?, 'x', 'x') RETURNING id",
				      "ti", cadre ? "干部" : "职员", (int64_t)cadre),
			 DB_OK);
	snprintf(number, sizeof(number), "E%08lld", (long long)++next_person);
	assert_int_equal(db_execf(db,
				  "INSERT INTO passports (number, kind, person_id, expiry_date, created_at, updated_at)"
				  " VALUES (?, 'service', ?, '2040-01-01', 'x', 'x')",
				  "ti", number, id),
			 DB_OK);
	return id;
}

struct trip_spec {
	const char *depart, *ret;
	int countries;          /* destinations DE, FR, IT, ES ... */
	int members;            /* new non-cadre people, unless `people` is given */
	const int64_t *people;  /* existing people (0-terminated) */
	const char *status;     /* default draft */
	const char *approved_on;
	const char *publicity;  /* NULL: posted 30 days before AS_OF */
	int64_t budget_fen;
};

static int64_t add_trip(struct db *db, const struct trip_spec *s)
{
	static const char *const countries[] = {"DE", "FR", "IT", "ES", "PT"};
	static int seq;
	char code[16];
	int64_t id = 0, days = date_span_days(s->depart, s->ret);
	int i;

	snprintf(code, sizeof(code), "T-%04d", ++seq);
	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
				      " depart_date, return_date, budget_fen, official_days, status, publicity_start, approved_on,"
				      " approval_year, created_at, updated_at)"
				      " VALUES (?, 2026, ?, 1, '团', '任务', 'inspection', '邀请方', ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')"
				      " RETURNING id",
				      "tittiitttz", code, (int64_t)seq, s->depart, s->ret, s->budget_fen ? s->budget_fen : 100000,
				      days, s->status ? s->status : "draft", s->publicity ? s->publicity : "2026-09-01",
				      s->approved_on, s->approved_on ? (int64_t)date_year(s->approved_on) : 0),
			 DB_OK);
	for (i = 0; i < s->countries; i++)
		assert_int_equal(db_execf(db,
					  "INSERT INTO delegation_destinations (delegation_id, position, country, city, days)"
					  " VALUES (?, ?, ?, '城市', 1)",
					  "iit", id, (int64_t)i + 1, countries[i]),
				 DB_OK);
	for (i = 0; s->people ? s->people[i] != 0 : i < s->members; i++)
		assert_int_equal(db_execf(db, "INSERT INTO delegation_members (delegation_id, person_id, is_leader) VALUES (?, ?, ?)",
					  "iii", id, s->people ? s->people[i] : add_person(db, false), (int64_t)(i == 0)),
				 DB_OK);
	return id;
}

/* The checks of a trip as "rule:severity" joined by spaces (in the order checks_run gives). */
static void rules_of(struct db *db, int64_t id, const struct policy *p, char *out, size_t len)
{
	json_t *items = NULL, *it;
	bool blocked = false;
	size_t i;

	assert_int_equal(checks_run(db, id, p, AS_OF, &items, &blocked), DB_OK);
	out[0] = '\0';
	json_array_foreach(items, i, it) {
		size_t n = strlen(out);
		snprintf(out + n, len - n, "%s%s:%s", n ? " " : "", json_string_value(json_object_get(it, "rule")),
			 json_string_value(json_object_get(it, "severity")));
	}
	json_decref(items);
}

static bool has_rule(const char *rules, const char *rule)
{
	return strstr(rules, rule) != NULL;
}

static struct db *fresh(void **state, struct policy *p)
{
	struct test_db *t = *state;

	assert_int_equal(db_execf(t->db, "INSERT INTO units (id, name, level, created_at, updated_at) VALUES (1, '市商务局', 'city_bureau', 'x', 'x')", ""), DB_OK);
	assert_int_equal(policy_load(t->db, p), DB_OK);
	p->within_plan = false;
	p->zero_growth = false;
	p->min_lead_days = 0; /* lead time is counted from today: left out so no case depends on the run's date */
	return t->db;
}

static void days_by_countries(void **state)
{
	static const struct {
		int countries;
		const char *ret; /* departing 2026-11-01 */
		bool blocks;
	} rows[] = {
		{1, "2026-11-05", false}, {1, "2026-11-06", true},  /* 1 country: 5 days */
		{2, "2026-11-08", false}, {2, "2026-11-09", true},  /* 2 countries: 8 days */
		{3, "2026-11-10", false}, {3, "2026-11-11", true},  /* 3 countries: 10 days */
	};
	struct policy p;
	struct db *db = fresh(state, &p);
	char rules[1024];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct trip_spec s = {.depart = "2026-11-01", .ret = rows[i].ret, .countries = rows[i].countries, .members = 1};

		rules_of(db, add_trip(db, &s), &p, rules, sizeof(rules));
		assert_int_equal(has_rule(rules, "max_days_by_countries:block"), rows[i].blocks);
		assert_false(has_rule(rules, "max_countries"));
	}
	{
		struct trip_spec four = {.depart = "2026-11-01", .ret = "2026-11-10", .countries = 4, .members = 1};

		rules_of(db, add_trip(db, &four), &p, rules, sizeof(rules));
		assert_true(has_rule(rules, "max_countries:block"));
	}
}

static void members(void **state)
{
	static const struct {
		int members;
		bool blocks;
	} rows[] = {{1, false}, {6, false}, {7, true}};
	struct policy p;
	struct db *db = fresh(state, &p);
	char rules[1024];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct trip_spec s = {.depart = "2026-11-01", .ret = "2026-11-05", .countries = 1, .members = rows[i].members};

		rules_of(db, add_trip(db, &s), &p, rules, sizeof(rules));
		assert_int_equal(has_rule(rules, "max_members:block"), rows[i].blocks);
	}
}

static void trips_per_cadre_per_year(void **state)
{
	static const struct {
		bool cadre;
		const char *other_depart; /* the person's other trip; NULL: none */
		const char *other_status;
		bool blocks;
	} rows[] = {
		{true, NULL, NULL, false},
		{true, "2026-03-01", "approved", true},  /* same year, counted */
		{true, "2026-03-01", "closed", true},
		{true, "2026-03-01", "draft", false},    /* drafts, rejected and cancelled trips do not count */
		{true, "2026-03-01", "cancelled", false},
		{true, "2025-12-20", "closed", false},   /* last year */
		{false, "2026-03-01", "approved", false}, /* not a cadre */
	};
	struct policy p;
	struct db *db = fresh(state, &p);
	char rules[1024];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t people[2] = {add_person(db, rows[i].cadre), 0};
		struct trip_spec s = {.depart = "2026-11-01", .ret = "2026-11-05", .countries = 1, .people = people};

		if (rows[i].other_depart) {
			char ret[DATE_LEN];
			struct trip_spec o = {.depart = rows[i].other_depart, .ret = ret, .countries = 1, .people = people,
					      .status = rows[i].other_status};

			date_add_days(rows[i].other_depart, 3, ret);
			add_trip(db, &o);
		}
		rules_of(db, add_trip(db, &s), &p, rules, sizeof(rules));
		assert_int_equal(has_rule(rules, "max_trips_per_person_year:block"), rows[i].blocks);
	}
}

static void publicity_working_days(void **state)
{
	/* posted on Monday 5 October, judged on Monday 12 October: 5-9 October are five working days */
	static const struct {
		const char *holidays; /* SQL VALUES of the holidays table, or "" */
		const char *publicity;
		bool blocks;
	} rows[] = {
		{"", "2026-10-05", false},
		{"", "2026-10-06", true}, /* four working days */
		{"('2026-10-05','holiday')", "2026-10-05", true},
		{"('2026-10-05','holiday'),('2026-10-11','workday')", "2026-10-05", false}, /* Sunday made up */
		{"('2026-10-10','holiday')", "2026-10-05", false}, /* a holiday on a Saturday takes nothing away */
		{"('2026-10-10','workday'),('2026-10-11','workday')", "2026-10-07", false}, /* 7-9 + weekend made up */
	};
	struct policy p;
	struct db *db = fresh(state, &p);
	char rules[1024], sql[256];
	size_t i;

	assert_int_equal(p.publicity_days, 5);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct trip_spec s = {.depart = "2026-12-01", .ret = "2026-12-05", .countries = 1, .members = 1,
				      .publicity = rows[i].publicity};

		assert_int_equal(db_execf(db, "DELETE FROM holidays", ""), DB_OK);
		if (rows[i].holidays[0]) {
			snprintf(sql, sizeof(sql), "INSERT INTO holidays (day, kind) VALUES %s", rows[i].holidays);
			assert_int_equal(db_execf(db, sql, ""), DB_OK);
		}
		rules_of(db, add_trip(db, &s), &p, rules, sizeof(rules));
		if (has_rule(rules, "publicity_days:block") != rows[i].blocks)
			fail_msg("row %zu: %s", i, rules);
	}
}

static void zero_growth(void **state)
{
	struct policy p;
	struct db *db = fresh(state, &p);
	char rules[1024];
	struct trip_spec last = {.depart = "2025-05-01", .ret = "2025-05-05", .countries = 1, .members = 2,
				 .status = "closed", .approved_on = "2025-04-01", .budget_fen = 500000};
	struct trip_spec trip = {.depart = "2026-11-01", .ret = "2026-11-05", .countries = 1, .members = 2,
				 .budget_fen = 500000};
	int64_t first;

	p.zero_growth = true;
	add_trip(db, &last); /* last year: 1 batch, 2 persons, 5000 yuan */
	first = add_trip(db, &trip);
	rules_of(db, first, &p, rules, sizeof(rules));
	assert_false(has_rule(rules, "zero_growth")); /* equal to last year passes */
	assert_int_equal(db_execf(db, "UPDATE delegations SET status = 'approved', approved_on = ?, approval_year = 2026 WHERE id = ?",
				  "ti", AS_OF, first),
			 DB_OK);
	rules_of(db, add_trip(db, &trip), &p, rules, sizeof(rules));
	assert_string_equal(rules, "zero_growth:block zero_growth:block zero_growth:block"); /* batches, persons, budget */
	p.zero_growth = false;
	rules_of(db, add_trip(db, &trip), &p, rules, sizeof(rules));
	assert_false(has_rule(rules, "zero_growth"));
}

static void within_plan(void **state)
{
	struct policy p;
	struct db *db = fresh(state, &p);
	char rules[1024];
	struct trip_spec trip = {.depart = "2026-11-01", .ret = "2026-11-05", .countries = 1, .members = 2,
				 .budget_fen = 100000};
	int64_t id;

	p.within_plan = true;
	id = add_trip(db, &trip);
	rules_of(db, id, &p, rules, sizeof(rules));
	assert_string_equal(rules, "within_plan:block"); /* no plan for the year */
	assert_int_equal(db_execf(db, "UPDATE delegations SET out_of_plan_reason = '临时任务' WHERE id = ?", "i", id), DB_OK);
	rules_of(db, id, &p, rules, sizeof(rules));
	assert_string_equal(rules, "within_plan:warning");
	/* a plan of exactly this trip passes; one person or one fen less blocks that dimension */
	assert_int_equal(db_execf(db, "INSERT INTO plans (year, unit_id, batches, persons, budget_fen, created_at, updated_at)"
				      " VALUES (2026, 1, 1, 2, 100000, 'x', 'x')", ""),
			 DB_OK);
	rules_of(db, add_trip(db, &trip), &p, rules, sizeof(rules));
	assert_string_equal(rules, "");
	assert_int_equal(db_execf(db, "UPDATE plans SET persons = 1, budget_fen = 99999", ""), DB_OK);
	rules_of(db, add_trip(db, &trip), &p, rules, sizeof(rules));
	assert_string_equal(rules, "within_plan:block within_plan:block");
	assert_int_equal(db_execf(db, "UPDATE plans SET batches = 0, persons = 2, budget_fen = 100000", ""), DB_OK);
	rules_of(db, add_trip(db, &trip), &p, rules, sizeof(rules));
	assert_string_equal(rules, "within_plan:block");
}

static void vote_tally(void **state)
{
	static const struct {
		int64_t panel, votes_for, against, abstain;
		bool veto;
		const char *outcome;
	} rows[] = {
		{3, 3, 0, 0, false, "approved"},
		{3, 1, 0, 0, false, "no_quorum"}, /* quorum 2/3 of 3 is 2 */
		{3, 2, 0, 0, false, "approved"},
		{3, 1, 1, 0, false, "rejected"},  /* a tie is not more than half */
		{3, 1, 0, 1, false, "rejected"},  /* abstentions count as cast */
		{3, 2, 1, 0, false, "approved"},
		{3, 2, 1, 0, true, "rejected"},   /* veto: one against rejects */
		{3, 3, 0, 0, true, "approved"},
		{5, 3, 0, 0, false, "no_quorum"}, /* 3 of 5 < 2/3 */
		{5, 4, 0, 0, false, "approved"},
		{6, 4, 0, 0, false, "approved"},  /* exactly 2/3 is a quorum */
		{6, 2, 2, 0, false, "rejected"},
		{0, 0, 0, 0, false, "no_quorum"}, /* no panel */
	};
	struct policy p;
	struct db *db = fresh(state, &p);
	size_t i;

	(void)db;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *got;

		p.joint_review_veto = rows[i].veto;
		got = review_decide(&p, rows[i].panel, rows[i].votes_for, rows[i].against, rows[i].abstain);
		if (strcmp(got, rows[i].outcome) != 0)
			fail_msg("row %zu: %s, expected %s", i, got, rows[i].outcome);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(days_by_countries, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(members, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(trips_per_cadre_per_year, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(publicity_working_days, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(zero_growth, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(within_plan, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(vote_tally, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
