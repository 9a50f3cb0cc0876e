/*
 * test_lifecycle.c - the trip lifecycle through its domain operation
 * trip_act, without a server: every action from every state (allowed ones
 * get past the state check, refused ones answer 409 invalid_transition and
 * change nothing), roles and unit scope, stale versions, and one trip
 * carried from draft to closed with its audit trail.
 */
#include "helpers.h"

#include "dates.h"
#include "trip.h"

#include <jansson.h>

static const char *const states[] = {"draft",    "submitted", "county_reviewed", "preliminary_approved", "approved",
				     "rejected", "departed",  "returned",        "closed",               "cancelled"};
#define NSTATES (sizeof(states) / sizeof(states[0]))

/*
 * The states each action is allowed from (DESIGN.md "Delegation lifecycle", with the county review
 * of issue 17 between submission and the city's preliminary review), written out independently of the code.
 */
static const char *const allowed_from[TRIP_ACTION_COUNT][6] = {
	[TRIP_SUBMIT] = {"draft"},
	[TRIP_COUNTY_REVIEW] = {"submitted"},
	[TRIP_PRELIMINARY] = {"submitted", "county_reviewed"},
	[TRIP_PUBLICITY] = {"draft", "submitted", "county_reviewed", "preliminary_approved"},
	[TRIP_APPROVE] = {"preliminary_approved"},
	[TRIP_OVERRIDE] = {"submitted", "county_reviewed", "preliminary_approved"},
	[TRIP_BRIEFING] = {"approved"},
	[TRIP_COMMITMENT] = {"approved"},
	[TRIP_DEPART] = {"approved"},
	[TRIP_RETURN] = {"departed"},
	[TRIP_REPORT] = {"returned"},
	[TRIP_CLOSE] = {"returned"},
	[TRIP_CANCEL] = {"draft", "submitted", "county_reviewed", "preliminary_approved", "approved"},
};

static const struct actor admin = {1, ROLE_ADMIN, 0, "admin", ""};

static bool allowed(enum trip_action a, const char *state)
{
	int i;

	for (i = 0; i < 6 && allowed_from[a][i]; i++)
		if (strcmp(allowed_from[a][i], state) == 0)
			return true;
	return false;
}

/* A unit, a user, a person and one trip of unit 1 (DE, 5 days, one leader) in `state`; its id. */
static int64_t make_trip(struct db *db, const char *state)
{
	static int n;
	int64_t id = 0, count = 0;
	char code[32], today[DATE_LEN], depart[DATE_LEN], ret[DATE_LEN];

	date_today(today);
	date_add_days(today, -3, depart);
	date_add_days(today, -1, ret);
	assert_int_equal(db_query_int(db, &count, "SELECT COUNT(*) FROM units", ""), DB_OK);
	if (!count) {
		assert_int_equal(db_execf(db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('市商务局', 'city_bureau', 'x', 'x')", ""), DB_OK);
		assert_int_equal(db_execf(db, "INSERT INTO users (username, display_name, password_hash, role, created_at, updated_at) VALUES ('admin', '管理员', 'x', 'admin', 'x', 'x')", ""), DB_OK);
		assert_int_equal(db_execf(db, "INSERT INTO persons (name, gender, unit_id, rank, is_cadre, created_at, updated_at) VALUES ('张三', 'male', 1, 'none', 0, 'x', 'x')", ""), DB_OK);
	}
	snprintf(code, sizeof(code), "T-%d", ++n);
	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
				      " depart_date, return_date, budget_fen, status, actual_depart, created_at, updated_at)"
				      " VALUES (?, 2026, ?, 1, '考察团', '考察', 'business', '某公司', ?, ?, 100, ?, ?, 'x', 'x') RETURNING id",
				      "titttt", code, (int64_t)n, depart, ret, state, depart),
			 DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO delegation_destinations (delegation_id, position, country, city, days) VALUES (?, 1, 'DE', '柏林', 3)", "i", id), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO delegation_members (delegation_id, person_id, is_leader) VALUES (?, 1, 1)", "i", id), DB_OK);
	return id;
}

