/*
 * reminder.h - what needs doing soon (the to-do list builds on it):
 * passports due within 3 days or overdue, post-trip reports overdue, trips
 * departing within 5 days without briefing or all commitments. Deadlines
 * are derived from the trips' dates at the time of asking.
 */
#ifndef WAISHI_REMINDER_H
#define WAISHI_REMINDER_H

#include "db.h"
#include "op.h"

#include <jansson.h>

/* Each item: {kind, severity ("overdue"|"soon"), entity, entity_id, due_on, message}. */
int reminder_collect(struct db *db, const struct actor *who, json_t *items);
void reminder_add(json_t *items, const char *kind, const char *severity, const char *entity, int64_t id,
		  const char *due, const char *message);

#endif
