/*
 * dates.h - calendar arithmetic on YYYY-MM-DD dates, pure: no database and
 * no project header but util.h. Working days by the holiday calendar are
 * workdays.h.
 *
 * Dates are kept as text everywhere (they compare correctly as strings);
 * arithmetic converts to a day number (days since 1970-01-01).
 */
#ifndef WAISHI_DATES_H
#define WAISHI_DATES_H

#include <stdint.h>

#define DATE_LEN 11

int64_t date_to_days(const char *ymd); /* the date must be valid (util_valid_date) */
void date_from_days(int64_t days, char out[DATE_LEN]);
/* The office's local date now (util_now() in the zone util_clock_init set), so tests can pin the clock. */
void date_today(char out[DATE_LEN]);
/* The UTC timestamp (RFC 3339) of the office's local midnight that starts the date: for filtering
 * UTC timestamps by the office's days. */
void date_day_start_utc(const char *ymd, char out[32]);
void date_add_days(const char *ymd, int64_t n, char out[DATE_LEN]);
void date_add_months(const char *ymd, int months, char out[DATE_LEN]);
int date_year(const char *ymd);
/* Day number of 1 January of `year`. */
int64_t date_year_start(int year);
/* Days from a to b counting both ends (a trip's days abroad). */
int64_t date_span_days(const char *a, const char *b);

#endif
