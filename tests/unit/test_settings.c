/*
 * test_settings.c - the settings-like operations called directly, without a
 * server: policies (policy_update), a year's holiday calendar
 * (holidays_replace), a trip's funding lines (funding_replace_lines), the
 * rules file (rules_add, rules_change and its preview, rules_import_set),
 * and the rows import hands to their owners (letter_past_*,
 * funding_standard_*). Each is allowed, refused (bad value, another unit,
 * stale version, wrong state), writes nothing after a refusal and audits
 * every change once.
 */
#include "helpers.h"

#include "funding.h"
#include "holidays.h"
#include "letter.h"
#include "policy.h"
#include "rules_edit.h"

#include <jansson.h>

static const struct actor admin = {1, ROLE_ADMIN, 0, "admin", ""};
static const struct actor unit1 = {2, ROLE_UNIT, 1, "unit1", ""};
static const struct actor unit2 = {3, ROLE_UNIT, 2, "unit2", ""};


static int64_t audits(struct db *db)
{
	return test_count(db, "SELECT COUNT(*) FROM audit_log");
}

/* Units 1 and 2; users 1 (admin), 2 (unit 1), 3 (unit 2). */
static void seed(struct db *db)
{
	assert_int_equal(db_execf(db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('市商务局', 'city_bureau', 'x', 'x'), ('市教育局', 'city_bureau', 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO users (username, display_name, password_hash, role, unit_id, created_at, updated_at) VALUES ('admin', '管理员', 'x', 'admin', NULL, 'x', 'x'), ('unit1', '单位一', 'x', 'unit', 1, 'x', 'x'), ('unit2', '单位二', 'x', 'unit', 2, 'x', 'x')", ""), DB_OK);
}

static json_t *body(const char *text)
{
	json_error_t jerr;
	json_t *b = json_loads(text, 0, &jerr);

	assert_non_null(b);
	return b;
}

/* ---- policies ---- */

static void policies_changed_or_refused_whole(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	struct policy p;
	json_t *b;
	int64_t before;

	seed(db);
	before = audits(db);
	/* one bad value refuses the whole body: the good one is not written either */
	b = body("{\"report_due_days\": 45, \"passport_return_days\": 99}");
	assert_int_equal(policy_update(db, &admin, b, &err), 422);
	assert_string_equal(err.code, "invalid");
	assert_string_equal(err.field, "passport_return_days");
	json_decref(b);
	b = body("{\"report_due_days\": 45, \"no_such_setting\": 1}");
	assert_int_equal(policy_update(db, &admin, b, &err), 422);
	assert_string_equal(err.code, "unknown_field");
	json_decref(b);
	b = body("{}");
	assert_int_equal(policy_update(db, &admin, b, &err), 422);
	assert_null(err.field);
	json_decref(b);
	assert_int_equal(policy_load(db, &p), DB_OK);
	assert_int_equal(p.report_due_days, 30);
	assert_int_equal(audits(db), before);

	b = body("{\"report_due_days\": 45, \"joint_review_veto\": true, \"joint_review_quorum\": \"3/4\"}");
	assert_int_equal(policy_update(db, &admin, b, &err), 0);
	json_decref(b);
	assert_int_equal(policy_load(db, &p), DB_OK);
	assert_int_equal(p.report_due_days, 45);
	assert_true(p.joint_review_veto);
	assert_int_equal(p.joint_review_quorum.num, 3);
	assert_int_equal(audits(db), before + 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND entity = 'policies'"), 1);
}

/* ---- the holiday calendar ---- */

static void holidays_replaced_by_year(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *b, *items;
	int64_t before;

	seed(db);
	before = audits(db);
	b = body("{\"holidays\": [\"2030-10-01\", \"2030-10-02\"], \"workdays\": [\"2030-09-28\"]}");
	assert_int_equal(holidays_replace(db, &admin, 2030, b, &err), 0);
	json_decref(b);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM holidays"), 3);
	assert_int_equal(audits(db), before + 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'replace' AND entity = 'holidays' AND entity_id = 2030"), 1);
	items = json_array();
	assert_int_equal(holidays_of_year(db, 2030, items), DB_OK);
	assert_int_equal(json_array_size(items), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "day")), "2030-09-28");
	json_decref(items);

	/* refused: a date of another year, a date listed twice, a year out of range, a list missing */
	b = body("{\"holidays\": [\"2031-01-01\"], \"workdays\": []}");
	assert_int_equal(holidays_replace(db, &admin, 2030, b, &err), 422);
	assert_string_equal(err.field, "holidays");
	json_decref(b);
	b = body("{\"holidays\": [\"2030-05-01\"], \"workdays\": [\"2030-05-01\"]}");
	assert_int_equal(holidays_replace(db, &admin, 2030, b, &err), 422);
	assert_string_equal(err.field, "workdays");
	json_decref(b);
	b = body("{\"holidays\": [], \"workdays\": []}");
	assert_int_equal(holidays_replace(db, &admin, 1900, b, &err), 404);
	json_decref(b);
	b = body("{\"holidays\": []}");
	assert_int_equal(holidays_replace(db, &admin, 2030, b, &err), 422);
	assert_string_equal(err.code, "required");
	json_decref(b);
	/* the calendar as it was: the duplicate's delete and first insert were rolled back */
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM holidays"), 3);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM holidays WHERE day = '2030-05-01'"), 0);
	assert_int_equal(audits(db), before + 1);
}

/* ---- a trip's funding lines ---- */

#define LINE_OK "{\"item\": \"accommodation\", \"currency\": \"USD\", \"amount\": 100, \"rate\": 7.1}"
#define LINE_BAD "{\"item\": \"accommodation\", \"currency\": \"ABC\", \"amount\": 100, \"rate\": 7.1}"

static void funding_lines_judged_on_the_trip_as_it_is(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *good = body("{\"budget_source\": \"fiscal\", \"lines\": [" LINE_OK "]}");
	json_t *bad = body("{\"lines\": [" LINE_OK ", " LINE_BAD "]}"), *out = NULL;
	int64_t draft, returned, before;

	seed(db);
	draft = test_trip(db, "D", "draft");
	returned = test_trip(db, "R", "returned");
	before = audits(db);

	assert_int_equal(funding_replace_lines(db, &unit1, draft, FUNDING_BUDGET, bad, 0, &out, &err), 422);
	assert_string_equal(err.field, "lines");
	assert_non_null(strstr(err.zh, "第2行"));
	assert_null(out);
	assert_int_equal(funding_replace_lines(db, &unit2, draft, FUNDING_BUDGET, good, 0, &out, &err), 403);
	assert_int_equal(funding_replace_lines(db, &unit1, 9999, FUNDING_BUDGET, good, 0, &out, &err), 404);
	assert_int_equal(funding_replace_lines(db, &unit1, draft, FUNDING_BUDGET, good, 7, &out, &err), 409);
	assert_string_equal(err.code, "stale");
	assert_int_equal(funding_replace_lines(db, &unit1, draft, FUNDING_ACTUAL, good, 0, &out, &err), 422);
	assert_string_equal(err.code, "unknown_field"); /* budget_source is the budget's */
	json_object_del(good, "budget_source");
	assert_int_equal(funding_replace_lines(db, &unit1, draft, FUNDING_ACTUAL, good, 0, &out, &err), 409);
	assert_string_equal(err.code, "invalid_transition");
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM delegation_funding"), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM delegations WHERE budget_fen = 100 AND version = 1"), 2);
	assert_int_equal(audits(db), before);

	assert_int_equal(funding_replace_lines(db, &unit1, draft, FUNDING_BUDGET, good, 1, &out, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	assert_int_equal(json_array_size(json_object_get(out, "budget_lines")), 1);
	json_decref(out);
	assert_int_equal(test_count(db, "SELECT budget_fen FROM delegations WHERE code = 'D'"), 71000);
	assert_int_equal(funding_replace_lines(db, &admin, returned, FUNDING_ACTUAL, good, 0, &out, &err), 0);
	json_decref(out);
	assert_int_equal(test_count(db, "SELECT actual_fen FROM delegations WHERE code = 'R'"), 71000);
	assert_int_equal(audits(db), before + 2);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'delegation' AND action IN ('update_budget', 'update_actual')"), 2);
	json_decref(good);
	json_decref(bad);
}

/* ---- the rules file ---- */

#define NEW_RULE                                                                                                    \
	"{\"key\": \"division_frequency\", \"kind\": \"trip_frequency\", \"title_zh\": \"处级干部出访频次\","           \
	" \"params\": {\"ranks\": {\"division\": {\"trips\": 1, \"months\": 24}}}, \"severity\": \"block\","          \
	" \"source\": \"省级实施规定\"}"

static void rules_added_changed_previewed(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *rule = body(NEW_RULE), *b, *out = NULL;
	int64_t rules, before, id;

	seed(db);
	rules = test_count(db, "SELECT COUNT(*) FROM rules");
	before = audits(db);
	json_object_set_new(rule, "key", json_string("Bad Key"));
	assert_int_equal(rules_add(db, &admin, rule, &out, &err), 422);
	assert_string_equal(err.field, "key");
	json_object_set_new(rule, "key", json_string("division_frequency"));
	assert_int_equal(rules_add(db, &admin, rule, &out, &err), 0);
	id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	assert_int_equal(rules_add(db, &admin, rule, &out, &err), 409);
	assert_string_equal(err.code, "duplicate");
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM rules"), rules + 1);
	assert_int_equal(audits(db), before + 1);

	/* a change with bad parameters, an unknown field, a rule that is not there: refused */
	b = body("{\"params\": {\"ranks\": {\"division\": {\"trips\": \"one\"}}}}");
	assert_int_equal(rules_change(db, &admin, id, b, false, &out, &err), 422);
	assert_string_equal(err.field, "params");
	json_decref(b);
	b = body("{\"key\": \"other\"}");
	assert_int_equal(rules_change(db, &admin, id, b, false, &out, &err), 422);
	assert_string_equal(err.code, "unknown_field");
	json_decref(b);
	b = body("{\"enabled\": false}");
	assert_int_equal(rules_change(db, &admin, 99999, b, false, &out, &err), 404);
	/* a preview writes nothing */
	assert_int_equal(rules_change(db, &admin, id, b, true, &out, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "in_progress")), 0);
	json_decref(out);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM rules WHERE key = 'division_frequency' AND enabled = 1"), 1);
	assert_int_equal(audits(db), before + 1);
	/* the change itself: today's own version rewritten, audited */
	assert_int_equal(rules_change(db, &admin, id, b, false, &out, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "id")), id);
	json_decref(out);
	json_decref(b);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM rules WHERE key = 'division_frequency' AND enabled = 0"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'rule' AND action = 'update'"), 1);
	assert_int_equal(audits(db), before + 2);
	json_decref(rule);
}

