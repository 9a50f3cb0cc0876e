/*
 * trip_body.h - the rules of a trip's body, the one owner of them: its
 * field table (validate.h), the itinerary's and the members' rules, the
 * references to a unit and to persons the actor may use, the dates in
 * order; and writing the itinerary and members of a checked body. The API's
 * create and edit (delegation.c) and the historical record (trip_record.c)
 * both check a body here. Knows no HTTP.
 */
#ifndef WAISHI_TRIP_BODY_H
#define WAISHI_TRIP_BODY_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>

#define TRIP_MAX_DESTINATIONS 10
#define TRIP_MAX_MEMBERS 50

/*
 * Check a trip's body as `who` (nothing is written). `before` is the trip
 * as stored for an edit (the body may then leave fields out and the dates
 * are judged with the stored ones), NULL for a new trip. `past` relaxes
 * what a past year's record may lack (task, inviter, and members when the
 * body gives a head count instead) and nothing else. 0, or the status of
 * the error filled into *err (422 naming the field, 403 for a unit or
 * person the actor does not see, 500/503 for the database).
 */
int trip_body_check(struct db *db, const struct actor *who, json_t *body, json_t *before, bool past,
		    struct op_error *err);

/* Replace the itinerary and the members of trip `id` by those the checked body contains. */
__attribute__((warn_unused_result)) int trip_body_write_children(struct db *db, int64_t id, json_t *body);

#endif
