/*
 * trip_history_api.h - the history of one trip for everyone who may read it:
 * who did each step, when, and what it changed (from the audit trail),
 * and its passports' issue and return events.
 */
#ifndef WAISHI_TRIP_HISTORY_API_H
#define WAISHI_TRIP_HISTORY_API_H

#include "http.h"

/*
 * GET /api/v1/delegations/{id}/history ->
 * {"items":[{"id","at","user_id","username","display_name","action","from_status","to_status",
 *            "changes":{FIELD: new value},"outcome"?,"signed"?:[names]}],
 *  "passport_events":[{"kind","on_date","at","number","person_name"}]}
 * Same read permission as the trip itself (404/403 as GET /delegations/{id}).
 */
int trip_history_get(struct request *req, struct response *res);

#endif
