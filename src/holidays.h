/*
 * holidays.h - the office's holiday calendar, knowing no HTTP: the public
 * holidays (法定节假日) and the made-up working days (调休上班日) of a year,
 * kept in the `holidays` table that workdays.c counts working days by, read
 * and replaced a year at a time. The routes: holidays_api.h.
 */
#ifndef WAISHI_HOLIDAYS_H
#define WAISHI_HOLIDAYS_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* A year the calendar holds (1990-2200). */
bool holidays_year_valid(int64_t year);

/* The days of `year` as {day, kind} ("holiday" or "workday"), by day, appended to items. DB_OK or the failure. */
int holidays_of_year(struct db *db, int64_t year, json_t *items);

/*
 * Replace the calendar of `year` with `body` {"holidays": [dates],
 * "workdays": [dates]} as `who`, in one write transaction: the body judged
 * inside it (both lists required, at most 60 and 30 dates, each a date of
 * that year, none listed twice: 422 naming the list; a year out of range:
 * 404), the year's days deleted, the new ones inserted and audited
 * ("replace" of "holidays", id the year, after: the body). 0, or the status
 * of the refusal; a refusal writes nothing.
 */
__attribute__((warn_unused_result)) int holidays_replace(struct db *db, const struct actor *who, int64_t year,
							 json_t *body, struct op_error *err);

#endif