static void rule_set_imported_whole_or_not_at_all(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *file = body("{\"format\": \"waishi-rules\", \"version\": 1, \"rules\": [" NEW_RULE ", " NEW_RULE "]}");
	json_t *out = NULL, *second = json_array_get(json_object_get(file, "rules"), 1), *title;
	int64_t rules, before;

	seed(db);
	rules = test_count(db, "SELECT COUNT(*) FROM rules");
	before = audits(db);
	assert_int_equal(rules_import_set(db, &admin, file, &out, &err), 422); /* a key listed twice */
	assert_string_equal(err.field, "rules");
	json_object_set_new(second, "key", json_string("second_rule"));
	json_object_set_new(second, "params", json_pack("{s:s}", "ranks", "all"));
	assert_int_equal(rules_import_set(db, &admin, file, &out, &err), 422);
	assert_string_equal(err.field, "rules[1].params");
	title = json_incref(json_object_get(second, "title_zh")); /* a rule's own field missing: named within the list */
	json_object_del(second, "title_zh");
	assert_int_equal(rules_import_set(db, &admin, file, &out, &err), 422);
	assert_string_equal(err.field, "rules[1].title_zh");
	json_object_set_new(second, "title_zh", title);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM rules"), rules);
	assert_int_equal(audits(db), before);

	json_object_set(second, "params", json_object_get(json_array_get(json_object_get(file, "rules"), 0), "params"));
	assert_int_equal(rules_import_set(db, &admin, file, &out, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "imported")), 2);
	json_decref(out);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM rules"), rules + 2);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'rules' AND action = 'import'"), 1);
	assert_int_equal(audits(db), before + 1);
	json_decref(file);
}

