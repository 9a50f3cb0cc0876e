/*
 * test_rules.c - the rule engine (checks.c over rules.c): each shipped rule
 * at its boundary, the rules in force on the approval date, no finding
 * without a cause, and boundary tables (members, publicity working days with
 * holidays and make-up days, zero growth, within plan). Trips are written straight into a fresh database; every
 * date is derived from today.
 */
#include "helpers.h"

#include "checks.h"
#include "dates.h"
#include "policy.h"
#include "rules.h"

/* ---- fixtures ---- */

static char today_s[DATE_LEN];

static int64_t unit(struct db *db, const char *name)
{
	int64_t id = 0;

	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO units (name, level, created_at, updated_at) VALUES (?, 'city_bureau', 'x', 'x')"
				      " RETURNING id",
				      "t", name),
			 DB_OK);
	return id;
}

struct who {
	const char *rank;
	bool cadre, leadership, principal, retired;
};

static int64_t person(struct db *db, int64_t unit_id, struct who w)
{
	static int n;
	char name[32], number[32];
	int64_t id = 0;

	snprintf(name, sizeof(name), "人员%d", ++n);
	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO persons (name, gender, unit_id, rank, is_cadre, is_leadership, is_principal,"
				      " retired, created_at, updated_at) VALUES (?, 'male', ?, ?, ?, ?, ?, ?, 'x', 'x') RETURNING id",
				      "titiiii", name, unit_id, w.rank ? w.rank : "division", (int64_t)w.cadre,
				      (int64_t)w.leadership, (int64_t)w.principal, (int64_t)w.retired),
			 DB_OK);
	snprintf(number, sizeof(number), "S%08d", n);
	assert_int_equal(db_execf(db,
				  "INSERT INTO passports (number, kind, person_id, expiry_date, created_at, updated_at)"
				  " VALUES (?, 'service', ?, '2099-12-31', 'x', 'x')",
				  "ti", number, id),
			 DB_OK);
	return id;
}

struct trip_spec {
	int64_t unit_id;
	const char *category, *inviter_type, *budget_source, *status, *approved_on;
	int64_t depart_in, days, budget_fen, official_days;
	const char *countries[6]; /* "BR", or "AE*" for a transit stop */
	int64_t members[8];
};

static int64_t trip(struct db *db, const struct trip_spec *s)
{
	static int n;
	char depart[DATE_LEN], ret[DATE_LEN], code[24], publicity[DATE_LEN];
	int64_t id = 0;
	int i;

	date_add_days(today_s, s->depart_in ? s->depart_in : 60, depart);
	date_add_days(depart, (s->days ? s->days : 5) - 1, ret);
	date_add_days(today_s, -30, publicity);
	snprintf(code, sizeof(code), "T-%d", ++n);
	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
				      " inviter_type, depart_date, return_date, budget_fen, budget_source, official_days, status,"
				      " publicity_start, submitted_on, approved_on, approval_year, created_at, updated_at)"
				      " VALUES (?, 2000, ?, ?, '团', '任务', ?, '邀请方', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x') RETURNING id",
				      "tiittttitittttz", code, (int64_t)n, s->unit_id, s->category ? s->category : "conference",
				      s->inviter_type ? s->inviter_type : "foreign_government", depart, ret,
				      s->budget_fen >= 0 ? (s->budget_fen ? s->budget_fen : 5000000) : 0,
				      s->budget_source ? (s->budget_source[0] ? s->budget_source : NULL) : "fiscal",
				      s->official_days ? s->official_days : (s->days ? s->days : 5), s->status ? s->status : "submitted",
				      publicity, today_s, s->approved_on, (int64_t)(s->approved_on ? date_year(s->approved_on) : 0)),
			 DB_OK);
	for (i = 0; i < 6 && s->countries[i]; i++)
		assert_int_equal(db_execf(db,
					  "INSERT INTO delegation_destinations (delegation_id, position, country, city, days, transit)"
					  " VALUES (?, ?, ?, '城市', 1, ?)",
					  "iiti", id, (int64_t)i + 1, (char[3]){s->countries[i][0], s->countries[i][1], 0},
					  (int64_t)(s->countries[i][2] == '*')),
				 DB_OK);
	for (i = 0; i < 8 && s->members[i]; i++)
		assert_int_equal(db_execf(db, "INSERT INTO delegation_members (delegation_id, person_id, is_leader) VALUES (?, ?, ?)",
					  "iii", id, s->members[i], (int64_t)(i == 0)),
				 DB_OK);
	return id;
}

