/*
 * test_trip_record.c - the trip module's numbering, counting and historical
 * record through its domain operations, without a server: trip codes per
 * year of application and approval numbers per year of approval (across
 * years, after gaps, a past trip and a live approval in one year), the
 * year totals and persons of trips (members and imported head counts;
 * rejected and cancelled trips not counted), a past trip recorded closed
 * with its numbers, every invalid field refused with nothing written, a
 * future "past" trip refused, the actor's units respected, one audit entry
 * per record and per import. Dates derive from today; every expected figure
 * is counted here in SQL of the test's own.
 */
#include "helpers.h"

#include "dates.h"
#include "import.h"
#include "trip.h"
#include "trip_record.h"
#include "trip_totals.h"

#include <jansson.h>

static const struct actor admin = {1, ROLE_ADMIN, 0, "admin", ""};

/* Units 1 (市商务局) and 2 (市教育局); persons 1, 2 of unit 1 and 3 of unit 2; users 1 (admin), 2 (unit 1). */
static void seed(struct db *db)
{
	assert_int_equal(db_execf(db, "INSERT INTO users (username, display_name, password_hash, role, created_at, updated_at) VALUES"
				      " ('admin', '管理员', 'x', 'admin', 'x', 'x')", ""),
			 DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('市商务局', 'city_bureau', 'x', 'x'),"
				      " ('市教育局', 'city_bureau', 'x', 'x')", ""),
			 DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO users (username, display_name, password_hash, role, unit_id, created_at, updated_at)"
				      " VALUES ('shangwu', '商务局', 'x', 'unit', 1, 'x', 'x')", ""),
			 DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO persons (name, gender, unit_id, rank, is_cadre, created_at, updated_at) VALUES"
				      " ('张三', 'male', 1, 'none', 0, 'x', 'x'), ('李四', 'female', 1, 'none', 0, 'x', 'x'),"
				      " ('王五', 'male', 2, 'none', 0, 'x', 'x')", ""),
			 DB_OK);
}

/* Day `offset` of year `year` (0: 1 January). */
static void day_of(int year, int offset, char out[DATE_LEN])
{
	date_from_days(date_year_start(year) + offset, out);
}

static int this_year(void)
{
	char today[DATE_LEN];

	date_today(today);
	return date_year(today);
}

/* A valid past trip of unit 1: two members (person 1 leads), one stop in Germany, approved on `approved`. */
static json_t *past_trip(const char *depart, const char *ret, const char *approved)
{
	return json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:i}], s:[{s:i, s:b}, {s:i, s:b}], s:i, s:s}",
			 "unit_id", 1, "title", "赴德国经贸考察团", "task", "考察", "category", "business", "inviter", "德国商会",
			 "depart_date", depart, "return_date", ret, "destinations", "country", "DE", "city", "柏林", "days", 2,
			 "members", "person_id", 1, "is_leader", 1, "person_id", 2, "is_leader", 0, "budget_cny", 1000,
			 "approved_on", approved);
}

/* A past trip of last year, approved on day `offset` (departing ten days later, three days abroad). */
static json_t *last_year_trip(int offset)
{
	char depart[DATE_LEN], ret[DATE_LEN], approved[DATE_LEN];

	day_of(this_year() - 1, offset, approved);
	day_of(this_year() - 1, offset + 10, depart);
	day_of(this_year() - 1, offset + 12, ret);
	return past_trip(depart, ret, approved);
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_query_int(db, &n, sql, ""), DB_OK);
	return n;
}

static int64_t record_ok(struct db *db, const struct actor *who, json_t *fields)
{
	struct op_error err;
	int64_t id = 0;
	int status = trip_record_historical(db, who, fields, &id, &err);

	if (status)
		fprintf(stderr, "record: %d %s %s %s\n", status, err.code, err.field ? err.field : "-", err.zh);
	assert_int_equal(status, 0);
	assert_true(id > 0);
	json_decref(fields);
	return id;
}

