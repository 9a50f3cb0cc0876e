/*
 * workdays.c - working days (工作日) between two dates: weekdays, less the
 * public holidays and plus the make-up working days (调休) of the holiday
 * calendar the office keeps (the `holidays` table, holidays_api.h).
 */
#include "workdays.h"

#include "dates.h"

#include <stdbool.h>
#include <string.h>

/* 1970-01-01 was a Thursday: Monday is 0. */
static bool is_weekend(int64_t days)
{
	int64_t wd = ((days % 7) + 7 + 3) % 7;

	return wd >= 5;
}

int workdays_count(struct db *db, const char *first, const char *last, int64_t *count)
{
	struct db_stmt *st = NULL;
	int64_t a = date_to_days(first), b = date_to_days(last), d, n = 0;
	int rc;

	*count = 0;
	if (b < a)
		return DB_OK;
	for (d = a; d <= b; d++)
		n += !is_weekend(d);
	/* Adjust by the entered holidays and make-up working days in the range. */
	rc = db_prepare(db, "SELECT day, kind FROM holidays WHERE day >= ? AND day <= ?", &st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, first);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, last);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		bool weekend = is_weekend(date_to_days(db_column_text(st, 0)));
		bool holiday = strcmp(db_column_text(st, 1), "holiday") == 0;
		if (holiday && !weekend)
			n--;
		else if (!holiday && weekend)
			n++;
		rc = DB_OK;
	}
	db_finalize(st);
	*count = n;
	return rc == DB_DONE ? DB_OK : rc;
}
