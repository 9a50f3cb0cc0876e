/*
 * test_review.c - the joint review's operations (review.h) called directly,
 * without a server: the agenda judged when a session opens, votes in person
 * and by a named deputy (nobody replaces another member's vote), deputies
 * revoked only before they voted, and closing that tallies the votes and
 * ends voting. Each refusal leaves the tables as they were.
 */
#include "helpers.h"

#include "dates.h"
#include "review.h"

#include <jansson.h>

static const struct actor officer = {1, ROLE_OFFICER, 0, "officer", ""};
static const struct actor r1 = {2, ROLE_REVIEWER, 0, "r1", ""};
static const struct actor r2 = {3, ROLE_REVIEWER, 0, "r2", ""};
static const struct actor r3 = {4, ROLE_REVIEWER, 0, "r3", ""};

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_query_int(db, &n, sql, ""), DB_OK);
	return n;
}

/* A unit, an officer, three reviewers, and trip 1 (preliminary approved) and trip 2 (draft), departing in a month. */
static void seed(struct db *db)
{
	char today[DATE_LEN], depart[DATE_LEN], ret[DATE_LEN];

	date_today(today);
	date_add_days(today, 30, depart);
	date_add_days(today, 35, ret);
	assert_int_equal(db_execf(db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('市商务局', 'city_bureau', 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO users (username, display_name, password_hash, role, created_at, updated_at) VALUES"
				      " ('officer', '办事员', 'x', 'officer', 'x', 'x'), ('r1', '甲', 'x', 'reviewer', 'x', 'x'),"
				      " ('r2', '乙', 'x', 'reviewer', 'x', 'x'), ('r3', '丙', 'x', 'reviewer', 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
				      " depart_date, return_date, budget_fen, status, created_at, updated_at) VALUES"
				      " ('R-1', 2000, 1, 1, '考察团', '考察', 'business', '某公司', ?, ?, 100, 'preliminary_approved', 'x', 'x'),"
				      " ('R-2', 2000, 2, 1, '访问团', '访问', 'business', '某公司', ?, ?, 100, 'draft', 'x', 'x')",
				  "tttt", depart, ret, depart, ret), DB_OK);
}

/* A session on trip 1; its id. */
static int64_t open_session(struct db *db)
{
	char today[DATE_LEN];
	struct op_error err;
	json_t *agenda = json_pack("[i]", 1);
	int64_t id = 0;

	date_today(today);
	assert_int_equal(review_open_session(db, &officer, today, "第一次会审", agenda, &id, &err), 0);
	json_decref(agenda);
	return id;
}

static void agenda_judged(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	char today[DATE_LEN];
	struct op_error err;
	json_t *draft = json_pack("[i]", 2), *twice = json_pack("[i, i]", 1, 1);
	int64_t id = 0;

	seed(db);
	date_today(today);
	assert_int_equal(review_open_session(db, &officer, today, "会审", draft, &id, &err), 409);
	assert_string_equal(err.code, "invalid_transition");
	assert_string_equal(err.field, "delegation_ids");
	assert_int_equal(review_open_session(db, &officer, today, "会审", twice, &id, &err), 422);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_sessions"), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_items"), 0);
	id = open_session(db);
	assert_true(id > 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_items WHERE delegation_id = 1"), 1);
	/* the same trip cannot be on a second open agenda */
	json_array_clear(draft);
	json_array_append_new(draft, json_integer(1));
	assert_int_equal(review_open_session(db, &officer, today, "会审", draft, &id, &err), 409);
	assert_string_equal(err.code, "conflict");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_sessions"), 1);
	json_decref(draft);
	json_decref(twice);
}

static void nobody_replaces_anothers_vote(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	int64_t s;

	seed(db);
	s = open_session(db);
	assert_int_equal(review_cast_vote(db, &r1, s, 1, "for", 0, &err), 0);
	/* r2 is not r1's deputy: cannot vote for r1 */
	assert_int_equal(review_cast_vote(db, &r2, s, 1, "against", r1.id, &err), 403);
	assert_string_equal(err.field, "on_behalf_of");
	/* r1 changes their own vote */
	assert_int_equal(review_cast_vote(db, &r1, s, 1, "abstain", 0, &err), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_votes"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_votes WHERE reviewer_id = 2 AND cast_by = 2 AND decision = 'abstain'"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'vote_change'"), 1);
	/* a trip not on the agenda */
	assert_int_equal(review_cast_vote(db, &r2, s, 2, "for", 0, &err), 422);
	assert_string_equal(err.field, "delegation_id");
}

static void deputies(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	int64_t s;

	seed(db);
	s = open_session(db);
	/* a reviewer names a deputy only for themself */
	assert_int_equal(review_name_deputy(db, &r1, s, r2.id, r3.id, &err), 403);
	assert_int_equal(review_name_deputy(db, &r2, s, r2.id, r2.id, &err), 422);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_deputies"), 0);
	assert_int_equal(review_name_deputy(db, &r2, s, r2.id, r3.id, &err), 0);
	assert_int_equal(review_name_deputy(db, &officer, s, r2.id, r1.id, &err), 409);
	assert_string_equal(err.code, "duplicate");
	/* recorded absent: r2 does not vote in person; r3 votes for r2, once */
	assert_int_equal(review_cast_vote(db, &r2, s, 1, "for", 0, &err), 409);
	assert_int_equal(review_cast_vote(db, &r3, s, 1, "for", r2.id, &err), 0);
	assert_int_equal(review_cast_vote(db, &r3, s, 1, "against", r2.id, &err), 409);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_votes WHERE reviewer_id = 3 AND cast_by = 4 AND decision = 'for'"), 1);
	/* the deputy voted: the designation stays */
	assert_int_equal(review_revoke_deputy(db, &r2, s, r2.id, &err), 409);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_deputies"), 1);
	assert_int_equal(review_revoke_deputy(db, &officer, s, r1.id, &err), 404);
}

static void closing_tallies_and_ends_voting(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	int64_t s;

	seed(db);
	s = open_session(db);
	assert_int_equal(review_cast_vote(db, &r1, s, 1, "for", 0, &err), 0);
	assert_int_equal(review_cast_vote(db, &r2, s, 1, "for", 0, &err), 0);
	assert_int_equal(review_cast_vote(db, &r3, s, 1, "against", 0, &err), 0);
	/* a stale version is refused and changes nothing */
	assert_int_equal(review_close_session(db, &officer, s, 7, &err), 409);
	assert_string_equal(err.code, "stale");
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_sessions WHERE status = 'open'"), 1);
	assert_int_equal(review_close_session(db, &officer, s, 0, &err), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_sessions WHERE status = 'closed' AND closed_at IS NOT NULL"), 1);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_items WHERE votes_for = 2 AND votes_against = 1 AND panel_size = 3"
				   " AND outcome IS NOT NULL"), 1);
	/* closed: no more votes, no second close */
	assert_int_equal(review_cast_vote(db, &r1, s, 1, "against", 0, &err), 409);
	assert_string_equal(err.code, "invalid_transition");
	assert_int_equal(review_close_session(db, &officer, s, 0, &err), 409);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM review_votes WHERE decision = 'against'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(agenda_judged, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(nobody_replaces_anothers_vote, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(deputies, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(closing_tallies_and_ends_voting, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