static void text_of(struct db *db, const char *sql, int64_t id, char *out, size_t len)
{
	struct db_stmt *st = NULL;

	assert_int_equal(db_prepare(db, sql, &st), DB_OK);
	assert_int_equal(db_bind_int64(st, 1, id), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(out, len, "%s", db_column_text(st, 0) ? db_column_text(st, 0) : "(null)");
	db_finalize(st);
}

/* ---- numbering ---- */

static void codes_continue_per_year_and_after_gaps(void **state)
{
	struct test_db *t = *state;
	int y = this_year() - 2;
	char code[32], number[64], expect[64], dec[DATE_LEN], jan[DATE_LEN], depart[DATE_LEN], ret[DATE_LEN];
	json_t *f;
	int64_t a, b, c, next = 0;

	seed(t->db);
	/* a trip already numbered y-0007 and 〔y〕3号 (the numbers before it never used: a gap) */
	assert_int_equal(db_execf(t->db, "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
					 " depart_date, return_date, budget_fen, status, approval_year, approval_seq, approval_no,"
					 " created_at, updated_at) VALUES ('OLD-7', ?, 7, 1, '旧团', '考察', 'business', '某', '2000-01-01',"
					 " '2000-01-02', 0, 'closed', ?, 3, '旧号', 'x', 'x')",
				  "ii", (int64_t)y, (int64_t)y),
			 DB_OK);
	/* applied for in December of y, approved in January of y+1: code of y, approval of y+1 */
	day_of(y, 340, dec);
	day_of(y + 1, 5, jan);
	day_of(y + 1, 20, depart);
	day_of(y + 1, 22, ret);
	f = past_trip(depart, ret, jan);
	json_object_set_new(f, "submitted_on", json_string(dec));
	a = record_ok(t->db, &admin, f);
	/* applied for and approved in y */
	day_of(y, 100, jan);
	day_of(y, 120, depart);
	day_of(y, 122, ret);
	b = record_ok(t->db, &admin, past_trip(depart, ret, jan));
	/* another of y+1 */
	day_of(y + 1, 200, jan);
	day_of(y + 1, 220, depart);
	day_of(y + 1, 222, ret);
	c = record_ok(t->db, &admin, past_trip(depart, ret, jan));

	text_of(t->db, "SELECT code FROM delegations WHERE id = ?", a, code, sizeof(code));
	snprintf(expect, sizeof(expect), "%04d-0008", y);
	assert_string_equal(code, expect);
	text_of(t->db, "SELECT approval_no FROM delegations WHERE id = ?", a, number, sizeof(number));
	snprintf(expect, sizeof(expect), "外审〔%d〕1号", y + 1);
	assert_string_equal(number, expect);
	text_of(t->db, "SELECT code FROM delegations WHERE id = ?", b, code, sizeof(code));
	snprintf(expect, sizeof(expect), "%04d-0009", y);
	assert_string_equal(code, expect);
	text_of(t->db, "SELECT approval_no FROM delegations WHERE id = ?", b, number, sizeof(number));
	snprintf(expect, sizeof(expect), "外审〔%d〕4号", y);
	assert_string_equal(number, expect);
	text_of(t->db, "SELECT code FROM delegations WHERE id = ?", c, code, sizeof(code));
	snprintf(expect, sizeof(expect), "%04d-0001", y + 1);
	assert_string_equal(code, expect);
	text_of(t->db, "SELECT approval_no FROM delegations WHERE id = ?", c, number, sizeof(number));
	snprintf(expect, sizeof(expect), "外审〔%d〕2号", y + 1);
	assert_string_equal(number, expect);
	/* the owner's own answer agrees */
	assert_int_equal(trip_next_seq(t->db, TRIP_SEQ_CODE, y, &next), DB_OK);
	assert_int_equal(next, 10);
	assert_int_equal(trip_next_seq(t->db, TRIP_SEQ_APPROVAL, y + 1, &next), DB_OK);
	assert_int_equal(next, 3);
	assert_int_equal(trip_next_seq(t->db, TRIP_SEQ_CODE, y + 5, &next), DB_OK);
	assert_int_equal(next, 1);
	trip_code_format(y, 12, code);
	snprintf(expect, sizeof(expect), "%04d-0012", y);
	assert_string_equal(code, expect);
}

static void a_past_trip_and_a_live_approval_share_the_year(void **state)
{
	struct test_db *t = *state;
	char today[DATE_LEN], depart[DATE_LEN], ret[DATE_LEN], number[64], expect[64];
	struct op_error err;
	json_t *f, *body, *out = NULL;
	int64_t past, live = 0;

	seed(t->db);
	date_today(today);
	date_add_days(today, 30, depart);
	date_add_days(today, 32, ret);
	/* approved today, leaving next month: still "approved" */
	f = past_trip(depart, ret, today);
	json_object_set_new(f, "status", json_string("approved"));
	past = record_ok(t->db, &admin, f);
	/* a trip in review, approved live today by the director */
	assert_int_equal(db_query_int(t->db, &live,
				      "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
				      " depart_date, return_date, budget_fen, status, created_at, updated_at) VALUES"
				      " ('LIVE-1', 1999, 1, 1, '在审团', '考察', 'business', '某', ?, ?, 100, 'preliminary_approved', 'x', 'x')"
				      " RETURNING id",
				      "tt", depart, ret),
			 DB_OK);
	assert_int_equal(db_execf(t->db, "INSERT INTO delegation_members (delegation_id, person_id, is_leader) VALUES (?, 3, 1)", "i", live), DB_OK);
	assert_int_equal(db_execf(t->db, "INSERT INTO delegation_destinations (delegation_id, position, country, city, days) VALUES (?, 1, 'FR', '巴黎', 2)", "i", live), DB_OK);
	assert_int_equal(db_execf(t->db, "UPDATE settings SET value = 'off' WHERE key = 'joint_review_required'", ""), DB_OK);
	body = json_pack("{s:s}", "reason", "经市政府同意");
	if (trip_act(t->db, &admin, live, TRIP_OVERRIDE, body, 0, &out, &err))
		fail_msg("override: %s %s", err.code, err.zh);
	json_decref(body);
	json_decref(out);
	body = json_pack("{s:s}", "date", today);
	if (trip_act(t->db, &admin, live, TRIP_APPROVE, body, 0, &out, &err))
		fail_msg("approve: %s %s", err.code, err.zh);
	json_decref(body);
	json_decref(out);
	text_of(t->db, "SELECT approval_no FROM delegations WHERE id = ?", past, number, sizeof(number));
	snprintf(expect, sizeof(expect), "外审〔%d〕1号", date_year(today));
	assert_string_equal(number, expect);
	text_of(t->db, "SELECT approval_no FROM delegations WHERE id = ?", live, number, sizeof(number));
	snprintf(expect, sizeof(expect), "外审〔%d〕2号", date_year(today));
	assert_string_equal(number, expect);
	assert_int_equal(count(t->db, "SELECT COUNT(DISTINCT approval_no) FROM delegations"),
			 count(t->db, "SELECT COUNT(*) FROM delegations"));
}

/* ---- counting ---- */

/* A raw trip of unit `unit` in `state` approved (or applied for) last year, with person `person` as member. */
static int64_t raw_trip(struct db *db, int unit, const char *state, int person, const char *code)
{
	int64_t id = 0, year = this_year() - 1;

	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
				      " depart_date, return_date, budget_fen, status, approval_year, approved_on, created_at, updated_at)"
				      " VALUES (?, ?, 90, ?, '别的团', '考察', 'business', '某', '2000-01-01', '2000-01-03', 70000, ?, ?,"
				      " '2000-01-01', 'x', 'x') RETURNING id",
				      "tiiti", code, year, (int64_t)unit, state, year),
			 DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO delegation_members (delegation_id, person_id, is_leader) VALUES (?, ?, 1)", "ii", id,
				  (int64_t)person),
			 DB_OK);
	return id;
}

