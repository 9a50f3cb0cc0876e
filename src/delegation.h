/*
 * delegation.h - official trips abroad (因公出国(境)团组): the record with
 * its itinerary and members, its list, and the helpers the lifecycle,
 * checks and review modules share. Its routes: delegation_api.h.
 */
#ifndef WAISHI_DELEGATION_H
#define WAISHI_DELEGATION_H

#include "policy.h"
#include "record.h"

extern const struct record_def delegation_def;
/* Categories and inviter types (key and Chinese label), NULL-terminated. */
extern const char *const delegation_categories[];
extern const char *const delegation_categories_zh[];
extern const char *const delegation_inviter_types[];
extern const char *const delegation_inviter_types_zh[];

/* The whole trip: row, destinations, members, violations, review history. */
json_t *delegation_detail(struct db *db, int64_t id, int *rc);
/* Chinese label of a status. */
const char *delegation_status_zh(const char *status);

/*
 * Give a preliminary-approved trip its approval: status approved,
 * approved_on, the next approval number of that year. A compare-and-set on
 * the state: RECORD_CONFLICT when the trip is no longer preliminary_approved.
 * Call inside a write transaction; the caller advances the version.
 */
int delegation_db_approve(struct db *db, int64_t id, const char *date, const struct policy *p);
/* Advance the trip's version: a change made outside record_change (the review tally). */
int delegation_db_touch(struct db *db, int64_t id);

#endif
