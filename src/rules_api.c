/*
 * rules_api.c - the /rules routes (see rules_api.h): list, read, create, the
 * patch that starts a new version from a day (with its preview of the trips
 * in progress it would block), and export and import of a rule set.
 */
#include "rules_api.h"

#include "audit_api.h"
#include "checks.h"
#include "list.h"
#include "policy.h"
#include "record_api.h"
#include "rules.h"
#include "rules_store.h"
#include "trip.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- validation ---- */

static const struct vfield rule_fields[] = {
	{"key", "规则标识", V_STRING, VF_REQUIRED, 1, 60, NULL},
	{"kind", "规则类型", V_ENUM, VF_REQUIRED, 0, 0, rule_kinds},
	{"title_zh", "规则名称", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"params", "参数", V_OBJECT, VF_REQUIRED, 0, 0, NULL},
	{"severity", "处理方式", V_ENUM, VF_REQUIRED, 0, 0, rule_severities},
	{"scope", "适用范围", V_OBJECT, 0, 0, 0, NULL},
	{"source", "依据文件", V_STRING, VF_REQUIRED, 1, 150, NULL},
	{"article", "条款", V_STRING, 0, 0, 60, NULL},
	{"enabled", "启用", V_BOOL, 0, 0, 0, NULL},
	{"effective_from", "生效日期", V_DATE, 0, 0, 0, NULL},
	{"effective_to", "失效日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The same fields for PATCH: key and kind never change. */
static const struct vfield rule_patch_fields[] = {
	{"title_zh", "规则名称", V_STRING, 0, 1, 100, NULL},
	{"params", "参数", V_OBJECT, 0, 0, 0, NULL},
	{"severity", "处理方式", V_ENUM, 0, 0, 0, rule_severities},
	{"scope", "适用范围", V_OBJECT, 0, 0, 0, NULL},
	{"source", "依据文件", V_STRING, 0, 1, 150, NULL},
	{"article", "条款", V_STRING, 0, 0, 60, NULL},
	{"enabled", "启用", V_BOOL, 0, 0, 0, NULL},
	{"effective_from", "生效日期", V_DATE, 0, 0, 0, NULL},
	{"effective_to", "失效日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static bool key_valid(const char *key)
{
	const char *c;

	for (c = key; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	return *key != '\0';
}

/* Kind-specific checks of a whole rule object; 0 or the error answered. */
static int check_rule(struct request *req, struct response *res, json_t *r, const char *field_prefix)
{
	struct rule_why w;
	char field[80];
	json_t *scope = json_object_get(r, "scope");
	const char *from = json_string_value(json_object_get(r, "effective_from"));
	const char *to = json_string_value(json_object_get(r, "effective_to"));

	if (!key_valid(json_string_value(json_object_get(r, "key")))) {
		snprintf(field, sizeof(field), "%skey", field_prefix);
		return validate_fail(req, res, field, "a key has lower-case letters, digits and '_'",
				     "规则标识只能由小写字母、数字和下划线组成");
	}
	if (!rules_params_valid(json_string_value(json_object_get(r, "kind")), json_object_get(r, "params"), &w)) {
		snprintf(field, sizeof(field), "%sparams", field_prefix);
		return validate_fail(req, res, field, w.en, w.zh);
	}
	if (scope && !rules_scope_valid(scope, &w)) {
		snprintf(field, sizeof(field), "%sscope", field_prefix);
		return validate_fail(req, res, field, w.en, w.zh);
	}
	if (from && to && strcmp(to, from) < 0) {
		snprintf(field, sizeof(field), "%seffective_to", field_prefix);
		return validate_fail(req, res, field, "a rule ends on or after the day it starts", "失效日期不能早于生效日期");
	}
	return 0;
}

/* ---- handlers ---- */

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
	char today[DATE_LEN];
	const char *from;
	json_t *after = NULL;
	int64_t n = 0, id = 0;
	int rc = validate_body(req, res, req->json, rule_fields, false);

	if (!rc)
		rc = check_rule(req, res, req->json, "");
	if (rc)
		return rc;
	date_today(today);
	from = json_string_value(json_object_get(req->json, "effective_from"));
	rc = db_begin(req->db);
	if (rc == DB_OK)
		rc = db_query_int(req->db, &n, "SELECT COUNT(*) FROM rules WHERE key = ?", "t",
				  json_string_value(json_object_get(req->json, "key")));
	if (rc == DB_OK && n) {
		db_rollback(req->db);
		return http_error(req, res, 409, "duplicate", "key", "a rule with this key exists; change it with PATCH",
				  "已有同一标识的规则,请修改该规则");
	}
	if (rc == DB_OK)
		rc = rules_insert(req->db, req->json, from ? from : today,
				 json_string_value(json_object_get(req->json, "effective_to")), &id);
	if (rc == DB_OK)
		after = rules_fetch(req->db, id, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, "create", "rule", id, NULL, after);
	rc = record_commit(req, res, rc);
	if (rc) {
		json_decref(after);
		return rc;
	}
	return http_json(res, 201, after);
}

/* Trips in progress: their ids, and how many of them are blocked now. */
static int blocked_in_progress(struct db *db, json_t *ids, json_t *blocked_ids)
{
	struct policy p;
	json_t *items = NULL, *v;
	struct db_stmt *st = NULL;
	size_t i;
	int rc = policy_load(db, &p);

	if (rc == DB_OK && json_array_size(ids) == 0) {
		rc = db_prepare(db, "SELECT id FROM delegations WHERE status IN " TRIP_PENDING_STATES " ORDER BY id", &st);
		while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
			json_array_append_new(ids, json_integer(db_column_int64(st, 0)));
			rc = DB_OK;
		}
		db_finalize(st);
		if (rc == DB_DONE)
			rc = DB_OK;
	}
	json_array_foreach(ids, i, v) {
		bool blocked = false;

		if (rc != DB_OK)
			break;
		rc = checks_run(db, (int64_t)json_integer_value(v), &p, NULL, &items, &blocked);
		json_decref(items);
		items = NULL;
		if (rc == DB_OK && blocked)
			json_array_append(blocked_ids, v);
	}
	return rc;
}

/* The row after the patch: the stored rule with the body's fields over it. */
static json_t *merged_rule(json_t *row, json_t *body)
{
	json_t *m = json_deep_copy(row);
	const char *k;
	json_t *v;

	json_object_foreach(body, k, v)
		json_object_set(m, k, v);
	return m;
}

/*
 * Apply the patch: a change from a later day than the version's start
 * closes the version the day before and starts a new one; from its own
 * start day it rewrites it. *id becomes the version that carries the change.
 */
static int apply_patch(struct db *db, json_t *row, json_t *merged, const char *from, bool only_end, int64_t *id)
{
	char before_day[DATE_LEN], now[32];
	const char *start = json_string_value(json_object_get(row, "effective_from"));
	json_t *to = json_object_get(merged, "effective_to");
	char *params = NULL, *scope = NULL;
	int rc;

	util_now_rfc3339(now, sizeof(now));
	if (!only_end && strcmp(from, start) > 0) {
		date_add_days(from, -1, before_day);
		rc = db_execf(db, "UPDATE rules SET effective_to = ?, updated_at = ? WHERE id = ?", "tti", before_day, now, *id);
		if (rc == DB_OK)
			rc = rules_insert(db, merged, from, json_string_value(to), id);
		return rc;
	}
	params = json_dumps(json_object_get(merged, "params"), JSON_COMPACT | JSON_SORT_KEYS);
	scope = json_dumps(json_object_get(merged, "scope"), JSON_COMPACT | JSON_SORT_KEYS);
	rc = params && scope ? db_execf(db,
					"UPDATE rules SET title_zh = ?, params = ?, severity = ?, scope = ?, source = ?, article = ?,"
					" enabled = ?, effective_to = ?, updated_at = ? WHERE id = ?",
					"ttttttitti", json_string_value(json_object_get(merged, "title_zh")), params,
					json_string_value(json_object_get(merged, "severity")), scope,
					json_string_value(json_object_get(merged, "source")),
					json_string_value(json_object_get(merged, "article")),
					(int64_t)json_is_true(json_object_get(merged, "enabled")), json_string_value(to), now, *id)
			     : DB_ERR;
	free(params);
	free(scope);
	return rc;
}

int rules_update(struct request *req, struct response *res)
{
	json_t *row = NULL, *merged = NULL, *after = NULL, *before_ids = json_array(), *blocked_before = json_array(),
	       *blocked_after = json_array(), *newly = NULL, *v;
	char today[DATE_LEN];
	const char *from, *to, *q = http_query(req, "preview");
	bool preview = q && strcmp(q, "1") == 0, only_end, open = false;
	int64_t id = req->ids[0], later = 0;
	size_t i;
	int rc = validate_body(req, res, req->json, rule_patch_fields, true);

	if (rc)
		goto out;
	if (!req->json || json_object_size(req->json) == 0) {
		rc = validate_fail(req, res, NULL, "send at least one field", "请至少提交一项");
		goto out;
	}
	/* the version is read and judged inside the write transaction that changes it */
	rc = db_begin(req->db);
	if (rc != DB_OK) {
		rc = http_error_db(req, res, rc);
		goto out;
	}
	open = true;
	row = rules_fetch(req->db, id, &rc);
	if (!row) {
		rc = rc == DB_DONE ? http_error_not_found(req, res) : http_error_db(req, res, rc);
		goto out;
	}
	date_today(today);
	to = json_string_value(json_object_get(row, "effective_to"));
	if (to && strcmp(to, today) < 0) {
		rc = http_error(req, res, 409, "conflict", NULL, "this version of the rule has ended; change the version in force",
				"该规则版本已失效,请修改现行版本");
		goto out;
	}
	from = json_string_value(json_object_get(req->json, "effective_from"));
	if (!from)
		from = strcmp(today, json_string_value(json_object_get(row, "effective_from"))) > 0
			       ? today
			       : json_string_value(json_object_get(row, "effective_from"));
	if (strcmp(from, json_string_value(json_object_get(row, "effective_from"))) < 0) {
		rc = validate_fail(req, res, "effective_from", "a change takes effect on or after the version's own start",
				   "修改的生效日期不能早于该版本的生效日期");
		goto out;
	}
	only_end = json_object_size(req->json) == 1 && json_object_get(req->json, "effective_to");
	merged = merged_rule(row, req->json);
	json_object_del(merged, "effective_from");
	rc = check_rule(req, res, merged, "");
	if (!rc && (to = json_string_value(json_object_get(merged, "effective_to"))) && strcmp(to, from) < 0)
		rc = validate_fail(req, res, "effective_to", "a rule ends on or after the day it starts", "失效日期不能早于生效日期");
	if (rc)
		goto out;
	/* a version never reaches into a later version of the same key */
	rc = db_query_int(req->db, &later,
				  "SELECT COUNT(*) FROM rules WHERE key = ? AND id <> ? AND effective_from > ? AND effective_from <= ?",
				  "titt", json_string_value(json_object_get(row, "key")), id,
				  json_string_value(json_object_get(row, "effective_from")), to ? to : "9999-12-31");
	if (rc == DB_OK && later) {
		rc = http_error(req, res, 409, "conflict", "effective_to", "a later version of this rule starts before this one would end",
				"该规则已有更晚的版本,本版本的失效日期不能晚于其生效日期");
		goto out;
	}
	if (rc == DB_OK && preview)
		rc = blocked_in_progress(req->db, before_ids, blocked_before);
	if (rc == DB_OK)
		rc = apply_patch(req->db, row, merged, from, only_end, &id);
	if (rc == DB_OK && preview) {
		rc = blocked_in_progress(req->db, before_ids, blocked_after);
		db_rollback(req->db);
		open = false;
		if (rc != DB_OK) {
			rc = http_error_db(req, res, rc);
			goto out;
		}
		newly = json_array();
		json_array_foreach(blocked_after, i, v) {
			size_t j;
			json_t *w;
			bool was = false;

			json_array_foreach(blocked_before, j, w)
				was = was || json_equal(v, w);
			if (!was)
				json_array_append(newly, v);
		}
		rc = http_json(res, 200, json_pack("{s:I, s:I, s:O, s:I}", "in_progress", (json_int_t)json_array_size(before_ids),
						   "newly_blocked", (json_int_t)json_array_size(newly), "newly_blocked_ids",
						   newly, "blocked_after", (json_int_t)json_array_size(blocked_after)));
		goto out;
	}
	if (rc == DB_OK)
		after = rules_fetch(req->db, id, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, "update", "rule", id, row, after);
	rc = record_commit(req, res, rc);
	open = false;
	if (!rc) {
		rc = http_json(res, 200, after);
		after = NULL;
	}
out:
	if (open)
		db_rollback(req->db);
	json_decref(row);
	json_decref(merged);
	json_decref(after);
	json_decref(before_ids);
	json_decref(blocked_before);
	json_decref(blocked_after);
	json_decref(newly);
	return rc;
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

static const struct vfield import_fields[] = {
	{"format", "文件格式", V_STRING, VF_REQUIRED, 1, 40, NULL},
	{"version", "格式版本", V_INT, VF_REQUIRED, 1, 1, NULL},
	{"as_of", "导出日期", V_DATE, 0, 0, 0, NULL},
	{"effective_from", "生效日期", V_DATE, 0, 0, 0, NULL},
	{"rules", "规则", V_ARRAY, VF_REQUIRED, 1, MAX_IMPORT_RULES, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield import_rule_fields[] = {
	{"key", "规则标识", V_STRING, VF_REQUIRED, 1, 60, NULL},
	{"kind", "规则类型", V_ENUM, VF_REQUIRED, 0, 0, rule_kinds},
	{"title_zh", "规则名称", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"params", "参数", V_OBJECT, VF_REQUIRED, 0, 0, NULL},
	{"severity", "处理方式", V_ENUM, VF_REQUIRED, 0, 0, rule_severities},
	{"scope", "适用范围", V_OBJECT, 0, 0, 0, NULL},
	{"source", "依据文件", V_STRING, VF_REQUIRED, 1, 150, NULL},
	{"article", "条款", V_STRING, 0, 0, 60, NULL},
	{"enabled", "启用", V_BOOL, 0, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Every rule of the file valid, keys unique; 0 or the error answered. */
static int check_import(struct request *req, struct response *res, json_t *rules)
{
	json_t *r, *other;
	size_t i, j;
	char prefix[32];
	int rc;

	json_array_foreach(rules, i, r) {
		snprintf(prefix, sizeof(prefix), "rules[%zu].", i);
		if (!json_is_object(r))
			return validate_fail(req, res, "rules", "each rule is an object", "每条规则必须是对象");
		rc = validate_body(req, res, r, import_rule_fields, false);
		if (!rc)
			rc = check_rule(req, res, r, prefix);
		if (rc)
			return rc;
		json_array_foreach(rules, j, other)
			if (j < i && json_equal(json_object_get(other, "key"), json_object_get(r, "key")))
				return validate_fail(req, res, "rules", "a key is listed twice", "规则标识重复");
	}
	return 0;
}

int rules_import(struct request *req, struct response *res)
{
	json_t *rules = json_object_get(req->json, "rules"), *r, *keys = NULL, *summary;
	const char *from = json_string_value(json_object_get(req->json, "effective_from"));
	char today[DATE_LEN], before_day[DATE_LEN], now[32];
	size_t i;
	int rc = validate_body(req, res, req->json, import_fields, false);

	if (!rc && strcmp(json_string_value(json_object_get(req->json, "format")), RULES_FORMAT) != 0)
		rc = validate_fail(req, res, "format", "not a Waishi rule set (format \"waishi-rules\")",
				   "不是 Waishi 规则集文件(format 应为「waishi-rules」)");
	if (!rc)
		rc = check_import(req, res, rules);
	date_today(today);
	if (rc)
		return rc;
	if (!from)
		from = today;
	date_add_days(from, -1, before_day);
	util_now_rfc3339(now, sizeof(now));
	keys = json_array();
	rc = db_begin(req->db);
	json_array_foreach(rules, i, r) {
		const char *key = json_string_value(json_object_get(r, "key"));

		if (rc != DB_OK)
			break;
		json_array_append(keys, json_object_get(r, "key"));
		rc = db_execf(req->db, "DELETE FROM rules WHERE key = ? AND effective_from >= ?", "tt", key, from);
		if (rc == DB_OK)
			rc = db_execf(req->db,
				      "UPDATE rules SET effective_to = ?, updated_at = ? WHERE key = ? AND effective_from < ?"
				      " AND (effective_to IS NULL OR effective_to >= ?)",
				      "ttttt", before_day, now, key, from, from);
		if (rc == DB_OK)
			rc = rules_insert(req->db, r, from, NULL, NULL);
	}
	summary = json_pack("{s:s, s:O}", "effective_from", from, "keys", keys);
	if (rc == DB_OK)
		rc = audit_record(req, "import", "rules", 0, NULL, summary);
	json_decref(summary);
	rc = record_commit(req, res, rc);
	if (!rc)
		rc = http_json(res, 200, json_pack("{s:I, s:s, s:O}", "imported", (json_int_t)json_array_size(rules),
						   "effective_from", from, "keys", keys));
	json_decref(keys);
	return rc;
}