/* A body that passes the action's own validation. */
static json_t *body_for(enum trip_action a)
{
	char today[DATE_LEN];

	date_today(today);
	switch (a) {
	case TRIP_COUNTY_REVIEW:
	case TRIP_PRELIMINARY:
		return json_pack("{s:s}", "decision", "approve");
	case TRIP_PUBLICITY:
		return json_pack("{s:s}", "start_date", today);
	case TRIP_APPROVE:
	case TRIP_DEPART:
		return json_pack("{s:s}", "date", today);
	case TRIP_OVERRIDE:
		return json_pack("{s:s}", "reason", "经市政府同意");
	case TRIP_BRIEFING:
		return json_pack("{s:s, s:b}", "date", today, "reminder_card", 1);
	case TRIP_COMMITMENT:
		return json_pack("{s:i, s:s}", "person_id", 1, "date", today);
	case TRIP_RETURN:
		return json_pack("{s:s, s:[s]}", "date", today, "countries_visited", "DE");
	case TRIP_REPORT:
		return json_pack("{s:s, s:s}", "date", today, "summary", "出访总结出访总结出访总结");
	case TRIP_CANCEL:
		return json_pack("{s:s}", "reason", "活动取消");
	default:
		return json_object();
	}
}

/* trip_act that must succeed; on failure the error is printed before the assertion fails. */
static json_t *act_ok(struct db *db, int64_t id, enum trip_action a, json_t *body)
{
	struct op_error err;
	json_t *out = NULL;
	int status = trip_act(db, &admin, id, a, body, 0, &out, &err);

	if (status)
		fprintf(stderr, "%s: %d %s %s\n", trip_action_name(a), status, err.code, err.zh);
	assert_int_equal(status, 0);
	return out;
}