/* The findings of rule `key` for trip id (as of `as_of`, NULL for today), into *out (caller frees). */
static size_t findings(struct db *db, int64_t id, const char *as_of, const char *key, json_t **out, bool *blocked)
{
	struct policy p;
	json_t *items = NULL, *c;
	size_t i;

	assert_int_equal(policy_load(db, &p), DB_OK);
	assert_int_equal(checks_run(db, id, &p, as_of, &items, blocked), DB_OK);
	*out = json_array();
	json_array_foreach(items, i, c)
		if (strcmp(json_string_value(json_object_get(c, "rule")), key) == 0)
			json_array_append(*out, c);
	json_decref(items);
	return json_array_size(*out);
}

static size_t count(struct db *db, int64_t id, const char *key)
{
	json_t *f;
	bool blocked;
	size_t n = findings(db, id, NULL, key, &f, &blocked);

	json_decref(f);
	return n;
}

static const char *first(json_t *f, const char *field)
{
	return json_string_value(json_object_get(json_array_get(f, 0), field));
}

/* Common set-up: a unit with a plan, zero growth off unless a test turns it on. */
static int64_t setup_unit(struct db *db)
{
	int64_t u = unit(db, "测试局");

	date_today(today_s);
	assert_int_equal(db_execf(db, "INSERT INTO plans (year, unit_id, batches, persons, budget_fen, created_at, updated_at)"
				      " VALUES (?, ?, 100, 1000, 100000000000, 'x', 'x'), (?, ?, 100, 1000, 100000000000, 'x', 'x')",
				  "iiii", (int64_t)date_year(today_s), u, (int64_t)date_year(today_s) - 1, u),
			 DB_OK);
	assert_int_equal(db_execf(db, "UPDATE rules SET enabled = 0 WHERE key IN ('zero_growth', 'min_lead_days')", ""), DB_OK);
	return u;
}

/* ---- tests ---- */

static void latin_america_and_africa_add_a_day(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), a = person(db, u, (struct who){0});
	json_t *f;
	bool blocked;

	/* 2 countries with Brazil: 9 days allowed, 10 blocked */
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .days = 9, .countries = {"BR", "AR"}, .members = {a}}),
			       "max_days_by_countries"),
			 0);
	assert_int_equal(findings(db, trip(db, &(struct trip_spec){.unit_id = u, .days = 10, .countries = {"DE", "ZA"}, .members = {a}}),
				  NULL, "max_days_by_countries", &f, &blocked),
			 1);
	assert_string_equal(first(f, "message"), "出访2国(含非洲国家,可增加1天)不超过9天,本团组10天(依据:中办发〔2013〕16号)");
	assert_string_equal(first(f, "severity"), "block");
	assert_true(blocked);
	json_decref(f);
	/* without Latin America or Africa: 8 days */
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .days = 9, .countries = {"DE", "FR"}, .members = {a}}),
			       "max_days_by_countries"),
			 1);
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .days = 8, .countries = {"DE", "FR"}, .members = {a}}),
			       "max_days_by_countries"),
			 0);
}

