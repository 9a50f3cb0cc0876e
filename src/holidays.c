/*
 * holidays.c - a year's holiday calendar read and replaced (see holidays.h).
 */
#include "holidays.h"

#include "dates.h"
#include "db_json.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>

static const struct vfield holiday_fields[] = {
	{"holidays", "法定节假日", V_ARRAY, VF_REQUIRED, 0, 60, NULL},
	{"workdays", "调休上班日", V_ARRAY, VF_REQUIRED, 0, 30, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

bool holidays_year_valid(int64_t year)
{
	return year >= 1990 && year <= 2200;
}

/* The first and last day of `year`. */
static void year_bounds(int64_t year, char from[DATE_LEN], char to[DATE_LEN])
{
	snprintf(from, DATE_LEN, "%04d-01-01", (int)year);
	snprintf(to, DATE_LEN, "%04d-12-31", (int)year);
}

int holidays_of_year(struct db *db, int64_t year, json_t *items)
{
	struct db_stmt *st = NULL;
	char from[DATE_LEN], to[DATE_LEN];
	int rc = db_prepare(db, "SELECT day, kind FROM holidays WHERE day >= ? AND day <= ? ORDER BY day", &st);

	year_bounds(year, from, to);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, to);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_array_append_new(items, db_row_json(st));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Every element of the list `field` a date of `year`. */
static int check_days(json_t *body, const char *field, int64_t year, struct op_error *err)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(body, field), i, v) {
		if (!json_is_string(v) || !util_valid_date(json_string_value(v)) ||
		    date_year(json_string_value(v)) != year)
			return op_invalid(err, field, "every element must be a date (YYYY-MM-DD) of that year",
					  "每一项必须是该年份内的日期(YYYY-MM-DD)");
	}
	return 0;
}

/* The body judged: its two lists, the year, the dates of each list. */
static int judge_body(json_t *body, int64_t year, struct op_error *err)
{
	int status = validate_fields(body, holiday_fields, false, err);

	if (!status && !holidays_year_valid(year))
		status = op_not_found(err);
	if (!status)
		status = check_days(body, "holidays", year, err);
	if (!status)
		status = check_days(body, "workdays", year, err);
	return status;
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

int holidays_replace(struct db *db, const struct actor *who, int64_t year, json_t *body, struct op_error *err)
{
	char from[DATE_LEN], to[DATE_LEN];
	int status, rc = db_begin(db);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = judge_body(body, year, err);
	year_bounds(year, from, to);
	if (!status)
		rc = db_execf(db, "DELETE FROM holidays WHERE day >= ? AND day <= ?", "tt", from, to);
	if (!status && rc == DB_OK)
		rc = insert_days(db, json_object_get(body, "holidays"), "holiday");
	if (!status && rc == DB_OK)
		rc = insert_days(db, json_object_get(body, "workdays"), "workday");
	if (!status && rc == DB_OK)
		rc = op_audit(db, who, "replace", "holidays", year, NULL, body);
	if (rc == DB_CONSTRAINT)
		status = op_invalid(err, "workdays", "a date is listed twice", "有日期重复列出");
	return op_finish(db, status, rc, err);
}
