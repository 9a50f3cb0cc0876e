/*
 * trip_bulk.h - the trip module's bulk loader: many generated trips for
 * benchmarks and load tests (`waishi demo --bulk-trips N`).
 */
#ifndef WAISHI_TRIP_BULK_H
#define WAISHI_TRIP_BULK_H

#include "db.h"

#define TRIP_BULK_MAX 5000000

/*
 * Add `count` trips spread evenly over the ten years up to today, each
 * with 1-5 members (from a pool of generated travellers), 1-3 destinations,
 * and an annual plan for every unit and year that has none. Trips are
 * numbered by the trip module's one numbering (trip_next_seq and
 * trip_code_format: code YYYY-NNNN by the year of submission, approval
 * number by policy approval_no_format and the year of approval, both
 * continuing after the highest in the database) and carry
 * the dates and fields of their state: most closed, the recent ones
 * returned, departed or approved, one in fifty rejected and one in fifty
 * cancelled. Rows are written many to one INSERT, not one by one through
 * the historical record (trip_record.h), which would be several times
 * slower. One transaction: all or nothing; one audit entry.
 */
__attribute__((warn_unused_result)) int trip_bulk_load(struct db *db, long count);

#endif
