/*
 * checks_api.c - the routes of the checks and the quota (see checks_api.h):
 * a trip's findings as the engine (checks.c) judges them now, and the
 * year's quota - last year's approved totals, this year's approved and
 * pending, and what remains under zero growth (trip_totals.c).
 */
#include "checks_api.h"

#include "checks.h"
#include "delegation_api.h"
#include "list.h"
#include "policy.h"
#include "trip_totals.h"

int checks_get(struct request *req, struct response *res)
{
	struct policy p;
	json_t *base = NULL, *items = NULL;
	bool blocked = false;
	int rc = delegation_load(req, res, req->ids[0], &base);

	if (rc)
		return rc;
	rc = policy_load(req->db, &p);
	if (rc == DB_OK)
		rc = checks_run(req->db, req->ids[0], &p, NULL, &items, &blocked);
	if (rc != DB_OK) {
		json_decref(base);
		return http_error_db(req, res, rc);
	}
	rc = http_json(res, 200, json_pack("{s:o, s:I, s:b, s:O}", "items", items, "total",
					   (json_int_t)json_array_size(items), "blocked", blocked, "override_reason",
					   json_object_get(base, "override_reason")));
	json_decref(base);
	return rc;
}

static json_t *totals_json(const struct totals *t)
{
	return json_pack("{s:I, s:I, s:f}", "batches", (json_int_t)t->batches, "persons", (json_int_t)t->persons,
			 "budget_cny", (double)t->budget_fen / 100.0);
}

int quota_get(struct request *req, struct response *res)
{
	struct totals last = {0, 0, 0}, approved = {0, 0, 0}, pending = {0, 0, 0}, remaining;
	int64_t year;
	int rc = list_query_year(req, res, "year", &year);

	if (rc)
		return rc;
	rc = trip_year_totals(req->db, (int)year - 1, 0, &last);
	if (rc == DB_OK)
		rc = trip_year_totals(req->db, (int)year, 0, &approved);
	if (rc == DB_OK)
		rc = trip_year_pending(req->db, (int)year, &pending);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	remaining.batches = last.batches - approved.batches;
	remaining.persons = last.persons - approved.persons;
	remaining.budget_fen = last.budget_fen - approved.budget_fen;
	return http_json(res, 200,
			 json_pack("{s:I, s:o, s:o, s:o, s:o}", "year", (json_int_t)year, "last_year", totals_json(&last),
				   "approved", totals_json(&approved), "pending", totals_json(&pending), "remaining",
				   totals_json(&remaining)));
}
