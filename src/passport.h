/*
 * passport.h - passports kept in custody (证照管理): each is issued for one
 * approved trip of a member who holds it and must come back within
 * passport_return_days of the actual return (at once when the trip is
 * cancelled). Due dates are derived, never stored, so moving a date moves
 * every deadline.
 */
#ifndef WAISHI_PASSPORT_H
#define WAISHI_PASSPORT_H

#include "db.h"
#include "op.h"
#include "policy.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Due date of a passport issued for a trip with the given status, actual
 * return and cancel date; "" when not due yet (trip still abroad or not left).
 */
void passport_due(const struct policy *p, const char *trip_status, const char *actual_return,
		  const char *cancelled_on, char out[11]);

/*
 * Issue passport `id` to its holder for trip `delegation_id` on `date`, in
 * one write transaction judged on the passport and the trip as they are:
 * the passport in custody (409 invalid_transition) and valid on the day
 * (422 date), the trip approved (409), the holder one of its members
 * (422 delegation_id) not already carrying a passport for it (409); the
 * expected version as in record_apply. 0 with *out the passport as stored.
 */
__attribute__((warn_unused_result)) int passport_issue_to_trip(struct db *db, const struct actor *who, int64_t id,
							       int64_t delegation_id, const char *date,
							       int64_t expected_version, json_t **out,
							       struct op_error *err);

/*
 * Take passport `id` back into custody on `date`: it must be issued (409)
 * and not come back before it was issued (422 date); the return event
 * records whether it came back by its due date (passport_due).
 */
__attribute__((warn_unused_result)) int passport_return_to_custody(struct db *db, const struct actor *who, int64_t id,
								   const char *date, int64_t expected_version,
								   json_t **out, struct op_error *err);

#endif
