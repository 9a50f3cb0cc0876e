/*
 * trip_record.h - a past trip recorded as it happened (历史团组): import of
 * past years' sheets and the demo's past trips write through it. A past
 * trip cannot pass today's gates (future dates, publicity period, lead
 * times, the review tally), so they are skipped; it is not spared the
 * trip's validation (trip_body.c, the API's own rules), its numbering
 * (trip_next_seq / trip_code_format, the one owner) or its counting: it is
 * stored in an approved state (TRIP_APPROVED_STATES) with its approval year
 * and number, its members or imported head count (TRIP_PERSONS_SQL), so the
 * totals, quota and reports count it exactly as a trip approved live.
 *
 * The fields: the API's trip body (unit_id, title, task, category, inviter,
 * inviter_type, inviter_country, budget_source, depart_date, return_date,
 * destinations, members, budget_cny, official_days, out_of_plan_reason;
 * task, inviter and members may be left out) and the history:
 *   approved_on      date, required, not after today
 *   status           approved | departed | returned | closed (default closed);
 *                    departed needs the departure, returned and closed the
 *                    return, on or before today
 *   approval_no      text (default: the policy's format with the next
 *                    number of the approval year)
 *   submitted_on, publicity_start, briefing_date, report_date, closed_on
 *                    dates (closed_on of a closed trip defaults to its return)
 *   reminder_card    the reminder card handed out at the briefing (true/false)
 *   report_summary   text
 *   imported_persons head count when the members are not persons of the
 *                    register (then members may be left out); imported_members
 *                    their names as one text
 * The code is numbered in the year of submitted_on, or of approved_on.
 */
#ifndef WAISHI_TRIP_RECORD_H
#define WAISHI_TRIP_RECORD_H

#include "db.h"
#include "op.h"

#include <jansson.h>

/* Check `fields` as `who` without writing: 0 or the status of the error in *err (422 naming the field, 403). */
int trip_past_check(struct db *db, const struct actor *who, json_t *fields, struct op_error *err);

/*
 * Check and write one past trip inside the caller's write transaction (an
 * import writes many, with one audit entry for them all): numbered, with its
 * destinations and members. 0 with *id_out set, or the status of the error.
 */
int trip_past_write(struct db *db, const struct actor *who, json_t *fields, int64_t *id_out, struct op_error *err);

/*
 * Record one past trip in its own write transaction, with one audit entry
 * ("record_historical"): 0 with *id_out set, or the status of the error in
 * *err; on error nothing is written.
 */
int trip_record_historical(struct db *db, const struct actor *who, json_t *fields, int64_t *id_out,
			   struct op_error *err);

#endif
