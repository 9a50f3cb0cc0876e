/*
 * rules_api.c - the /rules routes (see rules_api.h): list, read and export
 * of the rules; a new rule, a change from a day (with its preview of the
 * trips in progress it would block) and a rule set imported go through the
 * operations of rules_edit.h.
 */
#include "rules_api.h"

#include "list.h"
#include "rules.h"
#include "rules_edit.h"
#include "rules_store.h"

#include <stdio.h>
#include <string.h>

int rules_list(struct request *req, struct response *res)
{
	const char *as_of = NULL;
	bool history_given = false, history = false;
	char today[DATE_LEN];
	json_t *items;
	int rc = list_query_date(req, res, "as_of", &as_of);

	if (!rc)
		rc = list_query_bool(req, res, "history", &history_given, &history);
	if (rc)
		return rc;
	date_today(today);
	items = json_array();
	if (history)
		rc = rules_fetch_all(req->db, "SELECT " RULE_COLUMNS " FROM rules ORDER BY key, effective_from, id", NULL, items);
	else
		rc = rules_fetch_all(req->db, rules_in_force_sql, as_of ? as_of : today, items);
	if (rc != DB_OK) {
		json_decref(items);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:I, s:s}", "items", items, "total", (json_int_t)json_array_size(items),
					     "as_of", history ? "" : as_of ? as_of : today));
}

int rules_get(struct request *req, struct response *res)
{
	int rc;
	json_t *row = rules_fetch(req->db, req->ids[0], &rc);

	if (!row)
		return rc == DB_DONE ? http_error_not_found(req, res) : http_error_db(req, res, rc);
	return http_json(res, 200, row);
}

int rules_create(struct request *req, struct response *res)
{
	return http_run_body_op(req, res, rules_add, 201);
}

int rules_update(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	const char *q = http_query(req, "preview");
	json_t *out = NULL;
	int status = rules_change(req->db, &who, req->ids[0], req->json, q && strcmp(q, "1") == 0, &out, &err);

	return http_answer_op(req, res, status, &err, 200, out);
}

/* The fields of a rule a rule set carries (no ids, no dates, no stamps). */
static json_t *portable(json_t *row)
{
	return json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}", "key", json_object_get(row, "key"), "kind",
			 json_object_get(row, "kind"), "title_zh", json_object_get(row, "title_zh"), "params",
			 json_object_get(row, "params"), "severity", json_object_get(row, "severity"), "scope",
			 json_object_get(row, "scope"), "source", json_object_get(row, "source"), "article",
			 json_object_get(row, "article"), "enabled", json_object_get(row, "enabled"));
}

int rules_export(struct request *req, struct response *res)
{
	const char *as_of = NULL;
	char today[DATE_LEN], filename[64], *body;
	json_t *rows, *out, *v;
	size_t i;
	int rc = list_query_date(req, res, "as_of", &as_of);

	if (rc)
		return rc;
	date_today(today);
	if (!as_of)
		as_of = today;
	rows = json_array();
	rc = rules_fetch_all(req->db, rules_in_force_sql, as_of, rows);
	if (rc != DB_OK) {
		json_decref(rows);
		return http_error_db(req, res, rc);
	}
	out = json_pack("{s:s, s:i, s:s, s:[]}", "format", RULES_FORMAT, "version", 1, "as_of", as_of, "rules");
	json_array_foreach(rows, i, v)
		json_array_append_new(json_object_get(out, "rules"), portable(v));
	json_decref(rows);
	body = json_dumps(out, JSON_COMPACT);
	json_decref(out);
	if (!body)
		return http_error_internal(req, res);
	snprintf(filename, sizeof(filename), "rules-%s.json", as_of);
	return http_file(res, http_body_buffer(body, strlen(body)), "application/json; charset=utf-8", HTTP_DOWNLOAD,
			 filename);
}

int rules_import(struct request *req, struct response *res)
{
	return http_run_body_op(req, res, rules_import_set, 200);
}
