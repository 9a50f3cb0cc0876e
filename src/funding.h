/*
 * funding.h - a trip's funding per 财行〔2013〕516号 (因公临时出国经费管理办法):
 * the budget broken down by lines (international travel, accommodation,
 * meals, incidentals, other), each in a currency with its rate to yuan, and
 * after return the actual spend (决算) by the same lines. The trip's
 * budget_cny is the sum of its budget lines in yuan, so plans and zero
 * growth keep counting it. The standards table (per country and city, in the
 * standard's own currency) is administrator data, shipped empty and filled
 * from the published table through the import template, each row judged and
 * written here. Knowing no HTTP; the routes are funding_api.h.
 */
#ifndef WAISHI_FUNDING_H
#define WAISHI_FUNDING_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Budget lines of trip `id` over the standards: one Chinese message per
 * line above standard x persons x nights/days, appended to `out` (strings).
 */
int funding_standard_findings(struct db *db, int64_t id, json_t *out);

/* ---- a trip's lines ---- */

enum funding_phase { FUNDING_BUDGET, FUNDING_ACTUAL };

/*
 * The funding of trip `id`: {version, budget_lines, actual_lines,
 * budget_cny, actual_cny, over_budget, standard_warnings}; NULL with *rc
 * set on failure.
 */
json_t *funding_of_trip(struct db *db, int64_t id, int *rc);

/*
 * Replace the lines of one phase of trip `id` with body {"lines": [...],
 * "budget_source" (the budget only), "version"} as `who`, in one write
 * transaction that judges everything on the trip as it is: the trip one
 * `who` sees (404, 403), the body (422 naming "lines" with the line's
 * number, "budget_source", or an unknown field), the version the caller
 * based the change on (`expected_version`, 0 for none: 409 stale), the
 * trip's state (the budget while a draft, the actual spend once returned or
 * closed: 409 invalid_transition). The lines and the trip's sum in yuan are
 * written, its version advanced (compare-and-set), the change audited
 * ("update_budget" / "update_actual" of the delegation, before and after as
 * funding_of_trip). 0 with *out the funding as now stored (caller owns it),
 * or the status of the refusal in err; a refusal writes nothing.
 */
__attribute__((warn_unused_result)) int funding_replace_lines(struct db *db, const struct actor *who, int64_t id,
							      enum funding_phase phase, json_t *body,
							      int64_t expected_version, json_t **out,
							      struct op_error *err);

/* ---- the standards ---- */

#define FUNDING_STANDARD_SOURCE "财行〔2013〕516号"

/* The standards (of `country` when not NULL or ""), by country and city, appended to `out`. DB_OK or the failure. */
int funding_standards_of(struct db *db, const char *country, json_t *out);

/*
 * One standard's fields: country (ISO 3166 code), city (absent or null: the
 * rest of the country), currency (ISO 4217), accommodation_minor,
 * meals_minor, incidentals_minor (hundredths of the currency) and source
 * (default FUNDING_STANDARD_SOURCE). funding_standard_check judges them
 * without writing (422 naming the field; a country and city that already
 * have a standard: 422); funding_standard_write judges them again and
 * inserts the standard, inside the caller's write transaction (the import
 * writes many, with one audit entry for the file). 0 or the status of the
 * refusal.
 */
int funding_standard_check(struct db *db, const struct actor *who, json_t *fields, struct op_error *err);
int funding_standard_write(struct db *db, const struct actor *who, json_t *fields, struct op_error *err);

#endif
