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
#include "op.h"
#include "policy.h"
#include "record.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The vote tally of one trip, as closing a session decides it before the
 * policy checks: "no_quorum", "approved" (the vote passes) or "rejected",
 * for a panel of `panel` reviewers and the votes cast.
 */
const char *review_decide(const struct policy *p, int64_t panel, int64_t votes_for, int64_t against, int64_t abstain);

/* The session as a record (version, audit entity "review_session"). */
extern const struct record_def review_session_def;

/* The votes on one trip of a session and the panel (active reviewers). */
struct review_tally {
	int64_t votes_for, against, abstain, panel;
};
__attribute__((warn_unused_result)) int review_count_votes(struct db *db, int64_t session_id, int64_t delegation_id,
							   struct review_tally *t);
/* Enough of the panel voted (joint_review_quorum). */
bool review_quorum_met(const struct policy *p, const struct review_tally *t);
/* More than the pass share of the votes cast are for; with the veto, none against. */
bool review_passes(const struct policy *p, const struct review_tally *t);

/*
 * The operations: each judges and writes in one write transaction and
 * returns 0 or the status of the error it filled in; nothing is written on
 * error.
 *   review_open_session: a session on `date` with the agenda
 *   `delegation_ids` (a JSON array: each a preliminary-approved trip, listed
 *   once, on no other open agenda; 422/409 naming delegation_ids); *id.
 *   review_cast_vote: `decision` (for, against, abstain) on a trip of the
 *   open session's agenda (404, 409 closed, 422 delegation_id), in person
 *   (on_behalf_of 0) or as the deputy the absent member named. A member
 *   recorded absent votes only after revoking the deputy; a vote cast in
 *   person is changed only by its caster and never replaced by a deputy,
 *   and a deputy's vote never by the member (409/403 naming on_behalf_of).
 *   review_name_deputy / review_revoke_deputy: an absent member's deputy for
 *   the session (a reviewer only for themself, 403), both active panel
 *   members, one deputy each, revoked only before it voted (409).
 *   review_close_session: close the open session and tally each trip still
 *   waiting on its agenda (approved with its approval number, rejected, no
 *   quorum, or blocked by a gating check), as a compare-and-set on the
 *   session's version (`expected_version` 0: any).
 */
__attribute__((warn_unused_result)) int review_open_session(struct db *db, const struct actor *who, const char *date,
							    const char *title, json_t *delegation_ids, int64_t *id,
							    struct op_error *err);
__attribute__((warn_unused_result)) int review_cast_vote(struct db *db, const struct actor *who, int64_t session_id,
							 int64_t delegation_id, const char *decision,
							 int64_t on_behalf_of, struct op_error *err);
__attribute__((warn_unused_result)) int review_name_deputy(struct db *db, const struct actor *who, int64_t session_id,
							   int64_t reviewer, int64_t deputy, struct op_error *err);
__attribute__((warn_unused_result)) int review_revoke_deputy(struct db *db, const struct actor *who,
							     int64_t session_id, int64_t reviewer, struct op_error *err);
__attribute__((warn_unused_result)) int review_close_session(struct db *db, const struct actor *who,
							     int64_t session_id, int64_t expected_version,
							     struct op_error *err);

#endif
