/*
 * rules_edit.c - a new rule, a change of a version from a day with its
 * preview, and a rule set imported, as operations (see rules_edit.h).
 */
#include "rules_edit.h"

#include "checks.h"
#include "policy.h"
#include "rules.h"
#include "rules_store.h"
#include "trip.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what a rule is ---- */

/* A rule's own fields: a new rule's and a rule set's rule (which carries no dates). */
#define RULE_FIELDS                                                                                                 \
	{"key", "规则标识", V_STRING, VF_REQUIRED, 1, 60, NULL},                                                    \
	{"kind", "规则类型", V_ENUM, VF_REQUIRED, 0, 0, rule_kinds},                                                \
	{"title_zh", "规则名称", V_STRING, VF_REQUIRED, 1, 100, NULL},                                              \
	{"params", "参数", V_OBJECT, VF_REQUIRED, 0, 0, NULL},                                                      \
	{"severity", "处理方式", V_ENUM, VF_REQUIRED, 0, 0, rule_severities},                                       \
	{"scope", "适用范围", V_OBJECT, 0, 0, 0, NULL},                                                             \
	{"source", "依据文件", V_STRING, VF_REQUIRED, 1, 150, NULL},                                                \
	{"article", "条款", V_STRING, 0, 0, 60, NULL},                                                              \
	{"enabled", "启用", V_BOOL, 0, 0, 0, NULL}

