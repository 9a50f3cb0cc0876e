/*
 * report_api.c - the HTTP side of the reports: the period of a request, the
 * scope a caller reads (the city, or a county's subtree), the period summary
 * and the work report as JSON or files, and the names the report writes
 * (see report_api.h). The figures and the prose are report.c and
 * work_report.c, which know nothing of HTTP.
 */
#include "report_api.h"

#include "audit_api.h"
#include "list.h"
#include "op.h"
#include "record_api.h"
#include "report_files.h"
#include "settings.h"
#include "util.h"
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

/* ---- the names the report writes (settings) ---- */

static const char *const name_settings[][3] = {
	{"info_body_province", "省外办", "录用信息的省级单位名称"},
	{"info_body_prefecture", "上级市外办", "录用信息的上级市单位名称"},
	{"info_body_national", "外交部", "录用信息的国家级单位名称"},
	{"info_body_other", "其他单位", "录用信息的其他单位名称"},
	{"office_name", "市人民政府外事办公室", "署名的发文机关"},
};
#define N_NAMES (sizeof(name_settings) / sizeof(name_settings[0]))

static json_t *names_json(struct db *db)
{
	json_t *out = json_object();
	char value[256];
	size_t i;

	for (i = 0; i < N_NAMES; i++) {
		settings_get_text(db, name_settings[i][0], name_settings[i][1], value, sizeof(value));
		json_object_set_new(out, name_settings[i][0], json_string(value));
	}
	return out;
}

int work_report_settings_get(struct request *req, struct response *res)
{
	return http_json(res, 200, names_json(req->db));
}

int work_report_settings_put(struct request *req, struct response *res)
{
	static const struct vfield fields[] = {
		{"info_body_province", "省级录用单位", V_STRING, 0, 1, 40, NULL},
		{"info_body_prefecture", "上级市录用单位", V_STRING, 0, 1, 40, NULL},
		{"info_body_national", "国家级录用单位", V_STRING, 0, 1, 40, NULL},
		{"info_body_other", "其他录用单位", V_STRING, 0, 1, 40, NULL},
		{"office_name", "发文机关", V_STRING, 0, 1, 60, NULL},
		{NULL, NULL, V_STRING, 0, 0, 0, NULL},
	};
	json_t *before = NULL, *v;
	const char *key;
	char now[32];
	int rc = validate_body(req, res, req->json, fields, true);

	if (rc)
		return rc;
	if (!req->json || json_object_size(req->json) == 0)
		return validate_fail(req, res, NULL, "send at least one name", "请至少提交一项名称");
	util_now_rfc3339(now, sizeof(now));
	rc = db_begin(req->db);
	if (rc == DB_OK)
		before = names_json(req->db);
	json_object_foreach(req->json, key, v) {
		if (rc != DB_OK)
			break;
		rc = db_execf(req->db, "DELETE FROM settings WHERE key = ?", "t", key);
		if (rc == DB_OK)
			rc = db_execf(req->db, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)", "ttt", key,
				      json_string_value(v), now);
	}
	if (rc == DB_OK)
		rc = audit_record(req, "update", "report_settings", 0, before, req->json);
	json_decref(before);
	rc = record_commit(req, res, rc);
	return rc ? rc : work_report_settings_get(req, res);
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
