/*
 * holidays.c - the office's holiday calendar as routes: the public holidays
 * and the made-up working days (调休) of a year, read and replaced whole
 * (see holidays.h). What they mean for working days is dates.c's
 * workdays_count.
 */
#include "holidays_api.h"

#include "audit_api.h"
#include "dates.h"
#include "db_json.h"
#include "record_api.h"
#include "util.h"
#include "validate.h"
#include "workdays.h"

#include <stdio.h>
#include <string.h>

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