static const struct vfield rule_fields[] = {
	RULE_FIELDS,
	{"effective_from", "生效日期", V_DATE, 0, 0, 0, NULL},
	{"effective_to", "失效日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The same fields for a change: key and kind never change. */
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

/* A whole rule object past its field table: its key, the kind's parameters, the scope, the dates in order. */
static int check_rule(json_t *r, struct op_error *err)
{
	struct rule_why w;
	json_t *scope = json_object_get(r, "scope");
	const char *from = json_string_value(json_object_get(r, "effective_from"));
	const char *to = json_string_value(json_object_get(r, "effective_to"));

	if (!key_valid(json_string_value(json_object_get(r, "key"))))
		return op_invalid(err, "key", "a key has lower-case letters, digits and '_'",
				  "规则标识只能由小写字母、数字和下划线组成");
	if (!rules_params_valid(json_string_value(json_object_get(r, "kind")), json_object_get(r, "params"), &w))
		return op_invalid(err, "params", w.en, w.zh);
	if (scope && !rules_scope_valid(scope, &w))
		return op_invalid(err, "scope", w.en, w.zh);
	if (from && to && strcmp(to, from) < 0)
		return op_invalid(err, "effective_to", "a rule ends on or after the day it starts", "失效日期不能早于生效日期");
	return 0;
}

/* ---- a new rule ---- */

int rules_add(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	const char *from = json_string_value(json_object_get(body, "effective_from"));
	char today[DATE_LEN];
	int64_t n = 0, id = 0;
	int status, rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = validate_fields(body, rule_fields, false, err);
	if (!status)
		status = check_rule(body, err);
	if (!status)
		rc = db_query_int(db, &n, "SELECT COUNT(*) FROM rules WHERE key = ?", "t",
				  json_string_value(json_object_get(body, "key")));
	if (!status && rc == DB_OK && n)
		status = op_fail(err, 409, "duplicate", "key", "a rule with this key exists; change it with PATCH",
				 "已有同一标识的规则,请修改该规则");
	date_today(today);
	if (!status && rc == DB_OK)
		rc = rules_insert(db, body, from ? from : today,
				  json_string_value(json_object_get(body, "effective_to")), &id);
	if (!status && rc == DB_OK)
		*out = rules_fetch(db, id, &rc);
	if (!status && rc == DB_OK)
		rc = op_audit(db, who, "create", "rule", id, NULL, *out);
	return op_finish_out(db, status, rc, out, err);
}

/* ---- a change from a day ---- */

/* A change judged on the version as it is: what it merges into, from which day, whether it only ends it. */
struct patch {
	json_t *row;    /* the version as stored */
	json_t *merged; /* the version with the body over it */
	const char *from;
	bool only_end;
};

/* The day the change takes effect: the body's, else today once the version has started, else its start. */
static const char *change_day(json_t *row, json_t *body, const char *today)
{
	const char *from = json_string_value(json_object_get(body, "effective_from"));
	const char *start = json_string_value(json_object_get(row, "effective_from"));

	return from ? from : strcmp(today, start) > 0 ? today : start;
}

/* The row after the patch: the stored rule with the body's fields over it, without its start. */
static json_t *merged_rule(json_t *row, json_t *body)
{
	json_t *m = json_deep_copy(row), *v;
	const char *k;

	json_object_foreach(body, k, v)
		json_object_set(m, k, v);
	json_object_del(m, "effective_from");
	return m;
}

/* Inside the transaction: the version not ended, the day not before its start, the merged rule valid. */
static int judge_patch(struct db *db, json_t *body, const char *today, struct patch *p, struct op_error *err)
{
	const char *start = json_string_value(json_object_get(p->row, "effective_from"));
	const char *to = json_string_value(json_object_get(p->row, "effective_to"));
	int64_t later = 0;
	int status, rc;

	if (to && strcmp(to, today) < 0)
		return op_fail(err, 409, "conflict", NULL, "this version of the rule has ended; change the version in force",
			       "该规则版本已失效,请修改现行版本");
	p->from = change_day(p->row, body, today);
	if (strcmp(p->from, start) < 0)
		return op_invalid(err, "effective_from", "a change takes effect on or after the version's own start",
				  "修改的生效日期不能早于该版本的生效日期");
	p->only_end = json_object_size(body) == 1 && json_object_get(body, "effective_to");
	p->merged = merged_rule(p->row, body);
	if (!p->merged)
		return op_fail_db(err, DB_ERR);
	status = check_rule(p->merged, err);
	if (!status && (to = json_string_value(json_object_get(p->merged, "effective_to"))) && strcmp(to, p->from) < 0)
		status = op_invalid(err, "effective_to", "a rule ends on or after the day it starts", "失效日期不能早于生效日期");
	if (status)
		return status;
	/* a version never reaches into a later version of the same key */
	rc = db_query_int(db, &later,
			  "SELECT COUNT(*) FROM rules WHERE key = ? AND id <> ? AND effective_from > ? AND effective_from <= ?",
			  "titt", json_string_value(json_object_get(p->row, "key")),
			  (int64_t)json_integer_value(json_object_get(p->row, "id")), start, to ? to : "9999-12-31");
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return later ? op_fail(err, 409, "conflict", "effective_to",
			       "a later version of this rule starts before this one would end",
			       "该规则已有更晚的版本,本版本的失效日期不能晚于其生效日期")
		     : 0;
}

/*
 * Apply the patch: a change from a later day than the version's start
 * closes the version the day before and starts a new one; from its own
 * start day it rewrites it. *id becomes the version that carries the change.
 */
static int apply_patch(struct db *db, const struct patch *p, int64_t *id)
{
	char before_day[DATE_LEN], now[32];
	const char *start = json_string_value(json_object_get(p->row, "effective_from"));
	json_t *to = json_object_get(p->merged, "effective_to");
	char *params = NULL, *scope = NULL;
	int rc;

	util_now_rfc3339(now, sizeof(now));
	if (!p->only_end && strcmp(p->from, start) > 0) {
		date_add_days(p->from, -1, before_day);
		rc = db_execf(db, "UPDATE rules SET effective_to = ?, updated_at = ? WHERE id = ?", "tti", before_day, now, *id);
		if (rc == DB_OK)
			rc = rules_insert(db, p->merged, p->from, json_string_value(to), id);
		return rc;
	}
	params = json_dumps(json_object_get(p->merged, "params"), JSON_COMPACT | JSON_SORT_KEYS);
	scope = json_dumps(json_object_get(p->merged, "scope"), JSON_COMPACT | JSON_SORT_KEYS);
	rc = params && scope ? db_execf(db,
					"UPDATE rules SET title_zh = ?, params = ?, severity = ?, scope = ?, source = ?, article = ?,"
					" enabled = ?, effective_to = ?, updated_at = ? WHERE id = ?",
					"ttttttitti", json_string_value(json_object_get(p->merged, "title_zh")), params,
					json_string_value(json_object_get(p->merged, "severity")), scope,
					json_string_value(json_object_get(p->merged, "source")),
					json_string_value(json_object_get(p->merged, "article")),
					(int64_t)json_is_true(json_object_get(p->merged, "enabled")), json_string_value(to), now,
					*id)
			     : DB_ERR;
	free(params);
	free(scope);
	return rc;
}

/* Trips in progress: their ids (read once, when `ids` is empty), and which of them are blocked now. */
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

/* The preview's answer: the trips in progress, those blocked after the change that were not before. */
static json_t *preview_json(json_t *ids, json_t *before, json_t *after)
{
	json_t *newly = json_array(), *v, *w, *out;
	size_t i, j;

	json_array_foreach(after, i, v) {
		bool was = false;

		json_array_foreach(before, j, w)
			was = was || json_equal(v, w);
		if (!was)
			json_array_append(newly, v);
	}
	out = json_pack("{s:I, s:I, s:O, s:I}", "in_progress", (json_int_t)json_array_size(ids), "newly_blocked",
			(json_int_t)json_array_size(newly), "newly_blocked_ids", newly, "blocked_after",
			(json_int_t)json_array_size(after));
	json_decref(newly);
	return out;
}

/* The change applied between two looks at the trips in progress (the caller takes it back). */
static int preview_patch(struct db *db, const struct patch *p, int64_t id, json_t **out)
{
	json_t *ids = json_array(), *before = json_array(), *after = json_array();
	int rc = ids && before && after ? blocked_in_progress(db, ids, before) : DB_ERR;

	if (rc == DB_OK)
		rc = apply_patch(db, p, &id);
	if (rc == DB_OK)
		rc = blocked_in_progress(db, ids, after);
	if (rc == DB_OK && !(*out = preview_json(ids, before, after)))
		rc = DB_ERR;
	json_decref(ids);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* The change written, read back as *out and audited against the rule as it was. */
static int apply_change(struct db *db, const struct actor *who, const struct patch *p, int64_t id, json_t **out)
{
	int rc = apply_patch(db, p, &id);

	if (rc == DB_OK)
		*out = rules_fetch(db, id, &rc);
	if (rc == DB_OK)
		rc = op_audit(db, who, "update", "rule", id, p->row, *out);
	return rc;
}

int rules_change(struct db *db, const struct actor *who, int64_t id, json_t *body, bool preview, json_t **out,
		 struct op_error *err)
{
	struct patch p = {NULL, NULL, NULL, false};
	char today[DATE_LEN];
	int status = validate_fields(body, rule_patch_fields, true, err), rc;

	*out = NULL;
	if (!status && json_object_size(body) == 0)
		status = op_invalid(err, NULL, "send at least one field", "请至少提交一项");
	if (status)
		return status; /* the body alone: judged before the write lock */
	rc = db_begin(db);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (!(p.row = rules_fetch(db, id, &rc)))
		status = rc == DB_DONE ? op_not_found(err) : op_fail_db(err, rc);
	date_today(today);
	if (!status)
		status = judge_patch(db, body, today, &p, err);
	if (!status)
		rc = preview ? preview_patch(db, &p, id, out) : apply_change(db, who, &p, id, out);
	json_decref(p.row);
	json_decref(p.merged);
	if (preview && !status && rc == DB_OK) {
		db_rollback(db); /* a preview writes nothing */
		return 0;
	}
	return op_finish_out(db, status, rc, out, err);
}

/* ---- a rule set imported ---- */

static const struct vfield import_fields[] = {
	{"format", "文件格式", V_STRING, VF_REQUIRED, 1, 40, NULL},
	{"version", "格式版本", V_INT, VF_REQUIRED, 1, 1, NULL},
	{"as_of", "导出日期", V_DATE, 0, 0, 0, NULL},
	{"effective_from", "生效日期", V_DATE, 0, 0, 0, NULL},
	{"rules", "规则", V_ARRAY, VF_REQUIRED, 1, MAX_IMPORT_RULES, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield import_rule_fields[] = {
	RULE_FIELDS,
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/*
 * The file: its fields and format, every rule valid (a rule's refusal named
 * "rules[i].<field>"), keys unique. The body alone: judged before the write
 * lock is taken.
 */
static int check_file(json_t *file, struct op_error *err)
{
	json_t *rules = json_object_get(file, "rules"), *r, *other;
	char prefix[32];
	size_t i, j;
	int status = validate_fields(file, import_fields, false, err);

	if (!status && strcmp(json_string_value(json_object_get(file, "format")), RULES_FORMAT) != 0)
		return op_invalid(err, "format", "not a Waishi rule set (format \"waishi-rules\")",
				  "不是 Waishi 规则集文件(format 应为「waishi-rules」)");
	json_array_foreach(rules, i, r) {
		if (status)
			break;
		if (!json_is_object(r))
			return op_invalid(err, "rules", "each rule is an object", "每条规则必须是对象");
		status = validate_fields(r, import_rule_fields, false, err);
		if (!status)
			status = check_rule(r, err);
		if (status) {
			snprintf(prefix, sizeof(prefix), "rules[%zu].", i);
			op_field_prefix(err, prefix);
		}
		json_array_foreach(rules, j, other)
			if (!status && j < i && json_equal(json_object_get(other, "key"), json_object_get(r, "key")))
				status = op_invalid(err, "rules", "a key is listed twice", "规则标识重复");
	}
	return status;
}

/* From day `from` on, each key's versions replaced by the file's; the keys listed into `keys`. */
static int replace_versions(struct db *db, json_t *rules, const char *from, json_t *keys)
{
	char before_day[DATE_LEN], now[32];
	json_t *r;
	size_t i;
	int rc = DB_OK;

	date_add_days(from, -1, before_day);
	util_now_rfc3339(now, sizeof(now));
	json_array_foreach(rules, i, r) {
		const char *key = json_string_value(json_object_get(r, "key"));

		json_array_append(keys, json_object_get(r, "key"));
		rc = db_execf(db, "DELETE FROM rules WHERE key = ? AND effective_from >= ?", "tt", key, from);
		if (rc == DB_OK)
			rc = db_execf(db,
				      "UPDATE rules SET effective_to = ?, updated_at = ? WHERE key = ? AND effective_from < ?"
				      " AND (effective_to IS NULL OR effective_to >= ?)",
				      "ttttt", before_day, now, key, from, from);
		if (rc == DB_OK)
			rc = rules_insert(db, r, from, NULL, NULL);
		if (rc != DB_OK)
			break;
	}
	return rc;
}

int rules_import_set(struct db *db, const struct actor *who, json_t *file, json_t **out, struct op_error *err)
{
	const char *from = json_string_value(json_object_get(file, "effective_from"));
	json_t *rules = json_object_get(file, "rules"), *keys = json_array(), *summary = NULL;
	char today[DATE_LEN];
	int status = check_file(file, err), rc;

	*out = NULL;
	if (status) {
		json_decref(keys);
		return status;
	}
	rc = keys ? db_begin(db) : DB_ERR;
	if (rc != DB_OK) {
		json_decref(keys);
		return op_fail_db(err, rc);
	}
	date_today(today);
	if (!from)
		from = today;
	rc = replace_versions(db, rules, from, keys);
	if (rc == DB_OK && !(summary = json_pack("{s:s, s:O}", "effective_from", from, "keys", keys)))
		rc = DB_ERR;
	if (rc == DB_OK)
		rc = op_audit(db, who, "import", "rules", 0, NULL, summary);
	if (rc == DB_OK &&
	    !(*out = json_pack("{s:I, s:s, s:O}", "imported", (json_int_t)json_array_size(rules), "effective_from", from,
			       "keys", keys)))
		rc = DB_ERR;
	json_decref(summary);
	json_decref(keys);
	return op_finish_out(db, 0, rc, out, err);
}
