/*
 * lifecycle_api.h - the HTTP handlers of the trip actions: each
 * POST /delegations/{id}/ACTION parses its body and calls trip_act (trip.h),
 * where the lifecycle and every rule of it live.
 */
#ifndef WAISHI_LIFECYCLE_API_H
#define WAISHI_LIFECYCLE_API_H

#include "http.h"

/* GET /api/v1/delegations/{id} */
int delegation_get(struct request *req, struct response *res);
int lifecycle_submit(struct request *req, struct response *res);
int lifecycle_county_review(struct request *req, struct response *res); /* POST .../county-review (县级初审) */
int lifecycle_preliminary(struct request *req, struct response *res);
int lifecycle_publicity(struct request *req, struct response *res);
int lifecycle_approve(struct request *req, struct response *res);
int lifecycle_override(struct request *req, struct response *res);
int lifecycle_briefing(struct request *req, struct response *res);
int lifecycle_commitment(struct request *req, struct response *res);
int lifecycle_depart(struct request *req, struct response *res);
int lifecycle_return(struct request *req, struct response *res);
int lifecycle_report(struct request *req, struct response *res);
int lifecycle_close(struct request *req, struct response *res);
int lifecycle_cancel(struct request *req, struct response *res);

#endif
