/*
 * review.h - joint review sessions (会审): a dated meeting of the panel with
 * an agenda of preliminary-approved trips; each reviewer votes for, against
 * or abstain per trip (a deputy may vote for an absent member, recorded as
 * signed on behalf); closing the session tallies each trip against the
 * quorum, pass share and optional veto of the policies.
 */
#ifndef WAISHI_REVIEW_H
#define WAISHI_REVIEW_H

#include "db.h"
#include "policy.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The vote tally of one trip, as closing a session decides it before the
 * policy checks: "no_quorum", "approved" (the vote passes) or "rejected",
 * for a panel of `panel` reviewers and the votes cast.
 */
const char *review_decide(const struct policy *p, int64_t panel, int64_t votes_for, int64_t against, int64_t abstain);

#endif