static void transit_stops_do_not_count_and_too_many_countries_get_the_countries_rule_alone(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), a = person(db, u, (struct who){0});
	int64_t with_transit = trip(db, &(struct trip_spec){.unit_id = u, .days = 10, .countries = {"DE", "AE*", "FR", "IT"}, .members = {a}});
	int64_t four = trip(db, &(struct trip_spec){.unit_id = u, .days = 12, .countries = {"BR", "AR", "CL", "PE"}, .members = {a}});
	json_t *f;
	bool blocked;

	assert_int_equal(count(db, with_transit, "max_countries"), 0);
	assert_int_equal(count(db, with_transit, "max_days_by_countries"), 0); /* 3 countries, 10 days */
	assert_int_equal(findings(db, four, NULL, "max_countries", &f, &blocked), 1);
	assert_string_equal(first(f, "message"), "出访国家(地区)不超过3个,本团组4个(依据:中办发〔2013〕16号)");
	json_decref(f);
	assert_int_equal(count(db, four, "max_days_by_countries"), 0);
	/* a province that counts transit stops: the same trip now has 4 countries */
	assert_int_equal(db_execf(db, "UPDATE rules SET params = '{\"max\":3,\"count_transit\":true}' WHERE key = 'max_countries'", ""),
			 DB_OK);
	assert_int_equal(count(db, with_transit, "max_countries"), 1);
}

static void frequency_follows_rank_with_its_window(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db);
	int64_t bureau = person(db, u, (struct who){.rank = "bureau", .cadre = true});
	int64_t principal = person(db, u, (struct who){.rank = "bureau", .cadre = true, .principal = true});
	int64_t division = person(db, u, (struct who){.rank = "division", .cadre = true});
	int64_t staff = person(db, u, (struct who){.rank = "none"});
	json_t *f;
	bool blocked;

	/* earlier trips 20 months before this one's departure (today + 60) */
	trip(db, &(struct trip_spec){.unit_id = u, .depart_in = 60 - 20 * 30, .status = "closed", .countries = {"DE"},
				       .members = {bureau, principal, division, staff}});
	assert_int_equal(findings(db, trip(db, &(struct trip_spec){.unit_id = u, .status = "draft", .countries = {"DE"},
								      .members = {bureau}}),
				  NULL, "trip_frequency", &f, &blocked),
			 1);
	assert_non_null(strstr(first(f, "message"), "厅局级每24个月内因公出国不超过1次"));
	json_decref(f);
	/* the principal leaders' once a year: 20 months back is outside their window */
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {principal}}),
			       "trip_frequency"),
			 0);
	/* a 处级 cadre: once per calendar year (the default) and non-cadres not at all */
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {division, staff}}),
			       "trip_frequency"),
			 0);
	/* the bureau cadre 25 months later is free again */
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .depart_in = 60 + 5 * 30 + 10, .countries = {"DE"},
							    .members = {bureau}}),
			       "trip_frequency"),
			 0);
}

static void inspection_inviters_leadership_retired_and_budget(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), v = unit(db, "另一局");
	int64_t lead1 = person(db, u, (struct who){.leadership = true}), lead2 = person(db, u, (struct who){.leadership = true});
	int64_t lead_other = person(db, v, (struct who){.leadership = true}), retired = person(db, u, (struct who){.retired = true});
	int64_t plain = person(db, u, (struct who){0});
	json_t *f;
	bool blocked;

	/* 考察: a warning as shipped, a block when the province says so */
	int64_t insp = trip(db, &(struct trip_spec){.unit_id = u, .category = "inspection", .countries = {"DE"}, .members = {plain}});
	assert_int_equal(findings(db, insp, NULL, "general_inspection", &f, &blocked), 1);
	assert_string_equal(first(f, "severity"), "warning");
	assert_false(blocked);
	json_decref(f);
	assert_int_equal(db_execf(db, "UPDATE rules SET severity = 'block' WHERE key = 'general_inspection'", ""), DB_OK);
	assert_int_equal(findings(db, insp, NULL, "general_inspection", &f, &blocked), 1);
	assert_true(blocked);
	json_decref(f);
	/* an excluded inviter type */
	assert_int_equal(findings(db, trip(db, &(struct trip_spec){.unit_id = u, .inviter_type = "overseas_chinese_association",
								      .countries = {"BR"}, .members = {plain}}),
				  NULL, "excluded_inviters", &f, &blocked),
			 1);
	assert_non_null(strstr(first(f, "message"), "海外华侨华人社团"));
	assert_string_equal(first(f, "source"), "教外厅〔2015〕1号");
	json_decref(f);
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .inviter_type = "university", .countries = {"BR"},
							    .members = {plain}}),
			       "excluded_inviters"),
			 0);
	/* two leadership members of one unit; one each of two units is fine */
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {lead1, lead2}}),
			       "leadership_together"),
			 1);
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {lead1, lead_other}}),
			       "leadership_together"),
			 0);
	/* retired staff */
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {plain, retired}}),
			       "retired_staff"),
			 1);
	/* budget 0 and no source: two findings; a budget with its source: none */
	assert_int_equal(findings(db, trip(db, &(struct trip_spec){.unit_id = u, .budget_fen = -1, .budget_source = "",
								      .countries = {"DE"}, .members = {plain}}),
				  NULL, "budget_required", &f, &blocked),
			 2);
	assert_string_equal(first(f, "source"), "财行〔2013〕516号 第四条");
	json_decref(f);
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {plain}}),
			       "budget_required"),
			 0);
}