static void totals_count_past_trips_as_approved(void **state)
{
	struct test_db *t = *state;
	int y = this_year() - 1;
	struct totals all, unit1, without, pending;
	json_t *f;
	int64_t a1, a2, persons = 0;

	seed(t->db);
	a1 = record_ok(t->db, &admin, last_year_trip(30)); /* unit 1, two members, 1000 yuan */
	f = last_year_trip(60);                              /* unit 1, a head count of 5, 2000 yuan */
	json_object_del(f, "members");
	json_object_set_new(f, "imported_persons", json_integer(5));
	json_object_set_new(f, "budget_cny", json_integer(2000));
	a2 = record_ok(t->db, &admin, f);
	f = last_year_trip(90); /* unit 2, one member, 500 yuan */
	json_object_set_new(f, "unit_id", json_integer(2));
	json_object_set_new(f, "members", json_pack("[{s:i, s:b}]", "person_id", 3, "is_leader", 1));
	json_object_set_new(f, "budget_cny", json_integer(500));
	record_ok(t->db, &admin, f);
	/* not approved: rejected, cancelled; waiting: submitted */
	raw_trip(t->db, 1, "rejected", 1, "R-1");
	raw_trip(t->db, 1, "cancelled", 2, "C-1");
	raw_trip(t->db, 2, "submitted", 3, "S-1");

	assert_int_equal(trip_year_totals(t->db, y, 0, &all), DB_OK);
	assert_int_equal(all.batches, 3);
	assert_int_equal(all.persons, 2 + 5 + 1);
	assert_int_equal(all.budget_fen, (1000 + 2000 + 500) * 100);
	/* the same figures counted by the test's own SQL */
	assert_int_equal(all.batches, count(t->db, "SELECT COUNT(*) FROM delegations WHERE status IN ('approved','departed','returned','closed')"));
	assert_int_equal(all.persons, count(t->db, "SELECT (SELECT COUNT(*) FROM delegation_members m JOIN delegations d ON d.id = m.delegation_id"
						  " WHERE d.status = 'closed') + (SELECT SUM(imported_persons) FROM delegations)"));
	assert_int_equal(trip_unit_year_totals(t->db, 1, y, 0, &unit1), DB_OK);
	assert_int_equal(unit1.batches, 2);
	assert_int_equal(unit1.persons, 7);
	assert_int_equal(unit1.budget_fen, 300000);
	assert_int_equal(trip_year_totals(t->db, y, a2, &without), DB_OK);
	assert_int_equal(without.batches, 2);
	assert_int_equal(without.persons, 3);
	assert_int_equal(trip_year_totals(t->db, y + 1, 0, &without), DB_OK);
	assert_int_equal(without.batches, 0);
	/* pending by the year of the code: only the submitted trip (code_year y) */
	assert_int_equal(trip_year_pending(t->db, y, &pending), DB_OK);
	assert_int_equal(pending.batches, 1);
	assert_int_equal(pending.persons, 1);
	assert_int_equal(pending.budget_fen, 70000);
	/* the one fragment, on one trip: members, or the head count */
	assert_int_equal(db_query_int(t->db, &persons, "SELECT " TRIP_PERSONS_SQL(" FROM delegations d WHERE d.id = ?"), "ii", a1, a1), DB_OK);
	assert_int_equal(persons, 2);
	assert_int_equal(db_query_int(t->db, &persons, "SELECT " TRIP_PERSONS_SQL(" FROM delegations d WHERE d.id = ?"), "ii", a2, a2), DB_OK);
	assert_int_equal(persons, 5);
	assert_int_equal(db_query_int(t->db, &persons,
				      "SELECT " TRIP_PERSONS_SQL(" FROM delegations d WHERE d.status IN " TRIP_APPROVED_STATES " AND d.unit_id = ?"),
				      "ii", (int64_t)2, (int64_t)2),
			 DB_OK);
	assert_int_equal(persons, 1);
	/*
	 * Ids far apart (a trip renumbered 100 000 ids on, its members with it): the
	 * totals count the members by trip instead of over the id range - the same figures.
	 */
	assert_int_equal(db_execf(t->db, "PRAGMA foreign_keys = OFF", ""), DB_OK);
	assert_int_equal(db_execf(t->db, "UPDATE delegations SET id = id + 100000 WHERE id = ?", "i", a1), DB_OK);
	assert_int_equal(db_execf(t->db, "UPDATE delegation_members SET delegation_id = delegation_id + 100000 WHERE delegation_id = ?",
				  "i", a1), DB_OK);
	assert_int_equal(db_execf(t->db, "PRAGMA foreign_keys = ON", ""), DB_OK);
	assert_int_equal(trip_year_totals(t->db, y, 0, &all), DB_OK);
	assert_int_equal(all.batches, 3);
	assert_int_equal(all.persons, 2 + 5 + 1);
	assert_int_equal(trip_unit_year_totals(t->db, 1, y, 0, &unit1), DB_OK);
	assert_int_equal(unit1.persons, 7);
}

