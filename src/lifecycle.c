/*
 * lifecycle.c - the handlers that answer a trip with the actions its
 * reader may take (see lifecycle.h): reading one, and each action, an
 * adapter from the request to trip_act and from its answer to the response.
 */
#include "lifecycle_api.h"

#include "delegation_api.h"
#include "record_api.h"
#include "trip.h"

/* GET /delegations/{id}: the trip, scoped, with the actions its reader may take. */
int delegation_get(struct request *req, struct response *res)
{
	struct actor who;
	json_t *base = NULL, *full;
	int rc = delegation_load(req, res, req->ids[0], &base);

	if (rc)
		return rc;
	json_decref(base);
	full = delegation_detail(req->db, req->ids[0], &rc);
	if (!full)
		return http_error_db(req, res, rc);
	who = http_actor(req);
	trip_add_allowed_actions(&who, full);
	return http_json(res, 200, full);
}

static int act(struct request *req, struct response *res, enum trip_action action)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t version = 0;
	json_t *trip = NULL;
	int rc = record_version_arg(req, res, &version);

	if (rc)
		return rc;
	if (trip_act(req->db, &who, req->ids[0], action, req->json, version, &trip, &err))
		return http_error_op(req, res, &err);
	trip_add_allowed_actions(&who, trip);
	return http_json(res, 200, trip);
}

int lifecycle_submit(struct request *req, struct response *res) { return act(req, res, TRIP_SUBMIT); }
int lifecycle_county_review(struct request *req, struct response *res) { return act(req, res, TRIP_COUNTY_REVIEW); }
int lifecycle_preliminary(struct request *req, struct response *res) { return act(req, res, TRIP_PRELIMINARY); }
int lifecycle_publicity(struct request *req, struct response *res) { return act(req, res, TRIP_PUBLICITY); }
int lifecycle_approve(struct request *req, struct response *res) { return act(req, res, TRIP_APPROVE); }
int lifecycle_override(struct request *req, struct response *res) { return act(req, res, TRIP_OVERRIDE); }
int lifecycle_briefing(struct request *req, struct response *res) { return act(req, res, TRIP_BRIEFING); }
int lifecycle_commitment(struct request *req, struct response *res) { return act(req, res, TRIP_COMMITMENT); }
int lifecycle_depart(struct request *req, struct response *res) { return act(req, res, TRIP_DEPART); }
int lifecycle_return(struct request *req, struct response *res) { return act(req, res, TRIP_RETURN); }
int lifecycle_report(struct request *req, struct response *res) { return act(req, res, TRIP_REPORT); }
int lifecycle_close(struct request *req, struct response *res) { return act(req, res, TRIP_CLOSE); }
int lifecycle_cancel(struct request *req, struct response *res) { return act(req, res, TRIP_CANCEL); }