static void publicity_before_submission_is_a_parameter(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), a = person(db, u, (struct who){0});
	int64_t t = trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {a}});
	char start[DATE_LEN];
	json_t *f;
	bool blocked;

	/* posted 30 days before today: enough before approval today and before submission today */
	assert_int_equal(count(db, t, "publicity"), 0);
	/* posted yesterday, submitted today: before approval it counts up to yesterday; before submission too */
	date_add_days(today_s, -1, start);
	assert_int_equal(db_execf(db, "UPDATE delegations SET publicity_start = ? WHERE id = ?", "ti", start, t), DB_OK);
	assert_int_equal(db_execf(db, "UPDATE rules SET params = '{\"before\":\"submission\",\"days\":5}' WHERE key = 'publicity'", ""),
			 DB_OK);
	assert_int_equal(findings(db, t, NULL, "publicity", &f, &blocked), 1);
	assert_non_null(strstr(first(f, "message"), "申报前公示不少于5个工作日"));
	json_decref(f);
	/* an approval next month, before approval: the posting has had its five working days by then */
	assert_int_equal(db_execf(db, "UPDATE rules SET params = '{\"before\":\"approval\",\"days\":5}' WHERE key = 'publicity'", ""),
			 DB_OK);
	date_add_days(today_s, 30, start);
	assert_int_equal(findings(db, t, start, "publicity", &f, &blocked), 0);
	json_decref(f);
}

static void a_trip_is_judged_by_the_rules_in_force_on_its_approval_date(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), p[7], t;
	char last_month[DATE_LEN], yesterday[DATE_LEN];
	int i;
	json_t *f;
	bool blocked;

	for (i = 0; i < 7; i++)
		p[i] = person(db, u, (struct who){0});
	date_add_days(today_s, -30, last_month);
	date_add_days(today_s, -1, yesterday);
	/* 7 members, approved last month under a rule of 8 that was changed to 6 today */
	assert_int_equal(db_execf(db, "UPDATE rules SET params = '{\"max\":8}', effective_to = ? WHERE key = 'max_members'", "t",
				  yesterday),
			 DB_OK);
	assert_int_equal(db_execf(db,
				  "INSERT INTO rules (key, kind, title_zh, params, severity, scope, source, article, enabled,"
				  " effective_from, created_at, updated_at) VALUES ('max_members', 'max_members', '团组人数',"
				  " '{\"max\":6}', 'block', '{}', '中办发〔2013〕16号', '', 1, ?, 'x', 'x')",
				  "t", today_s),
			 DB_OK);
	t = trip(db, &(struct trip_spec){.unit_id = u, .status = "approved", .approved_on = last_month, .countries = {"DE"},
					 .members = {p[0], p[1], p[2], p[3], p[4], p[5], p[6]}});
	assert_int_equal(count(db, t, "max_members"), 0);
	/* the same trip not yet approved is judged by today's rule */
	assert_int_equal(db_execf(db, "UPDATE delegations SET status = 'submitted', approved_on = NULL WHERE id = ?", "i", t), DB_OK);
	assert_int_equal(findings(db, t, NULL, "max_members", &f, &blocked), 1);
	assert_string_equal(first(f, "message"), "团组人数不超过6人,本团组7人(依据:中办发〔2013〕16号)");
	json_decref(f);
	/* and as of last month (a review session held then) by last month's */
	assert_int_equal(findings(db, t, last_month, "max_members", &f, &blocked), 0);
	json_decref(f);
}

