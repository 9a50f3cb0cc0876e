/*
 * trip.h - the trip (因公出国(境)团组) as a domain: its lifecycle as one
 * table and the one operation that moves a trip through it, knowing no HTTP.
 *
 * DESIGN.md "Delegation lifecycle":
 *   draft -submit-> submitted [-county_review(approve)-> county_reviewed]
 *     -preliminary(approve)-> preliminary_approved
 *     -(review tally | approve | override)-> approved -depart-> departed
 *     -return-> returned -close-> closed
 *   The county review (县级初审, role county) comes first for a trip of a unit
 *   under a county (UNITS_UNDER_COUNTY_SQL in op.h) and is skipped for any
 *   other: the guard judges which inside the write transaction.
 *   county_review(return) and preliminary(return) send the trip back to draft; a failed vote
 *   rejects it; cancel ends any trip that has not departed. publicity,
 *   briefing, commitment and report record facts without moving the state.
 *
 * The table (trip_lifecycle.c) holds for each action: the states it is
 * allowed from, the roles that may take it, its body, its gating checks and
 * its change. The route table takes its roles from TRIP_ROLES_*; the trip's
 * answer lists the actions the caller may take now (allowed_actions), which
 * the web interface shows instead of keeping its own copy.
 */
#ifndef WAISHI_TRIP_H
#define WAISHI_TRIP_H

#include "db.h"
#include "op.h"

#include <jansson.h>

enum trip_action {
	TRIP_SUBMIT,
	TRIP_COUNTY_REVIEW,
	TRIP_PRELIMINARY,
	TRIP_PUBLICITY,
	TRIP_APPROVE,
	TRIP_OVERRIDE,
	TRIP_BRIEFING,
	TRIP_COMMITMENT,
	TRIP_DEPART,
	TRIP_RETURN,
	TRIP_REPORT,
	TRIP_CLOSE,
	TRIP_CANCEL,
	TRIP_ACTION_COUNT
};

/* Who may take which action (the route table uses the same masks). */
#define TRIP_ROLES_APPLICANTS (ROLE_ADMIN | ROLE_OFFICER | ROLE_UNIT | ROLE_COUNTY)
#define TRIP_ROLES_COUNTY (ROLE_ADMIN | ROLE_COUNTY)
#define TRIP_ROLES_OFFICE (ROLE_ADMIN | ROLE_OFFICER)
#define TRIP_ROLES_DIRECTOR (ROLE_ADMIN | ROLE_DIRECTOR)
#define TRIP_ROLES_CANCELLERS (ROLE_ADMIN | ROLE_OFFICER | ROLE_UNIT | ROLE_COUNTY | ROLE_DIRECTOR)

/* The states in which a trip counts as approved (批): approved and every state after it. */
#define TRIP_APPROVED_STATES "('approved','departed','returned','closed')"
/* The states of a trip applied for and not yet decided (it counts against its plan as pending). */
#define TRIP_PENDING_STATES "('submitted','county_reviewed','preliminary_approved')"
/* The members of the trips a fragment "FROM delegations d WHERE ..." selects (trip_totals.c reads it alone). */
#define TRIP_MEMBERS_SQL(trips) "(SELECT COUNT(*) FROM delegation_members m WHERE m.delegation_id IN (SELECT d.id " trips "))"
/*
 * The persons (人次) of the trips a fragment "FROM delegations d WHERE ..." selects: their members
 * (TRIP_MEMBERS_SQL), and the head count of imported trips that carry one instead. The fragment's parameters are bound twice.
 */
#define TRIP_PERSONS_SQL(trips) TRIP_MEMBERS_SQL(trips) " + (SELECT COALESCE(SUM(d.imported_persons), 0) " trips ")"

/*
 * Trip numbering, the one owner of both sequences: a trip's code
 * (YYYY-NNNN, per year of application) and its approval number (per year of
 * approval, formatted by the policy's pattern, e.g. 外审〔2026〕12号).
 * trip_next_seq gives the next free number of `year` in the database;
 * callers numbering several trips before writing them (import) continue
 * from it. Call inside the write transaction that stores the number.
 */
enum trip_sequence { TRIP_SEQ_CODE, TRIP_SEQ_APPROVAL };
__attribute__((warn_unused_result)) int trip_next_seq(struct db *db, enum trip_sequence which, int year, int64_t *seq);
void trip_code_format(int year, int64_t seq, char code[16]);

/*
 * Take `action` on trip `id` as `who`, with the action's body `args` (may be
 * NULL). In one write transaction: load the trip as it is now (404; 403
 * outside the actor's units or role), refuse a stale `expected_version`
 * (0: none given; 409 stale), check the state (409 invalid_transition naming
 * the state found), the body (422) and the action's gating checks, apply the
 * change as a compare-and-set on the state found, advance the version, audit
 * before/after, commit. 0 with *out the trip as stored (caller owns it), or
 * the status of the error filled into *err; on error nothing is written.
 */
__attribute__((warn_unused_result)) int trip_act(struct db *db, const struct actor *who, int64_t id,
						 enum trip_action action, json_t *args, int64_t expected_version,
						 json_t **out, struct op_error *err);

/*
 * A new trip (draft) from the API's body, as `who`: the body checked by
 * the trip's rules (trip_body.h: 422, 403), numbered with the next code of
 * this year, stored with its itinerary and members and audited, in one
 * write transaction. 0 with *out the trip as stored (caller owns it).
 */
__attribute__((warn_unused_result)) int trip_create(struct db *db, const struct actor *who, json_t *body,
						    json_t **out, struct op_error *err);
/* trip_create inside the caller's write transaction (the demo's): the caller commits or rolls back. */
__attribute__((warn_unused_result)) int trip_create_in(struct db *db, const struct actor *who, json_t *body,
						       json_t **out, struct op_error *err);

/*
 * Edit draft `id` with a (partial) body: in one write transaction the trip
 * as it is now (404, 403, 409 stale), the body judged against it, only a
 * draft (409 invalid_transition), written as a compare-and-set on its
 * version and audited. 0 with *out the trip as stored.
 */
__attribute__((warn_unused_result)) int trip_edit(struct db *db, const struct actor *who, int64_t id, json_t *body,
						  int64_t expected_version, json_t **out, struct op_error *err);

/* The action's name in the API ("submit", ...); NULL for an unknown action. */
const char *trip_action_name(enum trip_action action);

/* Add "allowed_actions": the actions `who` may take on `trip` in its present state. */
void trip_add_allowed_actions(const struct actor *who, json_t *trip);

#endif