/* ---- the historical record ---- */

static void a_past_trip_is_stored_closed_with_its_numbers(void **state)
{
	struct test_db *t = *state;
	int y = this_year() - 1;
	char text[128], expect[64], ret[DATE_LEN];
	int64_t id, n;

	seed(t->db);
	id = record_ok(t->db, &admin, last_year_trip(100));
	day_of(y, 112, ret);
	text_of(t->db, "SELECT status FROM delegations WHERE id = ?", id, text, sizeof(text));
	assert_string_equal(text, "closed");
	text_of(t->db, "SELECT closed_on FROM delegations WHERE id = ?", id, text, sizeof(text));
	assert_string_equal(text, ret);
	text_of(t->db, "SELECT actual_return FROM delegations WHERE id = ?", id, text, sizeof(text));
	assert_string_equal(text, ret);
	text_of(t->db, "SELECT code FROM delegations WHERE id = ?", id, text, sizeof(text));
	snprintf(expect, sizeof(expect), "%04d-0001", y);
	assert_string_equal(text, expect);
	text_of(t->db, "SELECT approval_no FROM delegations WHERE id = ?", id, text, sizeof(text));
	snprintf(expect, sizeof(expect), "外审〔%d〕1号", y);
	assert_string_equal(text, expect);
	text_of(t->db, "SELECT countries_visited_json FROM delegations WHERE id = ?", id, text, sizeof(text));
	assert_string_equal(text, "[\"DE\"]");
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegation_members WHERE is_leader = 1"), 1);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegation_members"), 2);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegation_destinations WHERE country = 'DE' AND days = 2"), 1);
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM audit_log WHERE action = 'record_historical' AND entity = 'delegation'"
						 " AND entity_id = ?", "i", id),
			 DB_OK);
	assert_int_equal(n, 1);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM audit_log"), 1);
}

