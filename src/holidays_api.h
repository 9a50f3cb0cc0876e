/*
 * holidays_api.h - the routes of the holiday calendar (节假日 and 调休 working
 * days, by year); the calendar itself is holidays.h.
 */
#ifndef WAISHI_HOLIDAYS_API_H
#define WAISHI_HOLIDAYS_API_H

#include "http.h"

/* GET /api/v1/holidays?year=  and  PUT /api/v1/holidays/{year} {"holidays":[…],"workdays":[…]} */
int holidays_list(struct request *req, struct response *res);
int holidays_put(struct request *req, struct response *res);

#endif
