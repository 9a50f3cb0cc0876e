/*
 * report.h - the period summary the office reports upward: every figure of
 * the seed reports for a period, the same period a year earlier beside each,
 * and the Chinese prose of the work report (work_report.h) built from them.
 * Files of it (xlsx, docx, pdf) in report_files.c; its routes in
 * report_api.c.
 */
#ifndef WAISHI_REPORT_H
#define WAISHI_REPORT_H

#include "db.h"

#include <jansson.h>
#include <stdint.h>

/*
 * The figures of [from, to] (valid dates, from <= to) into *out: one object
 * per register, each with `last_year` beside it, `period`, `last_period`,
 * `delegations.zero_growth`. DB_OK or a database error.
 * `scope` 0 is the whole city; a unit id limits the figures to that unit's
 * subtree (a county office's report): trips, letters, receptions, passports,
 * documents and visas of its units, no city-wide register, and `scope`
 * {unit_id, name, level} in the figures.
 */
int report_figures_build(struct db *db, const char *from, const char *to, int64_t scope, json_t **out);

#endif