/* The rows every table of a trip holds: one number that moves when anything is written. */
static int64_t written(struct db *db)
{
	return count(db, "SELECT (SELECT COUNT(*) FROM delegations) * 1000000 + (SELECT COUNT(*) FROM delegation_members) * 10000"
			 " + (SELECT COUNT(*) FROM delegation_destinations) * 100 + (SELECT COUNT(*) FROM audit_log)");
}

static void refused(struct db *db, const struct actor *who, json_t *fields, int status, const char *field)
{
	struct op_error err;
	int64_t before = written(db), id = -1;
	int got = trip_record_historical(db, who, fields, &id, &err);

	if (got != status || (field && (!err.field || strcmp(err.field, field) != 0)))
		fail_msg("expected %d on %s, got %d on %s (%s)", status, field ? field : "-", got, err.field ? err.field : "-", err.zh);
	assert_int_equal(id, 0);
	assert_int_equal(written(db), before);
	json_decref(fields);
}

/* A valid past trip with `key` set to the JSON `value` (NULL: removed). */
static json_t *with(const char *key, const char *value)
{
	json_t *f = last_year_trip(150);

	if (value)
		json_object_set_new(f, key, json_loads(value, JSON_DECODE_ANY, NULL));
	else
		json_object_del(f, key);
	return f;
}

