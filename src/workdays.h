/*
 * workdays.h - working days by the weekends and the office's holiday
 * calendar, as the publicity and lead-time checks count them: Saturdays,
 * Sundays and the public holidays an administrator enters (table holidays,
 * kind 'holiday') are skipped, the make-up working days (调休上班, kind
 * 'workday') count even when they fall on a weekend.
 */
#ifndef WAISHI_WORKDAYS_H
#define WAISHI_WORKDAYS_H

#include "db.h"

#include <stdint.h>

/* Working days in [first, last], both counted; 0 when last < first. */
__attribute__((warn_unused_result)) int workdays_count(struct db *db, const char *first, const char *last,
						       int64_t *count);

#endif
