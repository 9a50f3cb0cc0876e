/*
 * review_api.h - the routes of review.c; what they act on is review.h.
 */
#ifndef WAISHI_REVIEW_API_H
#define WAISHI_REVIEW_API_H

#include "http.h"

int review_list(struct request *req, struct response *res);
int review_get(struct request *req, struct response *res);
int review_create(struct request *req, struct response *res);
int review_vote(struct request *req, struct response *res);
int review_close(struct request *req, struct response *res);
/*
 * POST /review-sessions/{id}/deputies {reviewer_id, deputy_id}: records a
 * panel member absent for the session with a named deputy (an active panel
 * member), who may then vote on their behalf until a vote for them exists.
 * DELETE /review-sessions/{id}/deputies/{reviewer_id} revokes it, only
 * before the deputy has voted. Officers for anyone; a reviewer for themself.
 */
int review_deputy_add(struct request *req, struct response *res);
int review_deputy_revoke(struct request *req, struct response *res);

#endif