static void every_invalid_field_is_refused_and_nothing_written(void **state)
{
	struct test_db *t = *state;
	static const struct {
		const char *key, *value, *field;
	} cases[] = {
		{"title", "\"\"", "title"},
		{"title", NULL, "title"},
		{"category", "\"space\"", "category"},
		{"unit_id", "999", "unit_id"},
		{"unit_id", "\"1\"", "unit_id"},
		{"depart_date", "\"2025-13-01\"", "depart_date"},
		{"budget_cny", "-1", "budget_cny"},
		{"budget_cny", "10.005", "budget_cny"},
		{"inviter_country", "\"XX\"", "inviter_country"},
		{"inviter_type", "\"friend\"", "inviter_type"},
		{"destinations", "[]", "destinations"},
		{"destinations", "[{\"country\":\"CN\",\"city\":\"北京\",\"days\":1}]", "destinations"},
		{"destinations", "[{\"country\":\"XX\",\"city\":\"某地\",\"days\":1}]", "destinations"},
		{"destinations", "[{\"country\":\"DE\",\"city\":\"柏林\",\"days\":9}]", "destinations"},
		{"members", "[{\"person_id\":99,\"is_leader\":true}]", "members"},
		{"members", "[{\"person_id\":1,\"is_leader\":true},{\"person_id\":2,\"is_leader\":true}]", "members"},
		{"members", "[{\"person_id\":1,\"is_leader\":true},{\"person_id\":1}]", "members"},
		{"members", NULL, "members"},
		{"approved_on", NULL, "approved_on"},
		{"approved_on", "\"yesterday\"", "approved_on"},
		{"status", "\"draft\"", "status"},
		{"status", "\"rejected\"", "status"},
		{"imported_persons", "0", "imported_persons"},
		{"approval_no", "\"\"", "approval_no"},
		{"colour", "\"red\"", "colour"},
	};
	size_t i;
	char depart[DATE_LEN];

	seed(t->db);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		refused(t->db, &admin, with(cases[i].key, cases[i].value), 422, cases[i].field);
	/* the return before the departure */
	day_of(this_year() - 1, 150, depart);
	{
		json_t *f = last_year_trip(160);
		json_object_set_new(f, "return_date", json_string(depart));
		refused(t->db, &admin, f, 422, "return_date");
	}
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegations"), 0);
	/* and the valid one passes */
	record_ok(t->db, &admin, last_year_trip(150));
}

static void a_future_trip_is_no_past_trip(void **state)
{
	struct test_db *t = *state;
	char today[DATE_LEN], tomorrow[DATE_LEN], ago[DATE_LEN], later[DATE_LEN];
	json_t *f;

	seed(t->db);
	date_today(today);
	date_add_days(today, 1, tomorrow);
	date_add_days(today, -20, ago);
	date_add_days(today, 5, later);
	/* closed, but back only in five days */
	refused(t->db, &admin, past_trip(ago, later, ago), 422, "return_date");
	/* departed tomorrow */
	f = past_trip(tomorrow, later, ago);
	json_object_set_new(f, "status", json_string("departed"));
	json_object_set_new(f, "destinations", json_pack("[{s:s, s:s, s:i}]", "country", "DE", "city", "柏林", "days", 2));
	refused(t->db, &admin, f, 422, "depart_date");
	/* approved tomorrow */
	f = past_trip(tomorrow, later, tomorrow);
	json_object_set_new(f, "status", json_string("approved"));
	refused(t->db, &admin, f, 422, "approved_on");
	/* departed on time and still away: recorded */
	f = past_trip(ago, later, ago);
	json_object_set_new(f, "status", json_string("departed"));
	record_ok(t->db, &admin, f);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegations WHERE status = 'departed' AND actual_return IS NULL"), 1);
}