/* ---- rows import hands to their owners ---- */

static void past_letters_judged_by_the_form(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *named = body("{\"kind\": \"invitation\", \"date\": \"2024-02-01\", \"unit_id\": 1, \"purpose\": \"邀请来访\","
			     " \"persons\": [\"张三\", \"李四\"]}");
	json_t *counted = body("{\"kind\": \"visa_service\", \"date\": \"2024-02-03\", \"unit_id\": 1, \"purpose\": \"代办签证\","
			       " \"person_count\": 5}");
	json_t *bad = json_deep_copy(counted);
	char *purpose = calloc(1, 502 * 3 + 1);
	size_t i;

	seed(db);
	/* a past invitation names no passports: accepted, as the form's fields are */
	assert_int_equal(letter_past_check(db, &admin, named, &err), 0);
	assert_int_equal(letter_past_check(db, &admin, counted, &err), 0);
	/* the form's limits: the purpose's 500 characters, a unit the actor sees, a head count */
	for (i = 0; i < 501; i++)
		memcpy(purpose + i * 3, "事", 3);
	json_object_set_new(bad, "purpose", json_string(purpose));
	assert_int_equal(letter_past_check(db, &admin, bad, &err), 422);
	assert_string_equal(err.field, "purpose");
	assert_int_equal(letter_past_check(db, &unit2, counted, &err), 403);
	json_object_set_new(bad, "purpose", json_string("代办签证"));
	json_object_del(bad, "person_count");
	assert_int_equal(letter_past_check(db, &admin, bad, &err), 422);
	json_object_del(bad, "purpose");
	json_object_set_new(bad, "person_count", json_integer(1));
	assert_int_equal(letter_past_check(db, &admin, bad, &err), 422);
	assert_string_equal(err.code, "required");
	assert_string_equal(err.field, "purpose");
	assert_int_equal(letter_past_write(db, &unit2, counted, &err), 403);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM letters"), 0);

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(letter_past_write(db, &admin, named, &err), 0);
	assert_int_equal(letter_past_write(db, &unit1, counted, &err), 0);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM letters WHERE kind = 'invitation' AND person_count = 2"
				   " AND persons_json = '[{\"name\":\"张三\"},{\"name\":\"李四\"}]'"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM letters WHERE kind = 'visa_service' AND person_count = 5 AND persons_json = '[]'"), 1);
	free(purpose);
	json_decref(named);
	json_decref(counted);
	json_decref(bad);
}

