/*
 * test_clock.c - the clock (util.c): RFC 3339 instants, WAISHI_NOW and a
 * negative WAISHI_CLOCK_OFFSET, and the office's local date in its zone
 * (dates.c): "today" and the UTC start of a local day.
 */
#include "helpers.h"

#include "dates.h"
#include "util.h"

static void rfc3339_instants(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_true(util_parse_rfc3339("1970-01-01T00:00:00Z", &t));
	assert_int_equal(t, 0);
	assert_true(util_parse_rfc3339("2027-01-03T09:00:00+08:00", &t));
	assert_int_equal(t, 1798938000); /* 2027-01-03T01:00:00Z */
	assert_true(util_parse_rfc3339("2027-01-03T01:00:00Z", &t));
	assert_int_equal(t, 1798938000);
	assert_true(util_parse_rfc3339("2027-01-02T20:00:00-05:00", &t));
	assert_int_equal(t, 1798938000);
	assert_false(util_parse_rfc3339("2027-01-03", &t));
	assert_false(util_parse_rfc3339("2027-02-30T09:00:00Z", &t));
	assert_false(util_parse_rfc3339("2027-01-03T24:00:00Z", &t));
	assert_false(util_parse_rfc3339("2027-01-03T09:00:00+8", &t));
	assert_false(util_parse_rfc3339("2027-01-03T09:00:00", &t));
}

static void clock_offsets(void **state)
{
	int64_t off = 1;

	(void)state;
	assert_int_equal(util_clock_offset(NULL, NULL, 1000, &off), 0);
	assert_int_equal(off, 0);
	assert_int_equal(util_clock_offset(NULL, "-86400", 1000, &off), 0);
	assert_int_equal(off, -86400); /* negative offsets are accepted */
	assert_int_equal(util_clock_offset("1970-01-01T00:10:00Z", NULL, 1000, &off), 0);
	assert_int_equal(off, 600 - 1000); /* the clock reads WAISHI_NOW at real time 1000 */
	assert_int_equal(util_clock_offset("1970-01-01T00:10:00Z", "60", 1000, &off), 0);
	assert_int_equal(off, 600 - 1000 + 60);
	assert_int_equal(util_clock_offset("tomorrow", NULL, 1000, &off), -1);
	assert_int_equal(util_clock_offset(NULL, "1.5", 1000, &off), -2);
}

static void local_today_in_the_office_zone(void **state)
{
	char err[128], day[DATE_LEN], start[32];

	(void)state;
	/* 23:30 UTC on 31 December 2030 is 07:30 on 1 January 2031 in Beijing */
	setenv("WAISHI_NOW", "2030-12-31T23:30:00Z", 1);
	unsetenv("WAISHI_CLOCK_OFFSET");
	unsetenv("WAISHI_TIMEZONE");
	assert_int_equal(util_clock_init(err, sizeof(err)), 0);
	assert_string_equal(util_clock_zone(), "Asia/Shanghai");
	date_today(day);
	assert_string_equal(day, "2031-01-01");
	date_day_start_utc("2031-01-01", start);
	assert_string_equal(start, "2030-12-31T16:00:00Z");
	setenv("WAISHI_TIMEZONE", "UTC", 1);
	assert_int_equal(util_clock_init(err, sizeof(err)), 0);
	date_today(day);
	assert_string_equal(day, "2030-12-31");
	setenv("WAISHI_TIMEZONE", "Nowhere/Atlantis", 1);
	assert_int_equal(util_clock_init(err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown time zone Nowhere/Atlantis"));
	setenv("WAISHI_TIMEZONE", "Asia/Shanghai", 1);
	setenv("WAISHI_CLOCK_OFFSET", "soon", 1);
	assert_int_equal(util_clock_init(err, sizeof(err)), -1);
	unsetenv("WAISHI_CLOCK_OFFSET");
	unsetenv("WAISHI_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc3339_instants),
		cmocka_unit_test(clock_offsets),
		cmocka_unit_test(local_today_in_the_office_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