static void zero_growth_without_last_year_warns_and_the_plan_names_its_year(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), a = person(db, u, (struct who){0}), t;
	int year = date_year(today_s);
	char last_year_day[DATE_LEN], msg[200];
	json_t *f;
	bool blocked;

	assert_int_equal(db_execf(db, "UPDATE rules SET enabled = 1 WHERE key = 'zero_growth'", ""), DB_OK);
	t = trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {a}});
	assert_int_equal(findings(db, t, NULL, "zero_growth", &f, &blocked), 1);
	assert_string_equal(first(f, "severity"), "warning");
	snprintf(msg, sizeof(msg), "零增长:系统中没有%d年的出访记录", year - 1);
	assert_non_null(strstr(first(f, "message"), msg));
	assert_false(blocked);
	json_decref(f);
	/* one recorded trip last year with one member: this trip of one member does not pass it */
	snprintf(last_year_day, sizeof(last_year_day), "%d-06-01", year - 1);
	trip(db, &(struct trip_spec){.unit_id = u, .status = "closed", .approved_on = last_year_day, .depart_in = -300,
				       .countries = {"DE"}, .members = {a}});
	assert_int_equal(findings(db, t, NULL, "zero_growth", &f, &blocked), 0);
	json_decref(f);
	/* the plan is that of the approval year, named in the message */
	assert_int_equal(db_execf(db, "DELETE FROM plans", ""), DB_OK);
	assert_int_equal(findings(db, t, NULL, "within_plan", &f, &blocked), 1);
	snprintf(msg, sizeof(msg), "本单位未编制%d年度出访计划", year);
	assert_non_null(strstr(first(f, "message"), msg));
	json_decref(f);
}

static void a_closed_trip_does_not_count_against_itself(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), bureau = person(db, u, (struct who){.rank = "bureau", .cadre = true}), t;
	char last_month[DATE_LEN];
	json_t *f;
	bool blocked;

	date_add_days(today_s, -30, last_month);
	t = trip(db, &(struct trip_spec){.unit_id = u, .status = "closed", .approved_on = last_month, .depart_in = -20,
					 .countries = {"DE"}, .members = {bureau}});
	assert_int_equal(db_execf(db, "UPDATE plans SET batches = 1, persons = 1", ""), DB_OK);
	assert_int_equal(findings(db, t, NULL, "trip_frequency", &f, &blocked), 0);
	json_decref(f);
	assert_int_equal(findings(db, t, NULL, "within_plan", &f, &blocked), 0);
	json_decref(f);
}

/* ---- boundary tables (one row per case: add a row to extend) ---- */

static void members_at_the_limit(void **state)
{
	static const struct {
		int members;
		size_t findings;
	} rows[] = {{1, 0}, {6, 0}, {7, 1}};
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), people[7];
	size_t i;
	int k;

	for (k = 0; k < 7; k++)
		people[k] = person(db, u, (struct who){0});
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct trip_spec s = {.unit_id = u, .countries = {"DE"}};

		for (k = 0; k < rows[i].members; k++)
			s.members[k] = people[k];
		if (count(db, trip(db, &s), "max_members") != rows[i].findings)
			fail_msg("row %zu: %d members", i, rows[i].members);
	}
}

/*
 * Five working days of publicity before approval, counted with the office's
 * holidays and make-up days: posted on a Monday, judged on the next Monday,
 * that Monday to Friday is five. The week is the one starting 3 to 9 weeks
 * before today, so every date is derived from today.
 */
