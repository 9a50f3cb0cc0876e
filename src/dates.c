/*
 * dates.c - calendar arithmetic and working days (see dates.h).
 */
#include "dates.h"

#include "util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Years outside 0..9999 do not occur in this office's records; clamp for the buffer. */
static void format_date(int y, int m, int d, char out[DATE_LEN])
{
	char tmp[40];

	if (y < 0)
		y = 0;
	if (y > 9999)
		y = 9999;
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, DATE_LEN - 1);
	out[DATE_LEN - 1] = '\0';
}

void date_from_days(int64_t z, char out[DATE_LEN])
{
	int64_t era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	format_date((int)y, (int)m, (int)d, out);
}

static void split(const char *ymd, int *y, int *m, int *d)
{
	*y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
	*m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
	*d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
}

int64_t date_to_days(const char *ymd)
{
	int y, m, d;

	split(ymd, &y, &m, &d);
	return days_from_civil(y, m, d);
}

int64_t date_year_start(int year)
{
	return days_from_civil(year, 1, 1);
}

int date_year(const char *ymd)
{
	int y, m, d;

	split(ymd, &y, &m, &d);
	return y;
}

void date_today(char out[DATE_LEN])
{
	time_t t = (time_t)util_now();
	struct tm tm;

	localtime_r(&t, &tm); /* the office's zone: util_clock_init set TZ */
	format_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out);
}

void date_day_start_utc(const char *ymd, char out[32])
{
	struct tm tm;
	int y, m, d;

	split(ymd, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	util_time_rfc3339((int64_t)mktime(&tm), out, 32);
}

void date_add_days(const char *ymd, int64_t n, char out[DATE_LEN])
{
	date_from_days(date_to_days(ymd) + n, out);
}

void date_add_months(const char *ymd, int months, char out[DATE_LEN])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, dim, total;

	split(ymd, &y, &m, &d);
	total = y * 12 + (m - 1) + months; /* months since year 0: never negative for real dates */
	y = total / 12;
	m = total % 12 + 1;
	dim = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > dim)
		d = dim;
	format_date(y, m, d, out);
}

int64_t date_span_days(const char *a, const char *b)
{
	return date_to_days(b) - date_to_days(a) + 1;
}
