/*
 * test_records.c - the shared record operations of record.h and the
 * passport operations built on them, called directly without a server:
 * reading within the actor's units (404, 403), a change at a stale version
 * refused with nothing written, a delete refused while referenced, each
 * success audited once; a passport issued only for an approved trip's
 * member, never twice, taken back not before it left.
 */
#include "helpers.h"

#include "dates.h"
#include "passport.h"
#include "record.h"

#include <jansson.h>

static const struct actor admin = {1, ROLE_ADMIN, 0, "admin", ""};
static const struct actor other_unit = {2, ROLE_UNIT, 2, "unit2", ""};

static const char *const person_columns[] = {"name", NULL};
/* Persons as a record with their unit for scope: the shape every module's record_def has. */
static const struct record_def person_record = {
	.entity = "person",
	.table = "persons",
	.select_one = "SELECT id, name, unit_id, version FROM persons WHERE id = ?",
	.columns = person_columns,
	.unit_field = "unit_id",
};
static const char *const unit_columns[] = {"name", NULL};
static const struct record_def unit_record = {
	.entity = "unit",
	.table = "units",
	.select_one = "SELECT id, name, version FROM units WHERE id = ?",
	.columns = unit_columns,
};


/* Units 1 and 2, users 1 (admin) and 2, person 1 of unit 1. */
static void seed(struct db *db)
{
	assert_int_equal(db_execf(db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('市商务局', 'city_bureau', 'x', 'x'), ('市教育局', 'city_bureau', 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO users (username, display_name, password_hash, role, created_at, updated_at) VALUES ('admin', '管理员', 'x', 'admin', 'x', 'x'), ('unit2', '单位二', 'x', 'unit', 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO persons (name, gender, unit_id, rank, is_cadre, created_at, updated_at) VALUES ('张三', 'male', 1, 'none', 0, 'x', 'x')", ""), DB_OK);
}

static void reads_within_scope(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *row = NULL;

	seed(db);
	assert_int_equal(record_read(db, &admin, &person_record, 1, &row, &err), 0);
	assert_string_equal(json_string_value(json_object_get(row, "name")), "张三");
	json_decref(row);
	assert_int_equal(record_read(db, &admin, &person_record, 99, &row, &err), 404);
	assert_null(row);
	assert_int_equal(record_read(db, &other_unit, &person_record, 1, &row, &err), 403);
	assert_string_equal(err.code, "forbidden");
	assert_null(row);
}

static void changes_compare_and_set(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *out = NULL, *values = json_pack("{s:s}", "name", "李四");
	int64_t audits;

	seed(db);
	audits = test_count(db, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(record_write(db, &admin, &person_record, 1, 1, values, "update", NULL, NULL, &out, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "version")), 2);
	json_decref(out);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log"), audits + 1);
	/* the same base version again: stale, nothing written, nothing audited */
	json_object_set_new(values, "name", json_string("王五"));
	assert_int_equal(record_write(db, &admin, &person_record, 1, 1, values, "update", NULL, NULL, &out, &err), 409);
	assert_string_equal(err.code, "stale");
	assert_null(out);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM persons WHERE name = '李四' AND version = 2"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log"), audits + 1);
	/* another unit's actor cannot change it */
	assert_int_equal(record_write(db, &other_unit, &person_record, 1, 0, values, "update", NULL, NULL, &out, &err), 403);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM persons WHERE name = '王五'"), 0);
	json_decref(values);
}

static void deletes_refused_while_referenced(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	int64_t audits;

	seed(db);
	audits = test_count(db, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(record_remove(db, &admin, &unit_record, 1, 0, &err), 409);
	assert_string_equal(err.code, "referenced");
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM units WHERE id = 1"), 1);
	assert_int_equal(record_remove(db, &admin, &unit_record, 2, 0, &err), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM units WHERE id = 2"), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'delete' AND entity = 'unit'"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log"), audits + 1);
}

/* Trip `code` of unit 1 in `status` departing in ten days, with person 1 as its member when `member`. */
static int64_t trip(struct db *db, const char *code, const char *status, bool member)
{
	int64_t id = test_trip(db, code, status);

	if (member)
		assert_int_equal(db_execf(db, "INSERT INTO delegation_members (delegation_id, person_id, is_leader) VALUES (?, 1, 1)", "i", id), DB_OK);
	return id;
}

static void passports_issued_and_returned(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	char today[DATE_LEN], expiry[DATE_LEN], before[DATE_LEN];
	struct op_error err;
	json_t *out = NULL;
	int64_t draft, approved, stranger;

	seed(db);
	date_today(today);
	date_add_days(today, 3650, expiry);
	date_add_days(today, -1, before);
	assert_int_equal(db_execf(db, "INSERT INTO passports (number, kind, person_id, expiry_date, created_at, updated_at) VALUES ('E1234567', 'service', 1, ?, 'x', 'x')", "t", expiry), DB_OK);
	draft = trip(db, "D", "draft", true);
	approved = trip(db, "A", "approved", true);
	stranger = trip(db, "S", "approved", false);

	assert_int_equal(passport_issue_to_trip(db, &admin, 1, draft, today, 0, &out, &err), 409);
	assert_string_equal(err.code, "invalid_transition");
	assert_int_equal(passport_issue_to_trip(db, &admin, 1, stranger, today, 0, &out, &err), 422);
	assert_string_equal(err.field, "delegation_id");
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM passport_events"), 0);

	assert_int_equal(passport_issue_to_trip(db, &admin, 1, approved, today, 0, &out, &err), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "issued");
	json_decref(out);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM passports WHERE status = 'issued' AND delegation_id IS NOT NULL"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM passport_events WHERE kind = 'issued'"), 1);
	/* issued once only */
	assert_int_equal(passport_issue_to_trip(db, &admin, 1, approved, today, 0, &out, &err), 409);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM passport_events"), 1);
	/* another unit's actor cannot take it back; nor can it come back before it left */
	assert_int_equal(passport_return_to_custody(db, &other_unit, 1, today, 0, &out, &err), 403);
	assert_int_equal(passport_return_to_custody(db, &admin, 1, before, 0, &out, &err), 422);
	assert_string_equal(err.field, "date");
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM passports WHERE status = 'issued'"), 1);

	assert_int_equal(passport_return_to_custody(db, &admin, 1, today, 0, &out, &err), 0);
	assert_string_equal(json_string_value(json_object_get(out, "status")), "in_custody");
	json_decref(out);
	/* the trip has not left: not due yet, so back on time */
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM passport_events WHERE kind = 'returned' AND on_time = 1"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'passport'"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reads_within_scope, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(changes_compare_and_set, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(deletes_refused_while_referenced, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(passports_issued_and_returned, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