static void a_unit_records_only_its_own_trips(void **state)
{
	struct test_db *t = *state;
	static const struct actor unit1 = {2, ROLE_UNIT, 1, "shangwu", ""};
	json_t *f;

	seed(t->db);
	/* another unit's trip */
	f = last_year_trip(40);
	json_object_set_new(f, "unit_id", json_integer(2));
	json_object_set_new(f, "members", json_pack("[{s:i, s:b}]", "person_id", 3, "is_leader", 1));
	refused(t->db, &unit1, f, 403, NULL);
	/* its own trip naming another unit's person */
	f = last_year_trip(40);
	json_object_set_new(f, "members", json_pack("[{s:i, s:b}, {s:i, s:b}]", "person_id", 1, "is_leader", 1, "person_id", 3, "is_leader", 0));
	refused(t->db, &unit1, f, 403, "members");
	/* its own */
	record_ok(t->db, &unit1, last_year_trip(40));
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM audit_log WHERE user_id = 2 AND action = 'record_historical'"), 1);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegations WHERE unit_id = 1"), 1);
}

/* An import: every row through the historical record, numbered in turn, one audit entry for the file. */
static void an_import_is_one_audit_entry_with_its_rows_numbered(void **state)
{
	struct test_db *t = *state;
	int y = this_year() - 1;
	char csv[1024], a[DATE_LEN], b[DATE_LEN], c[DATE_LEN], path[] = "/tmp/waishi-unit-csv-XXXXXX", err[200];
	json_t *errors = NULL;
	size_t imported = 0;
	int fd, len;

	seed(t->db);
	day_of(y, 40, a);
	day_of(y, 45, b);
	day_of(y, 20, c);
	len = snprintf(csv, sizeof(csv),
		       "申报单位,团组名称,出访类别,出访国家(地区),出发日期,回国日期,经费预算(元),批准日期,人数,成员\n"
		       "市商务局,赴泰国考察团,考察,泰国,%s,%s,600.50,%s,3,\n"
		       "市教育局,赴英国培训团,培训,英国、法国,%s,%s,700,%s,,甲、乙\n",
		       a, b, c, a, b, c);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, (size_t)len), len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(import_run(t->db, &admin, "delegations", fd, NULL, &imported, &errors, err, sizeof(err)), DB_OK);
	close(fd);
	unlink(path);
	assert_null(errors);
	assert_int_equal(imported, 2);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM audit_log"), 1);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND entity = 'delegation'"), 1);
	assert_int_equal(count(t->db, "SELECT COUNT(DISTINCT code) FROM delegations WHERE code_seq IN (1, 2) AND status = 'closed'"), 2);
	assert_int_equal(count(t->db, "SELECT COUNT(DISTINCT approval_seq) FROM delegations WHERE approval_seq IN (1, 2)"), 2);
	assert_int_equal(count(t->db, "SELECT SUM(imported_persons) FROM delegations"), 5);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegation_destinations"), 3);
	assert_int_equal(count(t->db, "SELECT SUM(budget_fen) FROM delegations"), 130050);
}

