/*
 * reminder_api.h - GET /api/v1/reminders: the reminders (reminder.h) of the caller's units.
 */
#ifndef WAISHI_REMINDER_API_H
#define WAISHI_REMINDER_API_H

#include "http.h"

int reminder_list(struct request *req, struct response *res);

#endif
