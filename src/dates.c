/*
 * dates.c - calendar arithmetic and working days (see dates.h).
 */
#include "dates.h"

#include "audit.h"
#include "list.h"
#include "record.h"
#include "util.h"
#include "validate.h"

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

/* 1970-01-01 was a Thursday: Monday is 0. */
static bool is_weekend(int64_t days)
{
	int64_t wd = ((days % 7) + 7 + 3) % 7;

	return wd >= 5;
}

int workdays_count(struct db *db, const char *first, const char *last, int64_t *count)
{
	struct db_stmt *st = NULL;
	int64_t a = date_to_days(first), b = date_to_days(last), d, n = 0;
	int rc;

	*count = 0;
	if (b < a)
		return DB_OK;
	for (d = a; d <= b; d++)
		n += !is_weekend(d);
	/* Adjust by the entered holidays and make-up working days in the range. */
	rc = db_prepare(db, "SELECT day, kind FROM holidays WHERE day >= ? AND day <= ?", &st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, first);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, last);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		bool weekend = is_weekend(date_to_days(db_column_text(st, 0)));
		bool holiday = strcmp(db_column_text(st, 1), "holiday") == 0;
		if (holiday && !weekend)
			n--;
		else if (!holiday && weekend)
			n++;
		rc = DB_OK;
	}
	db_finalize(st);
	*count = n;
	return rc == DB_DONE ? DB_OK : rc;
}

/* ---- handlers ---- */

static int year_param(struct request *req, struct response *res, int64_t *year)
{
	const char *s = http_query(req, "year");

	if (!s || !util_parse_int64(s, year) || *year < 1990 || *year > 2200)
		return validate_fail(req, res, "year", "'year' must be a year such as 2026", "「year」必须是年份,如 2026");
	return 0;
}

static int answer_year(struct request *req, struct response *res, int64_t year)
{
	struct db_stmt *st = NULL;
	char from[DATE_LEN], to[DATE_LEN];
	json_t *items;
	int rc;

	snprintf(from, sizeof(from), "%04d-01-01", (int)year);
	snprintf(to, sizeof(to), "%04d-12-31", (int)year);
	items = json_array();
	rc = db_prepare(req->db, "SELECT day, kind FROM holidays WHERE day >= ? AND day <= ? ORDER BY day", &st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, to);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_array_append_new(items, db_row_json(st));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		json_decref(items);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

int holidays_list(struct request *req, struct response *res)
{
	int64_t year;
	int rc = year_param(req, res, &year);

	return rc ? rc : answer_year(req, res, year);
}

static const struct vfield holiday_fields[] = {
	{"holidays", "法定节假日", V_ARRAY, VF_REQUIRED, 0, 60, NULL},
	{"workdays", "调休上班日", V_ARRAY, VF_REQUIRED, 0, 30, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Every element a date of `year`. */
static int check_days(struct request *req, struct response *res, const char *field, int64_t year)
{
	json_t *arr = json_object_get(req->json, field), *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || !util_valid_date(json_string_value(v)) ||
		    date_year(json_string_value(v)) != year)
			return validate_fail(req, res, field, "every element must be a date (YYYY-MM-DD) of that year",
					     "每一项必须是该年份内的日期(YYYY-MM-DD)");
	}
	return 0;
}

static int insert_days(struct db *db, json_t *arr, const char *kind)
{
	json_t *v;
	size_t i;
	int rc = DB_OK;

	json_array_foreach(arr, i, v) {
		rc = db_execf(db, "INSERT INTO holidays (day, kind) VALUES (?, ?)", "tt", json_string_value(v), kind);
		if (rc != DB_OK)
			break;
	}
	return rc;
}

int holidays_put(struct request *req, struct response *res)
{
	int64_t year = req->ids[0];
	char from[DATE_LEN], to[DATE_LEN];
	int rc = validate_body(req, res, req->json, holiday_fields, false);

	if (!rc && (year < 1990 || year > 2200))
		rc = http_error_not_found(req, res);
	if (!rc)
		rc = check_days(req, res, "holidays", year);
	if (!rc)
		rc = check_days(req, res, "workdays", year);
	if (rc)
		return rc;
	snprintf(from, sizeof(from), "%04d-01-01", (int)year);
	snprintf(to, sizeof(to), "%04d-12-31", (int)year);
	rc = db_begin(req->db);
	if (rc == DB_OK)
		rc = db_execf(req->db, "DELETE FROM holidays WHERE day >= ? AND day <= ?", "tt", from, to);
	if (rc == DB_OK)
		rc = insert_days(req->db, json_object_get(req->json, "holidays"), "holiday");
	if (rc == DB_OK)
		rc = insert_days(req->db, json_object_get(req->json, "workdays"), "workday");
	if (rc == DB_OK)
		rc = audit_record(req, "replace", "holidays", year, NULL, req->json);
	if (rc == DB_CONSTRAINT) {
		db_rollback(req->db);
		return validate_fail(req, res, "workdays", "a date is listed twice", "有日期重复列出");
	}
	rc = record_commit(req, res, rc);
	if (rc)
		return rc;
	return answer_year(req, res, year);
}
