/*
 * reminder.h - what needs doing soon (the to-do list builds on it):
 * passports due within 3 days or overdue, post-trip reports overdue, trips
 * departing within 5 days without briefing or all commitments. Deadlines
 * are derived from the trips' dates at the time of asking.
 */
#ifndef WAISHI_REMINDER_H
#define WAISHI_REMINDER_H

#include "http.h"

int reminder_list(struct request *req, struct response *res); /* GET /api/v1/reminders */

#endif