static void funding_standards_judged_and_written(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *ny = body("{\"country\": \"US\", \"city\": \"纽约\", \"currency\": \"USD\", \"accommodation_minor\": 30000,"
			  " \"meals_minor\": 8000, \"incidentals_minor\": 3500}");
	json_t *rest = body("{\"country\": \"US\", \"currency\": \"USD\", \"accommodation_minor\": 20000,"
			    " \"meals_minor\": 7000, \"incidentals_minor\": 3000}");

	seed(db);
	json_object_set_new(ny, "currency", json_string("ABC"));
	assert_int_equal(funding_standard_check(db, &admin, ny, &err), 422);
	assert_string_equal(err.field, "currency");
	json_object_set_new(ny, "currency", json_string("USD"));
	json_object_set_new(ny, "country", json_string("XX"));
	assert_int_equal(funding_standard_check(db, &admin, ny, &err), 422);
	assert_string_equal(err.field, "country");
	json_object_set_new(ny, "country", json_string("US"));
	assert_int_equal(funding_standard_check(db, &admin, ny, &err), 0);

	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(funding_standard_write(db, &admin, ny, &err), 0);
	assert_int_equal(funding_standard_write(db, &admin, rest, &err), 0);
	/* judged again where it is written: the same country and city twice */
	assert_int_equal(funding_standard_write(db, &admin, ny, &err), 422);
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(funding_standard_check(db, &admin, rest, &err), 422);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM funding_standards"), 2);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM funding_standards WHERE city = '' AND source = '" FUNDING_STANDARD_SOURCE "'"), 1);
	json_decref(ny);
	json_decref(rest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(policies_changed_or_refused_whole, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(holidays_replaced_by_year, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(funding_lines_judged_on_the_trip_as_it_is, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(rules_added_changed_previewed, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(rule_set_imported_whole_or_not_at_all, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(past_letters_judged_by_the_form, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(funding_standards_judged_and_written, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
