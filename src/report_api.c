/*
 * report_api.c - the HTTP side of the reports: the period of a request, the
 * scope a caller reads (the city, or a county's subtree), the period summary
 * and the work report as JSON or files, and the names the report writes
 * (see report_api.h). The figures and the prose are report.c and
 * work_report.c, which know nothing of HTTP.
 */
#include "report_api.h"

#include "list.h"
#include "op.h"
#include "report_files.h"
#include "validate.h"
#include "work_report.h"

#include <stdio.h>
#include <string.h>

int report_query_period(struct request *req, struct response *res, const char **from, const char **to)
{
	int rc = list_query_date(req, res, "from", from);

	if (!rc)
		rc = list_query_date(req, res, "to", to);
	if (!rc && !*from)
		rc = validate_fail(req, res, "from", "'from' is required", "缺少开始日期 from");
	if (!rc && !*to)
		rc = validate_fail(req, res, "to", "'to' is required", "缺少结束日期 to");
	if (!rc && strcmp(*from, *to) > 0)
		rc = validate_fail(req, res, "to", "'to' comes before 'from'", "结束日期早于开始日期");
	return rc;
}

int64_t report_scope_of(const struct request *req)
{
	return actor_scope_subtree(req->user.role) ? actor_scope_unit(req->user.role, req->user.unit_id) : 0;
}

int report_summary_get(struct request *req, struct response *res)
{
	const char *from = NULL, *to = NULL, *format = http_query(req, "format");
	json_t *out = NULL;
	int rc = report_query_period(req, res, &from, &to);

	if (!rc && format && !report_format_known(format))
		rc = validate_fail(req, res, "format", "format is json, xlsx, docx or pdf", "格式须为 json、xlsx、docx 或 pdf");
	if (rc)
		return rc;
	rc = report_summary_build(req->db, from, to, report_scope_of(req), &out);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (!format || strcmp(format, "json") == 0)
		return http_json(res, 200, out);
	rc = report_file_answer(req, res, out, format);
	json_decref(out);
	return rc;
}

int work_report_get(struct request *req, struct response *res)
{
	const char *from = NULL, *to = NULL, *format = http_query(req, "format");
	json_t *out = NULL;
	int rc = report_query_period(req, res, &from, &to);

	if (!rc && format && strcmp(format, "json") != 0 && strcmp(format, "docx") != 0 && strcmp(format, "pdf") != 0)
		rc = validate_fail(req, res, "format", "format is json, docx or pdf", "格式须为 json、docx 或 pdf");
	if (rc)
		return rc;
	rc = work_report_build(req->db, from, to, report_scope_of(req), &out);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (!format || strcmp(format, "json") == 0)
		return http_json(res, 200, out);
	rc = report_work_file_answer(req, res, out, format, "work-summary");
	json_decref(out);
	return rc;
}

/* ---- the names the report writes (work_report_names) ---- */

int work_report_settings_get(struct request *req, struct response *res)
{
	json_t *names = work_report_names(req->db);

	return names ? http_json(res, 200, names) : http_error_internal(req, res);
}

int work_report_settings_put(struct request *req, struct response *res)
{
	return http_run_body_op(req, res, work_report_names_set, 200);
}

/* ---- the summary and the work report as downloads ---- */

int report_file_answer(struct request *req, struct response *res, json_t *summary, const char *format)
{
	char *data = NULL, filename[160];
	size_t len = 0;

	if (report_file_build(summary, format, &data, &len) != 0)
		return http_error_internal(req, res);
	snprintf(filename, sizeof(filename), "waishi-summary-%s-%s.%s",
		 json_string_value(json_object_get(json_object_get(summary, "period"), "from")),
		 json_string_value(json_object_get(json_object_get(summary, "period"), "to")), format);
	return http_file(res, http_body_buffer(data, len), report_mime(format), HTTP_DOWNLOAD, filename);
}

int report_work_file_answer(struct request *req, struct response *res, json_t *report, const char *format, const char *name)
{
	char *data = NULL, filename[200];
	size_t len = 0;

	if (report_work_file_build(report, format, &data, &len) != 0)
		return http_error_internal(req, res);
	snprintf(filename, sizeof(filename), "waishi-%s-%s-%s.%s", name,
		 json_string_value(json_object_get(json_object_get(report, "period"), "from")),
		 json_string_value(json_object_get(json_object_get(report, "period"), "to")), format);
	return http_file(res, http_body_buffer(data, len), report_mime(format), HTTP_DOWNLOAD, filename);
}
