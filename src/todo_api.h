/*
 * todo_api.h - the signed-in user's to-do list (待办事项), most urgent first:
 * the trip reminders (passports, reports, departures), review votes waiting
 * for this reviewer, trips waiting for preliminary review (officers), blocked
 * trips waiting for an override (director), APEC cards expiring within 90
 * days, open cases older than 30 days, greetings due within 14 days.
 */
#ifndef WAISHI_TODO_API_H
#define WAISHI_TODO_API_H

#include "http.h"

int todo_list(struct request *req, struct response *res); /* GET /api/v1/todo */

#endif
