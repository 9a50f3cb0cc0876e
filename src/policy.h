/*
 * policy.h - the office's policies on official trips (DESIGN.md "Policies")
 * and the other settings, typed and validated. Stored as text in the
 * settings table; policy_load() reads them all at once for a request.
 */
#ifndef WAISHI_POLICY_H
#define WAISHI_POLICY_H

#include "http.h"

#include <stdbool.h>
#include <stdint.h>

#define POLICY_MAX_COUNTRY_STEPS 12

struct fraction {
	int64_t num, den;
};

struct policy {
	int64_t max_countries;
	int64_t max_days_by_countries[POLICY_MAX_COUNTRY_STEPS + 1]; /* [n] for n countries, 1-based */
	int n_country_steps;
	int64_t max_days_temporary;
	int64_t max_members;
	int64_t max_trips_per_person_year;
	struct fraction min_substantive_share;
	int64_t publicity_days;
	int64_t min_lead_days;
	bool within_plan;
	bool zero_growth;
	int64_t passport_return_days;
	int64_t passport_min_validity_months;
	int64_t report_due_days;
	int64_t block_unit_overdue_days;
	bool joint_review_required;
	struct fraction joint_review_quorum;
	struct fraction joint_review_pass;
	bool joint_review_veto;
	char approval_no_format[128];
};

/* Read every policy (defaults where a value is missing). DB_OK or a database error. */
int policy_load(struct db *db, struct policy *p);
/* Max days abroad for a trip to n countries. */
int64_t policy_max_days(const struct policy *p, int64_t countries);
/* The approval number for sequence n of year, by approval_no_format. */
void policy_approval_no(const struct policy *p, int year, int64_t n, char *out, size_t len);

int policy_get(struct request *req, struct response *res); /* GET /api/v1/policies */
int policy_put(struct request *req, struct response *res); /* PUT /api/v1/policies */

#endif
