/*
 * report_draft_api.c - the routes of the work report's drafts (see
 * report_draft_api.h): the body taken and the version named, one operation
 * of report_draft.h called, its draft or refusal answered; the drafts and
 * their versions listed and read, a draft as a file.
 */
#include "report_draft_api.h"

#include "record_api.h"
#include "report_api.h"
#include "report_draft.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

/* Draft {id} as answered: 0 with *out, or the status of the error put in res. */
static int load(struct request *req, struct response *res, json_t **out)
{
	struct op_error err;

	return report_draft_read(req->db, req->ids[0], out, &err) ? http_error_op(req, res, &err) : 0;
}

/* A list read to its end (rc DB_DONE) as {items, total}, else the failure; items taken. */
static int answer_items(struct request *req, struct response *res, int rc, json_t *items)
{
	if (rc != DB_DONE) {
		json_decref(items);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

int report_draft_list(struct request *req, struct response *res)
{
	struct db_stmt *st = NULL;
	json_t *items = json_array();
	int rc = db_prepare(req->db,
			    "SELECT d.id, d.title, d.from_date, d.to_date, d.status, d.version, d.updated_at, u.username"
			    " FROM report_drafts d JOIN users u ON u.id = d.created_by ORDER BY d.updated_at DESC, d.id DESC", &st);

	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id",
						       (json_int_t)db_column_int64(st, 0), "title", db_column_text(st, 1), "from",
						       db_column_text(st, 2), "to", db_column_text(st, 3), "status",
						       db_column_text(st, 4), "version", (json_int_t)db_column_int64(st, 5),
						       "updated_at", db_column_text(st, 6), "created_by", db_column_text(st, 7)));
		rc = DB_OK;
	}
	db_finalize(st);
	return answer_items(req, res, rc, items);
}

int report_draft_create(struct request *req, struct response *res)
{
	static const struct vfield fields[] = {
		{"from", "开始日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
		{"to", "结束日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
		{NULL, NULL, V_STRING, 0, 0, 0, NULL},
	};
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *draft = NULL;
	int rc = validate_body(req, res, req->json, fields, false);

	if (rc)
		return rc;
	rc = report_draft_new(req->db, &who, json_string_value(json_object_get(req->json, "from")),
			      json_string_value(json_object_get(req->json, "to")), &draft, &err);
	return http_answer_op(req, res, rc, &err, 201, draft);
}

int report_draft_get(struct request *req, struct response *res)
{
	const char *format = http_query(req, "format");
	json_t *out = NULL;
	int rc;

	if (format && strcmp(format, "json") != 0 && strcmp(format, "docx") != 0 && strcmp(format, "pdf") != 0)
		return validate_fail(req, res, "format", "format is json, docx or pdf", "格式须为 json、docx 或 pdf");
	rc = load(req, res, &out);
	if (rc)
		return rc;
	if (!format || strcmp(format, "json") == 0)
		return http_json(res, 200, out);
	rc = report_work_file_answer(req, res, out, format, "report-draft");
	json_decref(out);
	return rc;
}

int report_draft_update(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *draft = NULL;
	int64_t version = 0;
	int rc = record_version_arg(req, res, &version);

	if (rc)
		return rc;
	rc = report_draft_edit(req->db, &who, req->ids[0], version, req->json, &draft, &err);
	return http_answer_op(req, res, rc, &err, 200, draft);
}

static const struct vfield version_only[] = {
	{"version", "版本", V_INT, 0, 1, INT32_MAX, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* A change naming nothing but the version: refresh, finalise, reopen. */
static int change(struct request *req, struct response *res,
		  int (*op)(struct db *db, const struct actor *who, int64_t id, int64_t version, bool final,
			    json_t **out, struct op_error *err),
		  bool final)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *draft = NULL;
	int64_t version = 0;
	int rc = validate_body(req, res, req->json, version_only, false);

	if (!rc)
		rc = record_version_arg(req, res, &version);
	if (rc)
		return rc;
	rc = op(req->db, &who, req->ids[0], version, final, &draft, &err);
	return http_answer_op(req, res, rc, &err, 200, draft);
}

static int regenerate(struct db *db, const struct actor *who, int64_t id, int64_t version, bool final, json_t **out,
		      struct op_error *err)
{
	(void)final;
	return report_draft_regenerate(db, who, id, version, out, err);
}

int report_draft_refresh(struct request *req, struct response *res)
{
	return change(req, res, regenerate, false);
}

int report_draft_finalize(struct request *req, struct response *res)
{
	return change(req, res, report_draft_set_final, true);
}

int report_draft_reopen(struct request *req, struct response *res)
{
	return change(req, res, report_draft_set_final, false);
}

int report_draft_versions(struct request *req, struct response *res)
{
	struct db_stmt *st = NULL;
	json_t *items = json_array();
	int rc = items ? DB_OK : DB_ERR;

	/* every draft has its first version from the moment it is created: none means no such draft */
	if (rc == DB_OK)
		rc = db_prepare(req->db,
				"SELECT v.version, v.action, v.status, u.username, u.display_name, v.saved_at"
				" FROM report_draft_versions v JOIN users u ON u.id = v.saved_by WHERE v.draft_id = ?"
				" ORDER BY v.version DESC",
				&st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, req->ids[0]);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "version", (json_int_t)db_column_int64(st, 0),
						       "action", db_column_text(st, 1), "status", db_column_text(st, 2), "saved_by",
						       db_column_text(st, 3), "saved_by_name", db_column_text(st, 4), "saved_at",
						       db_column_text(st, 5)));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc == DB_DONE && json_array_size(items) == 0) {
		json_decref(items);
		return http_error_not_found(req, res);
	}
	return answer_items(req, res, rc, items);
}

int report_draft_version(struct request *req, struct response *res)
{
	struct db_stmt *st = NULL;
	json_t *content = NULL, *out = NULL;
	int rc = db_prepare(req->db,
			    "SELECT v.version, v.action, v.status, u.username, v.saved_at, v.content_json FROM report_draft_versions v"
			    " JOIN users u ON u.id = v.saved_by WHERE v.draft_id = ? AND v.version = ?", &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, req->ids[0]);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, req->ids[1]);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		content = json_loads(db_column_text(st, 5), 0, NULL);
		out = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:o}", "draft_id", (json_int_t)req->ids[0], "version",
				(json_int_t)db_column_int64(st, 0), "action", db_column_text(st, 1), "status", db_column_text(st, 2),
				"saved_by", db_column_text(st, 3), "saved_at", db_column_text(st, 4), "content",
				content ? content : json_object());
		rc = out ? DB_OK : DB_ERR;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		return http_error_not_found(req, res);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	return http_json(res, 200, out);
}
