/*
 * funding_api.c - the funding routes (see funding_api.h): a trip's funding
 * read, its budget or actual lines replaced through funding_replace_lines,
 * the standards listed (funding.h).
 */
#include "funding_api.h"

#include "delegation_api.h"
#include "funding.h"
#include "record_api.h"

int funding_get(struct request *req, struct response *res)
{
	json_t *base = NULL, *out;
	int rc = delegation_load(req, res, req->ids[0], &base);

	if (rc)
		return rc;
	json_decref(base);
	out = funding_of_trip(req->db, req->ids[0], &rc);
	return out ? http_json(res, 200, out) : http_error_db(req, res, rc);
}

static int put_lines(struct request *req, struct response *res, enum funding_phase phase)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *out = NULL;
	int64_t version = 0;
	int status = record_version_arg(req, res, &version);

	if (status)
		return status;
	status = funding_replace_lines(req->db, &who, req->ids[0], phase, req->json, version, &out, &err);
	return http_answer_op(req, res, status, &err, 200, out);
}

int funding_put_budget(struct request *req, struct response *res)
{
	return put_lines(req, res, FUNDING_BUDGET);
}

int funding_put_actual(struct request *req, struct response *res)
{
	return put_lines(req, res, FUNDING_ACTUAL);
}

int funding_standards_list(struct request *req, struct response *res)
{
	json_t *rows = json_array();
	int rc = rows ? funding_standards_of(req->db, http_query(req, "country"), rows) : DB_ERR;

	if (rc != DB_OK) {
		json_decref(rows);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", rows, "total", (json_int_t)json_array_size(rows)));
}
