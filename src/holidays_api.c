/*
 * holidays_api.c - the routes of the holiday calendar (see holidays_api.h):
 * a year read, a year replaced through holidays_replace (holidays.h).
 */
#include "holidays_api.h"

#include "holidays.h"
#include "util.h"
#include "validate.h"

static int answer_year(struct request *req, struct response *res, int64_t year)
{
	json_t *items = json_array();
	int rc = items ? holidays_of_year(req->db, year, items) : DB_ERR;

	if (rc != DB_OK) {
		json_decref(items);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

int holidays_list(struct request *req, struct response *res)
{
	const char *s = http_query(req, "year");
	int64_t year = 0;

	if (!s || !util_parse_int64(s, &year) || !holidays_year_valid(year))
		return validate_fail(req, res, "year", "'year' must be a year such as 2026", "「year」必须是年份,如 2026");
	return answer_year(req, res, year);
}

int holidays_put(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;

	if (holidays_replace(req->db, &who, req->ids[0], req->json, &err))
		return http_error_op(req, res, &err);
	return answer_year(req, res, req->ids[0]);
}
