/*
 * trip_totals.c - the totals of a year's trips (see trip_totals.h): approved
 * (by approval year) for the city and for one unit, and pending (by the
 * year of their code), each batches, persons (人次, TRIP_PERSONS_SQL) and
 * budget - what the plan and zero-growth checks and the quota read.
 */
#include "trip_totals.h"

#include "trip.h"

#define YEAR_APPROVED " FROM delegations d WHERE d.approval_year = ? AND d.id <> ? AND d.status IN " TRIP_APPROVED_STATES
#define UNIT_YEAR_APPROVED                                                                                    \
	" FROM delegations d WHERE d.unit_id = ? AND d.approval_year = ? AND d.id <> ?"                         \
	" AND d.status IN " TRIP_APPROVED_STATES

int trip_year_totals(struct db *db, int year, int64_t exclude_id, struct totals *t)
{
	int rc = db_query_int(db, &t->batches, "SELECT COUNT(*)" YEAR_APPROVED, "ii", (int64_t)year, exclude_id);

	if (rc == DB_OK)
		rc = db_query_int(db, &t->budget_fen, "SELECT COALESCE(SUM(d.budget_fen), 0)" YEAR_APPROVED, "ii", (int64_t)year,
				  exclude_id);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->persons, "SELECT " TRIP_PERSONS_SQL(YEAR_APPROVED), "iiii", (int64_t)year, exclude_id,
				  (int64_t)year, exclude_id);
	return rc;
}

int trip_unit_year_totals(struct db *db, int64_t unit_id, int year, int64_t exclude_id, struct totals *t)
{
	int rc = db_query_int(db, &t->batches, "SELECT COUNT(*)" UNIT_YEAR_APPROVED, "iii", unit_id, (int64_t)year, exclude_id);

	if (rc == DB_OK)
		rc = db_query_int(db, &t->budget_fen, "SELECT COALESCE(SUM(d.budget_fen), 0)" UNIT_YEAR_APPROVED, "iii", unit_id,
				  (int64_t)year, exclude_id);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->persons, "SELECT " TRIP_PERSONS_SQL(UNIT_YEAR_APPROVED), "iiiiii", unit_id,
				  (int64_t)year, exclude_id, unit_id, (int64_t)year, exclude_id);
	return rc;
}

#define YEAR_PENDING " FROM delegations d WHERE d.code_year = ? AND d.status IN " TRIP_PENDING_STATES

int trip_year_pending(struct db *db, int year, struct totals *t)
{
	int rc = db_query_int(db, &t->batches, "SELECT COUNT(*)" YEAR_PENDING, "i", (int64_t)year);

	if (rc == DB_OK)
		rc = db_query_int(db, &t->budget_fen, "SELECT COALESCE(SUM(d.budget_fen), 0)" YEAR_PENDING, "i", (int64_t)year);
	if (rc == DB_OK)
		rc = db_query_int(db, &t->persons, "SELECT " TRIP_PERSONS_SQL(YEAR_PENDING), "ii", (int64_t)year, (int64_t)year);
	return rc;
}