static void publicity_working_days_with_holidays_and_make_up_days(void **state)
{
	static const struct {
		int posted;                /* days after the Monday */
		int holiday[2], workday[2]; /* days after the Monday, -1 for none */
		size_t findings;
	} rows[] = {
		{0, {-1, -1}, {-1, -1}, 0},
		{1, {-1, -1}, {-1, -1}, 1}, /* Tuesday: four working days */
		{0, {0, -1}, {-1, -1}, 1},  /* the Monday a holiday */
		{0, {0, -1}, {6, -1}, 0},   /* ... and the Sunday made up */
		{0, {5, -1}, {-1, -1}, 0},  /* a holiday on a Saturday takes nothing away */
		{2, {-1, -1}, {5, 6}, 0},   /* Wednesday, with the weekend made up */
		{2, {3, -1}, {5, 6}, 1},    /* ... less a Thursday holiday */
	};
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), a = person(db, u, (struct who){0});
	char monday[DATE_LEN], judged[DATE_LEN], day[DATE_LEN];
	int64_t back = 21 + (date_to_days(today_s) + 3) % 7; /* 1970-01-01 was a Thursday */
	size_t i;
	int k;

	date_add_days(today_s, -back, monday);
	date_add_days(monday, 7, judged);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t t = trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {a}});
		json_t *f;
		bool blocked;

		assert_int_equal(db_execf(db, "DELETE FROM holidays", ""), DB_OK);
		for (k = 0; k < 2; k++) {
			if (rows[i].holiday[k] >= 0) {
				date_add_days(monday, rows[i].holiday[k], day);
				assert_int_equal(db_execf(db, "INSERT INTO holidays (day, kind) VALUES (?, 'holiday')", "t", day), DB_OK);
			}
			if (rows[i].workday[k] >= 0) {
				date_add_days(monday, rows[i].workday[k], day);
				assert_int_equal(db_execf(db, "INSERT INTO holidays (day, kind) VALUES (?, 'workday')", "t", day), DB_OK);
			}
		}
		date_add_days(monday, rows[i].posted, day);
		assert_int_equal(db_execf(db, "UPDATE delegations SET publicity_start = ? WHERE id = ?", "ti", day, t), DB_OK);
		if (findings(db, t, judged, "publicity", &f, &blocked) != rows[i].findings)
			fail_msg("row %zu: posted %s, judged %s", i, day, judged);
		json_decref(f);
	}
}

/* Zero growth: equal to last year passes; one batch, person or yuan more is one finding per dimension. */
static void zero_growth_at_last_years_figures(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), a = person(db, u, (struct who){0}), b = person(db, u, (struct who){0});
	int year = date_year(today_s);
	char last_year_day[DATE_LEN];
	int64_t first_trip;

	assert_int_equal(db_execf(db, "UPDATE rules SET enabled = 1 WHERE key = 'zero_growth'", ""), DB_OK);
	snprintf(last_year_day, sizeof(last_year_day), "%d-06-01", year - 1);
	/* last year: one batch of two persons, 5 000 yuan */
	trip(db, &(struct trip_spec){.unit_id = u, .status = "closed", .approved_on = last_year_day, .depart_in = -300,
				       .budget_fen = 500000, .countries = {"DE"}, .members = {a, b}});
	first_trip = trip(db, &(struct trip_spec){.unit_id = u, .budget_fen = 500000, .countries = {"DE"}, .members = {a, b}});
	assert_int_equal(count(db, first_trip, "zero_growth"), 0);
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .budget_fen = 500001, .countries = {"DE"},
								 .members = {a, b}}),
			       "zero_growth"),
			 1);
	/* approved this year, the same trip again passes every dimension */
	assert_int_equal(db_execf(db, "UPDATE delegations SET status = 'approved', approved_on = ?, approval_year = ? WHERE id = ?",
				  "tii", today_s, (int64_t)year, first_trip),
			 DB_OK);
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .budget_fen = 500000, .countries = {"DE"},
								 .members = {a, b}}),
			       "zero_growth"),
			 3);
	assert_int_equal(db_execf(db, "UPDATE rules SET enabled = 0 WHERE key = 'zero_growth'", ""), DB_OK);
	assert_int_equal(count(db, trip(db, &(struct trip_spec){.unit_id = u, .countries = {"DE"}, .members = {a, b}}),
			       "zero_growth"),
			 0);
}

