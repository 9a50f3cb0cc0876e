/*
 * delegation.h - official trips abroad (因公出国(境)团组): the record with
 * its itinerary and members, its list, and the helpers the lifecycle,
 * checks and review modules share.
 */
#ifndef WAISHI_DELEGATION_H
#define WAISHI_DELEGATION_H

#include "http.h"
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
/* Load the trip for an action or view: 404, 403 (other unit) handled; *out is the base row. */
int delegation_load(struct request *req, struct response *res, int64_t id, json_t **out);
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

int delegation_list(struct request *req, struct response *res);
int delegation_create(struct request *req, struct response *res);
int delegation_update(struct request *req, struct response *res);

#endif
