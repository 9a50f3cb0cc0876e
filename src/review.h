/*
 * review.h - joint review sessions (会审): a dated meeting of the panel with
 * an agenda of preliminary-approved trips; each reviewer votes for, against
 * or abstain per trip (a deputy may vote for an absent member, recorded as
 * signed on behalf); closing the session tallies each trip against the
 * quorum, pass share and optional veto of the policies.
 */
#ifndef WAISHI_REVIEW_H
#define WAISHI_REVIEW_H

#include "http.h"
#include "policy.h"

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

/*
 * The vote tally of one trip, as closing a session decides it before the
 * policy checks: "no_quorum", "approved" (the vote passes) or "rejected",
 * for a panel of `panel` reviewers and the votes cast.
 */
const char *review_decide(const struct policy *p, int64_t panel, int64_t votes_for, int64_t against, int64_t abstain);

#endif