static void trip_state(struct db *db, int64_t id, char *state, size_t len, int64_t *version)
{
	struct db_stmt *st = NULL;

	assert_int_equal(db_prepare(db, "SELECT status, version FROM delegations WHERE id = ?", &st), DB_OK);
	assert_int_equal(db_bind_int64(st, 1, id), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(state, len, "%s", db_column_text(st, 0));
	*version = db_column_int64(st, 1);
	db_finalize(st);
}

static void every_action_from_every_state(void **tstate)
{
	struct test_db *t = *tstate;
	size_t s;
	int a;

	for (a = 0; a < TRIP_ACTION_COUNT; a++) {
		for (s = 0; s < NSTATES; s++) {
			struct op_error err;
			json_t *body = body_for((enum trip_action)a), *out = NULL;
			int64_t id = make_trip(t->db, states[s]), version = 0, audits_before = 0, audits_after = 0;
			char now_state[32];
			int status;

			assert_int_equal(db_query_int(t->db, &audits_before, "SELECT COUNT(*) FROM audit_log", ""), DB_OK);
			status = trip_act(t->db, &admin, id, (enum trip_action)a, body, 0, &out, &err);
			json_decref(body);
			if (allowed((enum trip_action)a, states[s])) {
				/* past the state check: done, or held by the action's own gate - never invalid_transition */
				if (status)
					assert_string_not_equal(err.code, "invalid_transition");
			} else {
				assert_int_equal(status, 409);
				assert_string_equal(err.code, "invalid_transition");
				assert_non_null(strstr(err.zh, "团组当前状态为"));
				assert_null(out);
				trip_state(t->db, id, now_state, sizeof(now_state), &version);
				assert_string_equal(now_state, states[s]);
				assert_int_equal(version, 1);
				assert_int_equal(db_query_int(t->db, &audits_after, "SELECT COUNT(*) FROM audit_log", ""), DB_OK);
				assert_int_equal(audits_after, audits_before);
			}
			json_decref(out);
		}
	}
}

static void roles_scope_and_versions(void **tstate)
{
	struct test_db *t = *tstate;
	const struct actor unit_user = {2, ROLE_UNIT, 1, "shangwu", ""};
	const struct actor other_unit = {3, ROLE_UNIT, 99, "other", ""};
	const struct actor viewer = {4, ROLE_VIEWER, 0, "viewer", ""};
	struct op_error err;
	json_t *out = NULL, *body = json_pack("{s:s}", "decision", "approve");
	int64_t id = make_trip(t->db, "submitted"), version = 0;
	char state[32];

	assert_int_equal(trip_act(t->db, &unit_user, id, TRIP_PRELIMINARY, body, 0, &out, &err), 403);
	assert_int_equal(trip_act(t->db, &other_unit, id, TRIP_CANCEL, NULL, 0, &out, &err), 403);
	assert_int_equal(trip_act(t->db, &viewer, id, TRIP_CANCEL, NULL, 0, &out, &err), 403);
	assert_int_equal(trip_act(t->db, &admin, 999999, TRIP_CANCEL, NULL, 0, &out, &err), 404);
	assert_int_equal(trip_act(t->db, &admin, id, TRIP_PRELIMINARY, body, 7, &out, &err), 409);
	assert_string_equal(err.code, "stale");
	assert_int_equal(trip_act(t->db, &admin, id, TRIP_PRELIMINARY, NULL, 1, &out, &err), 422);
	assert_string_equal(err.code, "required");
	assert_string_equal(err.field, "decision");
	trip_state(t->db, id, state, sizeof(state), &version);
	assert_string_equal(state, "submitted");
	assert_int_equal(version, 1);
	assert_int_equal(trip_act(t->db, &admin, id, TRIP_PRELIMINARY, body, 1, &out, &err), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "preliminary_approved");
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	json_decref(out);
	json_decref(body);
}

/* Carried through every step; each one audited with the state before and after. */
static void draft_to_closed(void **tstate)
{
	struct test_db *t = *tstate;
	static const enum trip_action path[] = {TRIP_PUBLICITY, TRIP_SUBMIT, TRIP_PRELIMINARY, TRIP_OVERRIDE};
	static const char *const after[] = {"draft", "submitted", "preliminary_approved", "preliminary_approved"};
	struct op_error err;
	json_t *out = NULL, *body;
	int64_t id = make_trip(t->db, "draft"), n = 0;
	size_t i;

	for (i = 0; i < sizeof(path) / sizeof(path[0]); i++) {
		body = body_for(path[i]);
		out = act_ok(t->db, id, path[i], body);
		assert_string_equal(json_string_value(json_object_get(out, "status")), after[i]);
		json_decref(body);
		json_decref(out);
	}
	/* approved by the director directly once joint review is off and nothing blocks (override recorded) */
	assert_int_equal(db_execf(t->db, "UPDATE settings SET value = 'off' WHERE key = 'joint_review_required'", ""), DB_OK);
	body = body_for(TRIP_APPROVE);
	out = act_ok(t->db, id, TRIP_APPROVE, body);
	json_decref(body);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "approved");
	assert_non_null(json_string_value(json_object_get(out, "approval_no")));
	json_decref(out);
	body = body_for(TRIP_DEPART);
	assert_int_equal(trip_act(t->db, &admin, id, TRIP_DEPART, body, 0, &out, &err), 409);
	assert_string_equal(err.code, "briefing_missing");
	json_decref(body);
	{
		static const enum trip_action rest[] = {TRIP_BRIEFING, TRIP_COMMITMENT, TRIP_DEPART, TRIP_RETURN, TRIP_REPORT, TRIP_CLOSE};

		for (i = 0; i < sizeof(rest) / sizeof(rest[0]); i++) {
			body = body_for(rest[i]);
			out = act_ok(t->db, id, rest[i], body);
			json_decref(body);
			json_decref(out);
		}
	}
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM audit_log WHERE entity = 'delegation' AND entity_id = ?", "i", id), DB_OK);
	assert_int_equal(n, 11);
	assert_int_equal(db_query_int(t->db, &n, "SELECT version FROM delegations WHERE id = ?", "i", id), DB_OK);
	assert_int_equal(n, 12);
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM delegations WHERE id = ? AND status = 'closed'", "i", id), DB_OK);
	assert_int_equal(n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_action_from_every_state, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(roles_scope_and_versions, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(draft_to_closed, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
