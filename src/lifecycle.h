/*
 * lifecycle.h - the state changes of a trip (DESIGN.md "Delegation
 * lifecycle"), each a POST /delegations/{id}/ACTION allowed only from
 * certain states; anything else is 409 invalid_transition and changes
 * nothing. Every change is audited with the trip before and after.
 *
 * draft -submit-> submitted -preliminary-> preliminary_approved
 *   -(review tally | approve)-> approved -depart-> departed -return-> returned -close-> closed
 * preliminary(return) sends a submitted trip back to draft; a failed vote
 * rejects it; cancel ends any trip that has not departed.
 */
#ifndef WAISHI_LIFECYCLE_H
#define WAISHI_LIFECYCLE_H

#include "http.h"

int lifecycle_submit(struct request *req, struct response *res);
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
