/*
 * test_trips.c - calendar arithmetic and working days, typed policies,
 * approval numbers and passport due dates.
 */
#include "helpers.h"

#include "dates.h"
#include "passport.h"
#include "policy.h"
#include "workdays.h"

static void day_numbers_round_trip(void **state)
{
	char out[DATE_LEN];

	(void)state;
	assert_int_equal(date_to_days("1970-01-01"), 0);
	date_from_days(date_to_days("2024-02-28") + 1, out);
	assert_string_equal(out, "2024-02-29");
	date_add_days("2026-12-31", 1, out);
	assert_string_equal(out, "2027-01-01");
	date_add_days("2026-03-01", -1, out);
	assert_string_equal(out, "2026-02-28");
	assert_int_equal(date_span_days("2026-05-01", "2026-05-09"), 9);
	date_add_months("2026-08-31", 6, out);
	assert_string_equal(out, "2027-02-28");
	date_add_months("2026-03-15", 6, out);
	assert_string_equal(out, "2026-09-15");
	assert_int_equal(date_year("2031-07-01"), 2031);
	/* regression: going back a year (the report's "same period last year") */
	date_add_months("2026-01-01", -12, out);
	assert_string_equal(out, "2025-01-01");
	date_add_months("2024-02-29", -12, out);
	assert_string_equal(out, "2023-02-28");
	date_add_months("2026-03-31", -1, out);
	assert_string_equal(out, "2026-02-28");
}

static void working_days_skip_weekends_and_holidays(void **state)
{
	struct test_db *t = *state;
	int64_t n = 0;

	/* 2026-09-28 is a Monday: Mon..Sun of that week has five working days */
	assert_int_equal(workdays_count(t->db, "2026-09-28", "2026-10-04", &n), DB_OK);
	assert_int_equal(n, 5);
	assert_int_equal(workdays_count(t->db, "2026-10-04", "2026-09-28", &n), DB_OK);
	assert_int_equal(n, 0);
	/* National Day: 1-2 October are holidays, Sunday 27 September a make-up working day */
	assert_int_equal(db_execf(t->db, "INSERT INTO holidays (day, kind) VALUES ('2026-10-01', 'holiday'), ('2026-10-02', 'holiday'), ('2026-09-27', 'workday')", ""), DB_OK);
	assert_int_equal(workdays_count(t->db, "2026-09-27", "2026-10-04", &n), DB_OK);
	assert_int_equal(n, 4); /* Sun(make-up) + Mon, Tue, Wed */
}

static void policies_default_and_read_settings(void **state)
{
	struct test_db *t = *state;
	struct policy p;

	assert_int_equal(policy_load(t->db, &p), DB_OK);
	assert_int_equal(p.passport_return_days, 7);
	assert_int_equal(p.report_due_days, 30);
	assert_int_equal(p.joint_review_quorum.num, 2);
	assert_int_equal(p.joint_review_quorum.den, 3);
	assert_true(p.joint_review_required);
	assert_int_equal(db_execf(t->db, "UPDATE settings SET value = '3/4' WHERE key = 'joint_review_quorum'", ""), DB_OK);
	assert_int_equal(db_execf(t->db, "UPDATE settings SET value = 'off' WHERE key = 'joint_review_required'", ""), DB_OK);
	assert_int_equal(db_execf(t->db, "UPDATE settings SET value = 'nonsense' WHERE key = 'report_due_days'", ""), DB_OK);
	assert_int_equal(policy_load(t->db, &p), DB_OK);
	assert_int_equal(p.joint_review_quorum.num, 3);
	assert_int_equal(p.joint_review_quorum.den, 4);
	assert_false(p.joint_review_required);
	assert_int_equal(p.report_due_days, 30); /* a bad stored value keeps the default */
}

static void approval_numbers_follow_the_format(void **state)
{
	struct test_db *t = *state;
	struct policy p;
	char out[128];

	assert_int_equal(policy_load(t->db, &p), DB_OK);
	policy_approval_no(&p, 2026, 17, out, sizeof(out));
	assert_string_equal(out, "外审〔2026〕17号");
}

static void passports_fall_due_after_return_or_at_cancel(void **state)
{
	struct test_db *t = *state;
	struct policy p;
	char due[DATE_LEN];

	assert_int_equal(policy_load(t->db, &p), DB_OK);
	passport_due(&p, "returned", "2026-05-10", NULL, due);
	assert_string_equal(due, "2026-05-17");
	passport_due(&p, "cancelled", NULL, "2026-04-01", due);
	assert_string_equal(due, "2026-04-01");
	passport_due(&p, "departed", NULL, NULL, due);
	assert_string_equal(due, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_numbers_round_trip),
		cmocka_unit_test_setup_teardown(working_days_skip_weekends_and_holidays, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(policies_default_and_read_settings, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(approval_numbers_follow_the_format, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(passports_fall_due_after_return_or_at_cancel, test_db_setup, test_db_teardown),
	};
	return cmocka_run_group_tests_name("trips", tests, NULL, NULL);
}
