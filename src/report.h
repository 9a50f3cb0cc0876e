/*
 * report.h - the period summary the office reports upward: every figure of
 * the seed reports for a period, the same period a year earlier beside each,
 * and the Chinese prose of the work report (work_report.h) built from them.
 * Files of it (xlsx, docx, pdf) in report_files.c.
 */
#ifndef WAISHI_REPORT_H
#define WAISHI_REPORT_H

#include "http.h"

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
/* The figures with the report's `title`, `period_name`, prose `text` and comparison `table`. */
int report_summary_build(struct db *db, const char *from, const char *to, int64_t scope, json_t **out);
/* The scope of a report for the caller: its unit for a county user (its subtree), else 0 (the city). */
int64_t report_scope_of(const struct request *req);

/*
 * The period of a report request: ?from=&to=, both required dates, from <= to.
 * 0, or the status of the 422 put in res.
 */
int report_query_period(struct request *req, struct response *res, const char **from, const char **to);

/* GET /api/v1/reports/summary?from=&to=[&format=json|xlsx|docx|pdf] */
int report_summary_get(struct request *req, struct response *res);

#endif
