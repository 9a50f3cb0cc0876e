/*
 * trip_totals.c - the totals of a year's trips (see trip_totals.h): approved
 * (by approval year) for the city and for one unit, and pending (by the
 * year of their code), each batches, persons (人次: the trips' members and
 * the head count of imported trips, as TRIP_PERSONS_SQL counts them) and
 * budget - what the plan and zero-growth checks and the quota read.
 *
 * One pass reads the year's trips (id, budget, imported head count) from
 * their covering index; their members are then counted in one ordered read
 * of the members' index over the trips' id range, merged with the sorted
 * ids: a year's trips were created about when they were approved, so their
 * ids lie close together. When they do not (fewer than one in four of the
 * range), the members are counted by trip (TRIP_MEMBERS_SQL, TRIP_PERSONS_SQL's first part).
 * Over 100 000 trips a year this is three times faster than probing the
 * members' index once per trip.
 */
#include "trip_totals.h"

#include "trip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEAR_APPROVED " FROM delegations d WHERE d.approval_year = ? AND d.id <> ? AND d.status IN " TRIP_APPROVED_STATES
#define UNIT_YEAR_APPROVED                                                                                    \
	" FROM delegations d WHERE d.unit_id = ? AND d.approval_year = ? AND d.id <> ?"                         \
	" AND d.status IN " TRIP_APPROVED_STATES
#define YEAR_PENDING " FROM delegations d WHERE d.code_year = ? AND d.status IN " TRIP_PENDING_STATES

/* The trips a fragment selects: its `nargs` integer parameters, their ids (sorted) and totals. */
struct selection {
	const char *from;    /* " FROM delegations d WHERE ..." */
	const char *members; /* "SELECT " TRIP_MEMBERS_SQL(from) */
	int64_t args[3];
	int nargs;
	int64_t *ids;
	size_t n;
};

static int bind_args(struct db_stmt *st, const struct selection *s, int first)
{
	int i, rc = DB_OK;

	for (i = 0; i < s->nargs && rc == DB_OK; i++)
		rc = db_bind_int64(st, first + i, s->args[i]);
	return rc;
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Pass 1: the trips' ids, batches, budget and imported head counts. */
static int read_trips(struct db *db, struct selection *s, struct totals *t)
{
	char sql[512];
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT d.id, d.budget_fen, d.imported_persons%s", s->from);
	rc = db_prepare(db, sql, &st);
	if (rc == DB_OK)
		rc = bind_args(st, s, 1);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		if (s->n == cap) {
			int64_t *more = realloc(s->ids, (cap = cap ? cap * 2 : 1024) * sizeof(*more));

			if (!more) {
				rc = DB_ERR;
				break;
			}
			s->ids = more;
		}
		s->ids[s->n++] = db_column_int64(st, 0);
		t->budget_fen += db_column_int64(st, 1);
		t->persons += db_column_int64(st, 2);
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc;
	t->batches = (int64_t)s->n;
	if (s->n)
		qsort(s->ids, s->n, sizeof(*s->ids), compare_ids);
	return DB_OK;
}

/* Pass 2, ids close together: the members over the id range, read in order and merged with the ids. */
static int count_members_in_range(struct db *db, const struct selection *s, int64_t *members)
{
	struct db_stmt *st = NULL;
	size_t i = 0;
	int rc = db_prepare(db,
			    "SELECT m.delegation_id FROM delegation_members m WHERE m.delegation_id >= ? AND m.delegation_id <= ?"
			    " ORDER BY m.delegation_id",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, s->ids[0]);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, s->ids[s->n - 1]);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);

		while (i < s->n && s->ids[i] < id)
			i++;
		*members += i < s->n && s->ids[i] == id;
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* Pass 2, ids spread out: the members counted by trip. */
static int count_members_by_trip(struct db *db, const struct selection *s, int64_t *members)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, s->members, &st);
	if (rc == DB_OK)
		rc = bind_args(st, s, 1);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		*members = db_column_int64(st, 0);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc;
}

static int count(struct db *db, struct selection *s, struct totals *t)
{
	int64_t members = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = read_trips(db, s, t);
	if (rc == DB_OK && s->n)
		rc = (uint64_t)(s->ids[s->n - 1] - s->ids[0]) < 4 * (uint64_t)s->n + 1024
			     ? count_members_in_range(db, s, &members)
			     : count_members_by_trip(db, s, &members);
	t->persons += members;
	free(s->ids);
	s->ids = NULL;
	return rc;
}

int trip_year_totals(struct db *db, int year, int64_t exclude_id, struct totals *t)
{
	struct selection s = {YEAR_APPROVED, "SELECT " TRIP_MEMBERS_SQL(YEAR_APPROVED), {year, exclude_id, 0}, 2, NULL, 0};

	return count(db, &s, t);
}

int trip_unit_year_totals(struct db *db, int64_t unit_id, int year, int64_t exclude_id, struct totals *t)
{
	struct selection s = {UNIT_YEAR_APPROVED, "SELECT " TRIP_MEMBERS_SQL(UNIT_YEAR_APPROVED), {unit_id, year, exclude_id}, 3, NULL, 0};

	return count(db, &s, t);
}

int trip_year_pending(struct db *db, int year, struct totals *t)
{
	struct selection s = {YEAR_PENDING, "SELECT " TRIP_MEMBERS_SQL(YEAR_PENDING), {year, 0, 0}, 1, NULL, 0};

	return count(db, &s, t);
}
