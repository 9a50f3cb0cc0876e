/*
 * trip_totals.h - a year's trips counted: the one owner of "approved in a
 * year" and "pending in a year" with their persons and budget.
 */
#ifndef WAISHI_TRIP_TOTALS_H
#define WAISHI_TRIP_TOTALS_H

#include "db.h"

#include <stdint.h>

/* Batches, persons (人次: members, or the head count of an imported trip) and budget in fen. */
struct totals {
	int64_t batches, persons, budget_fen;
};

/* Trips approved in `year` (by approval date), leaving out trip exclude_id (0: none). */
int trip_year_totals(struct db *db, int year, int64_t exclude_id, struct totals *t);
/* The same for one unit. */
int trip_unit_year_totals(struct db *db, int64_t unit_id, int year, int64_t exclude_id, struct totals *t);
/* Trips of `year` (by the year of their code) still waiting for a decision. */
int trip_year_pending(struct db *db, int year, struct totals *t);

#endif