/* Within plan: no plan blocks, a written reason makes it a warning, a plan of exactly the trip passes. */
static void within_plan_at_the_plans_figures(void **state)
{
	static const struct {
		int64_t batches, persons, budget_fen;
		size_t findings;
	} rows[] = {
		{1, 2, 100000, 0},
		{1, 1, 100000, 1},
		{1, 2, 99999, 1},
		{1, 1, 99999, 2},
		{0, 2, 100000, 1},
	};
	struct db *db = ((struct test_db *)*state)->db;
	int64_t u = setup_unit(db), a = person(db, u, (struct who){0}), b = person(db, u, (struct who){0});
	struct trip_spec s = {.unit_id = u, .budget_fen = 100000, .countries = {"DE"}, .members = {a, b}};
	int64_t year = date_year(today_s), t;
	json_t *f;
	bool blocked;
	size_t i;

	assert_int_equal(db_execf(db, "DELETE FROM plans", ""), DB_OK);
	t = trip(db, &s);
	assert_int_equal(findings(db, t, NULL, "within_plan", &f, &blocked), 1);
	assert_string_equal(first(f, "severity"), "block");
	json_decref(f);
	assert_int_equal(db_execf(db, "UPDATE delegations SET out_of_plan_reason = '临时任务' WHERE id = ?", "i", t), DB_OK);
	assert_int_equal(findings(db, t, NULL, "within_plan", &f, &blocked), 1);
	assert_string_equal(first(f, "severity"), "warning");
	json_decref(f);
	assert_int_equal(db_execf(db, "INSERT INTO plans (year, unit_id, batches, persons, budget_fen, created_at, updated_at)"
				      " VALUES (?, ?, 0, 0, 0, 'x', 'x')",
				  "ii", year, u),
			 DB_OK);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(db_execf(db, "UPDATE plans SET batches = ?, persons = ?, budget_fen = ?", "iii", rows[i].batches,
					  rows[i].persons, rows[i].budget_fen),
				 DB_OK);
		if (count(db, trip(db, &s), "within_plan") != rows[i].findings)
			fail_msg("row %zu", i);
	}
}

static void rule_sets_load_by_date_and_cite_their_source(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct rule_set set;
	const struct rule *r;
	char cite[300];
	size_t pos = 0, n = 0;

	date_today(today_s);
	assert_int_equal(rules_load(db, today_s, &set), DB_OK);
	assert_int_equal(set.n, 17);
	while ((r = rules_next(&set, "budget_required", &pos)))
		n++;
	assert_int_equal(n, 1);
	pos = 0;
	r = rules_next(&set, "within_plan", &pos);
	assert_non_null(r);
	rules_cite(r, cite, sizeof(cite));
	assert_string_equal(cite, "财行〔2013〕516号 第五条");
	pos = 0;
	r = rules_next(&set, "trip_frequency", &pos);
	assert_int_equal(rules_param_int(r, "ranks.bureau.months", 0), 24);
	assert_int_equal(rules_param_int(r, "principal.trips", 0), 1);
	pos = 0;
	assert_true(rules_param_has(rules_next(&set, "max_days_by_countries", &pos), "extra_regions", "latin_america"));
	rules_free(&set);
	assert_int_equal(rules_load(db, "1969-12-31", &set), DB_OK);
	assert_int_equal(set.n, 0);
	rules_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(latin_america_and_africa_add_a_day, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(transit_stops_do_not_count_and_too_many_countries_get_the_countries_rule_alone,
						test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(frequency_follows_rank_with_its_window, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(inspection_inviters_leadership_retired_and_budget, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(publicity_before_submission_is_a_parameter, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(a_trip_is_judged_by_the_rules_in_force_on_its_approval_date, test_db_setup,
						test_db_teardown),
		cmocka_unit_test_setup_teardown(zero_growth_without_last_year_warns_and_the_plan_names_its_year, test_db_setup,
						test_db_teardown),
		cmocka_unit_test_setup_teardown(a_closed_trip_does_not_count_against_itself, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(rule_sets_load_by_date_and_cite_their_source, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(members_at_the_limit, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(publicity_working_days_with_holidays_and_make_up_days, test_db_setup,
						test_db_teardown),
		cmocka_unit_test_setup_teardown(zero_growth_at_last_years_figures, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(within_plan_at_the_plans_figures, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
