/*
 * report_api.h - the routes of the reports (handlers only: the figures are
 * report.h, the prose work_report.h, the files report_files.h).
 */
#ifndef WAISHI_REPORT_API_H
#define WAISHI_REPORT_API_H

#include "http.h"

/*
 * The period of a report request: ?from=&to=, both required dates, from <= to.
 * 0, or the status of the 422 put in res.
 */
int report_query_period(struct request *req, struct response *res, const char **from, const char **to);
/* The scope of a report for the caller: its unit for a county user (its subtree), else 0 (the city). */
int64_t report_scope_of(const struct request *req);

/* GET /api/v1/reports/summary?from=&to=[&format=json|xlsx|docx|pdf] */
int report_summary_get(struct request *req, struct response *res);

/* GET /api/v1/reports/work-summary?from=&to=[&format=json|docx|pdf] */
int work_report_get(struct request *req, struct response *res);

/*
 * The names the report writes: the bodies adopting information items
 * (info_body_province 「省外办」, info_body_prefecture, e.g. 「苏州外办」,
 * info_body_national, info_body_other) and the signing office (office_name).
 * GET /api/v1/report-settings; PUT (admin) any of them, audited.
 */
int work_report_settings_get(struct request *req, struct response *res);
int work_report_settings_put(struct request *req, struct response *res);

/* Answer the summary as a download named waishi-summary-<from>-<to>.<format>. */
int report_file_answer(struct request *req, struct response *res, json_t *summary, const char *format);
/* Answer the work report or a draft as a download named waishi-<name>-<from>-<to>.<format>. */
int report_work_file_answer(struct request *req, struct response *res, json_t *report, const char *format,
			    const char *name);

#endif
