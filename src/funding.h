/*
 * funding.h - a trip's funding per 财行〔2013〕516号 (因公临时出国经费管理办法):
 * the budget broken down by lines (international travel, accommodation,
 * meals, incidentals, other), each in a currency with its rate to yuan, and
 * after return the actual spend (决算) by the same lines. The trip's
 * budget_cny is the sum of its budget lines in yuan, so plans and zero
 * growth keep counting it. The standards table (per country and city, in the
 * standard's own currency) is administrator data, shipped empty and filled
 * from the published table through the import template.
 */
#ifndef WAISHI_FUNDING_H
#define WAISHI_FUNDING_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Budget lines of trip `id` over the standards: one Chinese message per
 * line above standard x persons x nights/days, appended to `out` (strings).
 */
int funding_standard_findings(struct db *db, int64_t id, json_t *out);

#endif