/* A bad cell the trip's own rules refuse is named with its row and column; nothing is written. */
static void an_import_row_refused_by_the_trip_rules_is_named(void **state)
{
	struct test_db *t = *state;
	int y = this_year() - 1;
	char csv[2048], title[700], a[DATE_LEN], b[DATE_LEN], path[] = "/tmp/waishi-unit-csv-XXXXXX", err[200];
	json_t *errors = NULL, *e;
	size_t imported = 0;
	int fd, len;

	seed(t->db);
	day_of(y, 40, a);
	day_of(y, 45, b);
	memset(title, 'x', 201); /* the API's title is at most 200 characters */
	title[201] = '\0';
	len = snprintf(csv, sizeof(csv),
		       "申报单位,团组名称,出访类别,出访国家(地区),出发日期,回国日期,经费预算(元),批准日期,人数\n"
		       "市商务局,赴泰国考察团,考察,泰国,%s,%s,600,%s,3\n"
		       "市商务局,%s,考察,泰国,%s,%s,600,%s,3\n",
		       a, b, a, title, a, b, a);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, (size_t)len), len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(import_run(t->db, &admin, "delegations", fd, NULL, &imported, &errors, err, sizeof(err)), 1);
	close(fd);
	unlink(path);
	assert_int_equal(json_array_size(errors), 1);
	e = json_array_get(errors, 0);
	assert_int_equal(json_integer_value(json_object_get(e, "row")), 3);
	assert_string_equal(json_string_value(json_object_get(e, "column")), "团组名称");
	json_decref(errors);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM delegations"), 0);
	assert_int_equal(count(t->db, "SELECT COUNT(*) FROM audit_log"), 0);
}

/* The API's create and edit as operations: numbered drafts, the trip's rules, only a draft edited, one audit entry each. */
static void drafts_created_and_edited(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	const struct actor unit2 = {2, ROLE_UNIT, 2, "jiaoyu", ""};
	char today[DATE_LEN], depart[DATE_LEN], ret[DATE_LEN], code[16];
	struct op_error err;
	json_t *body, *out = NULL, *patch;
	int64_t n = -1, id;

	seed(db);
	date_today(today);
	date_add_days(today, 40, depart);
	date_add_days(today, 45, ret);
	body = past_trip(depart, ret, today);
	json_object_del(body, "approved_on");
	assert_int_equal(trip_create(db, &admin, body, &out, &err), 0);
	id = json_integer_value(json_object_get(out, "id"));
	trip_code_format(this_year(), 1, code);
	assert_string_equal(json_string_value(json_object_get(out, "code")), code);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "draft");
	json_decref(out);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ?", "i", id), DB_OK);
	assert_int_equal(n, 2);
	/* a unit user cannot file a trip of another unit; a bad body is refused; nothing written */
	assert_int_equal(trip_create(db, &unit2, body, &out, &err), 403);
	json_object_set_new(body, "title", json_string(""));
	assert_int_equal(trip_create(db, &admin, body, &out, &err), 422);
	assert_string_equal(err.field, "title");
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM delegations", ""), DB_OK);
	assert_int_equal(n, 1);
	/* an edit of the draft, then none once it left the draft state */
	patch = json_pack("{s:s}", "title", "赴德国经贸考察团(调整)");
	assert_int_equal(trip_edit(db, &admin, id, patch, 1, &out, &err), 0);
	json_decref(out);
	assert_int_equal(trip_edit(db, &admin, id, patch, 1, &out, &err), 409);
	assert_string_equal(err.code, "stale");
	assert_int_equal(db_execf(db, "UPDATE delegations SET status = 'submitted' WHERE id = ?", "i", id), DB_OK);
	assert_int_equal(trip_edit(db, &admin, id, patch, 0, &out, &err), 409);
	assert_string_equal(err.code, "invalid_transition");
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM audit_log WHERE entity = 'delegation'", ""), DB_OK);
	assert_int_equal(n, 2);
	json_decref(patch);
	json_decref(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(codes_continue_per_year_and_after_gaps, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(a_past_trip_and_a_live_approval_share_the_year, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(totals_count_past_trips_as_approved, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(a_past_trip_is_stored_closed_with_its_numbers, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(every_invalid_field_is_refused_and_nothing_written, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(a_future_trip_is_no_past_trip, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(a_unit_records_only_its_own_trips, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(an_import_is_one_audit_entry_with_its_rows_numbered, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(an_import_row_refused_by_the_trip_rules_is_named, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(drafts_created_and_edited, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
