/*
 * rules.c - rules as data: loading the versions in force on a date, the
 * parameters each kind accepts, and the /rules API with export and import
 * of a rule set (see rules.h).
 */
#include "rules.h"

#include "audit_api.h"
#include "checks.h"
#include "country.h"
#include "delegation.h"
#include "list.h"
#include "person.h"
#include "record.h"
#include "trip.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULE_COLUMNS                                                                                              \
	"id, key, kind, title_zh, params, severity, scope, source, article, enabled, effective_from, effective_to," \
	" created_at, updated_at"
#define MAX_IMPORT_RULES 200
#define RULES_FORMAT "waishi-rules"

static const char *const severities[] = {"warning", "block", NULL};
static const char *const publicity_before[] = {"approval", "submission", NULL};

/* ---- loading ---- */

static void copy_col(struct db_stmt *st, int col, char *out, size_t len)
{
	snprintf(out, len, "%s", db_column_is_null(st, col) ? "" : db_column_text(st, col));
}

int rules_load(struct db *db, const char *date, struct rule_set *set)
{
	struct db_stmt *st = NULL;
	struct rule *grown;
	size_t cap = 0;
	int rc = db_prepare(db,
			    "SELECT " RULE_COLUMNS " FROM rules WHERE effective_from <= ?"
			    " AND (effective_to IS NULL OR effective_to >= ?) ORDER BY key, id",
			    &st);

	set->items = NULL;
	set->n = 0;
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, date);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, date);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		struct rule *r;

		if (set->n == cap) {
			cap = cap ? cap * 2 : 32;
			grown = realloc(set->items, cap * sizeof(*grown));
			if (!grown) {
				rc = DB_ERR;
				break;
			}
			set->items = grown;
		}
		r = &set->items[set->n];
		memset(r, 0, sizeof(*r));
		r->id = db_column_int64(st, 0);
		copy_col(st, 1, r->key, sizeof(r->key));
		copy_col(st, 2, r->kind, sizeof(r->kind));
		copy_col(st, 3, r->title_zh, sizeof(r->title_zh));
		r->params = json_loads(db_column_text(st, 4), 0, NULL);
		copy_col(st, 5, r->severity, sizeof(r->severity));
		r->scope = json_loads(db_column_text(st, 6), 0, NULL);
		copy_col(st, 7, r->source, sizeof(r->source));
		copy_col(st, 8, r->article, sizeof(r->article));
		r->enabled = db_column_int64(st, 9) != 0;
		copy_col(st, 10, r->effective_from, sizeof(r->effective_from));
		copy_col(st, 11, r->effective_to, sizeof(r->effective_to));
		if (!r->params)
			r->params = json_object();
		if (!r->scope)
			r->scope = json_object();
		set->n++;
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	if (rc != DB_OK)
		rules_free(set);
	return rc;
}

void rules_free(struct rule_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		json_decref(set->items[i].params);
		json_decref(set->items[i].scope);
	}
	free(set->items);
	set->items = NULL;
	set->n = 0;
}

const struct rule *rules_next(const struct rule_set *set, const char *kind, size_t *pos)
{
	while (*pos < set->n) {
		const struct rule *r = &set->items[(*pos)++];

		if (r->enabled && strcmp(r->kind, kind) == 0)
			return r;
	}
	return NULL;
}

void rules_cite(const struct rule *r, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s", r->source, r->article[0] ? " " : "", r->article);
}

int64_t rules_param_int(const struct rule *r, const char *path, int64_t fallback)
{
	char part[64];
	const char *dot;
	json_t *v = r->params;

	while (v && (dot = strchr(path, '.'))) {
		snprintf(part, sizeof(part), "%.*s", (int)(dot - path), path);
		v = json_object_get(v, part);
		path = dot + 1;
	}
	v = v ? json_object_get(v, path) : NULL;
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : fallback;
}

bool rules_param_has(const struct rule *r, const char *name, const char *value)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(r->params, name), i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), value) == 0)
			return true;
	return false;
}

/* ---- the parameters of each kind ---- */

/* Why a value is refused, in both languages. */
struct why {
	char en[200], zh[200];
};

static bool fail(struct why *w, const char *en, const char *zh)
{
	snprintf(w->en, sizeof(w->en), "%s", en);
	snprintf(w->zh, sizeof(w->zh), "%s", zh);
	return false;
}

static bool in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Only the named keys, NULL-terminated. */
static bool only_keys(json_t *o, const char *const *keys, struct why *w)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return fail(w, "must be an object", "须为对象");
	json_object_foreach(o, k, v) {
		if (!in_list(k, keys)) {
			snprintf(w->en, sizeof(w->en), "unknown parameter '%.60s'", k);
			snprintf(w->zh, sizeof(w->zh), "未知参数「%.60s」", k);
			return false;
		}
	}
	return true;
}

static bool int_in(json_t *o, const char *name, int64_t min, int64_t max, bool required, struct why *w)
{
	json_t *v = json_object_get(o, name);

	if (!v && !required)
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		snprintf(w->en, sizeof(w->en), "'%s' must be a whole number from %lld to %lld", name, (long long)min,
			 (long long)max);
		snprintf(w->zh, sizeof(w->zh), "「%s」须为%lld至%lld的整数", name, (long long)min, (long long)max);
		return false;
	}
	return true;
}

/* An array of strings, each one of choices; non-empty when required. */
static bool choices_in(json_t *o, const char *name, const char *const *choices, bool required, struct why *w)
{
	json_t *v = json_object_get(o, name), *e;
	size_t i;

	if (!v && !required)
		return true;
	if (!json_is_array(v) || (required && json_array_size(v) == 0) || json_array_size(v) > 50)
		goto bad;
	json_array_foreach(v, i, e)
		if (!in_list(json_string_value(e), choices))
			goto bad;
	return true;
bad:
	snprintf(w->en, sizeof(w->en), "'%s' must be a list of known values", name);
	snprintf(w->zh, sizeof(w->zh), "「%s」须为取值列表,且每项为有效取值", name);
	return false;
}

static bool bool_in(json_t *o, const char *name, struct why *w)
{
	json_t *v = json_object_get(o, name);

	if (v && !json_is_boolean(v)) {
		snprintf(w->en, sizeof(w->en), "'%s' must be true or false", name);
		snprintf(w->zh, sizeof(w->zh), "「%s」须为 true 或 false", name);
		return false;
	}
	return true;
}

/* {"trips": 1..20, "months": 0..120}; months 0 is the calendar year of departure. */
static bool frequency_entry(json_t *e, struct why *w)
{
	static const char *const keys[] = {"trips", "months", NULL};

	return only_keys(e, keys, w) && int_in(e, "trips", 1, 20, true, w) && int_in(e, "months", 0, 120, true, w);
}

static bool frequency_params(json_t *p, struct why *w)
{
	static const char *const keys[] = {"default", "ranks", "principal", NULL};
	const char *rank;
	json_t *e;

	if (!only_keys(p, keys, w))
		return false;
	if (json_object_get(p, "default") && !frequency_entry(json_object_get(p, "default"), w))
		return false;
	if (json_object_get(p, "principal") && !frequency_entry(json_object_get(p, "principal"), w))
		return false;
	if (json_object_get(p, "ranks") && !json_is_object(json_object_get(p, "ranks")))
		return fail(w, "'ranks' must be an object of rank -> {trips, months}", "「ranks」须为 级别 -> {trips, months} 的对象");
	json_object_foreach(json_object_get(p, "ranks"), rank, e) {
		if (!in_list(rank, person_ranks))
			return fail(w, "'ranks' names an unknown rank", "「ranks」含无效级别");
		if (!frequency_entry(e, w))
			return false;
	}
	return true;
}

/* {"days": {"1": d1, "2": d2, ...}, "extra_days": n, "extra_regions": [...]} */
static bool days_params(json_t *p, struct why *w)
{
	static const char *const keys[] = {"days", "extra_days", "extra_regions", NULL};
	json_t *days = json_object_get(p, "days");
	char n[8];
	int64_t prev = 0;
	size_t i;

	if (!only_keys(p, keys, w) || !int_in(p, "extra_days", 0, 30, false, w) ||
	    !choices_in(p, "extra_regions", country_regions, false, w))
		return false;
	if (!json_is_object(days) || json_object_size(days) == 0 || json_object_size(days) > 20)
		goto bad;
	for (i = 1; i <= json_object_size(days); i++) {
		json_t *d;

		snprintf(n, sizeof(n), "%zu", i);
		d = json_object_get(days, n);
		if (!json_is_integer(d) || json_integer_value(d) < prev || json_integer_value(d) < 1 ||
		    json_integer_value(d) > 365)
			goto bad;
		prev = (int64_t)json_integer_value(d);
	}
	return true;
bad:
	return fail(w, "'days' must map 1, 2, 3... countries to non-decreasing days (1-365)",
		    "「days」须为国家数 1、2、3… 对应的天数(1至365,不递减)");
}

static bool share_params(json_t *p, struct why *w)
{
	static const char *const keys[] = {"share", NULL};
	const char *s = json_string_value(json_object_get(p, "share"));
	long num = 0, den = 0;
	char extra;

	if (!only_keys(p, keys, w))
		return false;
	if (!s || sscanf(s, "%ld/%ld%c", &num, &den, &extra) != 2 || num < 0 || den < 1 || num > den || den > 1000)
		return fail(w, "'share' must be a fraction such as \"2/3\"", "「share」须为分数,如「2/3」");
	return true;
}

static bool publicity_params(json_t *p, struct why *w)
{
	static const char *const keys[] = {"days", "before", NULL};
	const char *before = json_string_value(json_object_get(p, "before"));

	if (!only_keys(p, keys, w) || !int_in(p, "days", 1, 60, true, w))
		return false;
	if (!in_list(before, publicity_before))
		return fail(w, "'before' must be \"approval\" or \"submission\"", "「before」须为 approval(审批前)或 submission(申报前)");
	return true;
}

static bool params_valid(const char *kind, json_t *p, struct why *w)
{
	static const char *const k_max[] = {"max", NULL}, *const k_countries[] = {"max", "count_transit", "count_hmt", NULL},
				 *const k_days[] = {"days", NULL}, *const k_months[] = {"months", NULL},
				 *const k_none[] = {NULL}, *const k_categories[] = {"categories", NULL},
				 *const k_types[] = {"types", NULL}, *const k_budget[] = {"source_required", NULL};

	if (strcmp(kind, "max_countries") == 0)
		return only_keys(p, k_countries, w) && int_in(p, "max", 1, 20, true, w) && bool_in(p, "count_transit", w) &&
		       bool_in(p, "count_hmt", w);
	if (strcmp(kind, "max_days_by_countries") == 0)
		return days_params(p, w);
	if (strcmp(kind, "max_days_temporary") == 0)
		return only_keys(p, k_max, w) && int_in(p, "max", 1, 365, true, w);
	if (strcmp(kind, "max_members") == 0)
		return only_keys(p, k_max, w) && int_in(p, "max", 1, 100, true, w);
	if (strcmp(kind, "trip_frequency") == 0)
		return frequency_params(p, w);
	if (strcmp(kind, "min_substantive_share") == 0)
		return share_params(p, w);
	if (strcmp(kind, "publicity") == 0)
		return publicity_params(p, w);
	if (strcmp(kind, "min_lead_days") == 0)
		return only_keys(p, k_days, w) && int_in(p, "days", 0, 200, true, w);
	if (strcmp(kind, "passport_validity") == 0)
		return only_keys(p, k_months, w) && int_in(p, "months", 0, 24, true, w);
	if (strcmp(kind, "within_plan") == 0 || strcmp(kind, "zero_growth") == 0 || strcmp(kind, "retired_staff") == 0 ||
	    strcmp(kind, "funding_standard") == 0)
		return only_keys(p, k_none, w);
	if (strcmp(kind, "general_inspection") == 0)
		return only_keys(p, k_categories, w) && choices_in(p, "categories", delegation_categories, true, w);
	if (strcmp(kind, "excluded_inviters") == 0)
		return only_keys(p, k_types, w) && choices_in(p, "types", delegation_inviter_types, true, w);
	if (strcmp(kind, "leadership_together") == 0)
		return only_keys(p, k_max, w) && int_in(p, "max", 1, 20, true, w);
	if (strcmp(kind, "budget_required") == 0)
		return only_keys(p, k_budget, w) && bool_in(p, "source_required", w);
	return fail(w, "unknown kind of rule", "未知的规则类型");
}

static const char *const kinds[] = {"max_countries",	   "max_days_by_countries", "max_days_temporary",
				    "max_members",	   "trip_frequency",	    "min_substantive_share",
				    "publicity",	   "min_lead_days",	    "passport_validity",
				    "within_plan",	   "zero_growth",	    "general_inspection",
				    "excluded_inviters",   "leadership_together",   "retired_staff",
				    "budget_required",	   "funding_standard",	    NULL};

static bool scope_valid(json_t *s, struct why *w)
{
	static const char *const keys[] = {"categories", "regions", "ranks", NULL};

	return only_keys(s, keys, w) && choices_in(s, "categories", delegation_categories, false, w) &&
	       choices_in(s, "regions", country_regions, false, w) && choices_in(s, "ranks", person_ranks, false, w);
}

/* ---- storage ---- */

static json_t *rule_json(struct db_stmt *st)
{
	json_t *row = db_row_json(st), *v;
	const char *source, *article;
	char cite[300];

	v = json_loads(json_string_value(json_object_get(row, "params")), 0, NULL);
	json_object_set_new(row, "params", v ? v : json_object());
	v = json_loads(json_string_value(json_object_get(row, "scope")), 0, NULL);
	json_object_set_new(row, "scope", v ? v : json_object());
	json_object_set_new(row, "enabled", json_boolean(json_integer_value(json_object_get(row, "enabled")) != 0));
	source = json_string_value(json_object_get(row, "source"));
	article = json_string_value(json_object_get(row, "article"));
	snprintf(cite, sizeof(cite), "%s%s%s", source ? source : "", article && *article ? " " : "", article ? article : "");
	json_object_set_new(row, "citation", json_string(cite));
	return row;
}

static json_t *fetch_rule(struct db *db, int64_t id, int *rc)
{
	struct db_stmt *st = NULL;
	json_t *row = NULL;

	*rc = db_prepare(db, "SELECT " RULE_COLUMNS " FROM rules WHERE id = ?", &st);
	if (*rc == DB_OK)
		*rc = db_bind_int64(st, 1, id);
	if (*rc == DB_OK && (*rc = db_step(st)) == DB_ROW) {
		row = rule_json(st);
		*rc = DB_OK;
	}
	db_finalize(st);
	return row;
}

/* Rows of `sql` (one or two date parameters, may be NULL) as rule objects. */
static int fetch_rules(struct db *db, const char *sql, const char *date, json_t *items)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	if (rc == DB_OK && date)
		rc = db_bind_text(st, 1, date);
	if (rc == DB_OK && date)
		rc = db_bind_text(st, 2, date);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_array_append_new(items, rule_json(st));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static const char in_force_sql[] = "SELECT " RULE_COLUMNS " FROM rules WHERE effective_from <= ?"
				   " AND (effective_to IS NULL OR effective_to >= ?) ORDER BY key, id";

/* Insert one version from a validated object (params and scope as JSON). */
static int insert_rule(struct db *db, json_t *r, const char *from, const char *to, int64_t *id)
{
	char now[32], *params = json_dumps(json_object_get(r, "params"), JSON_COMPACT | JSON_SORT_KEYS);
	char *scope = json_object_get(r, "scope") ? json_dumps(json_object_get(r, "scope"), JSON_COMPACT | JSON_SORT_KEYS)
						  : strdup("{}");
	json_t *enabled = json_object_get(r, "enabled");
	const char *article = json_string_value(json_object_get(r, "article"));
	int rc = params && scope ? DB_OK : DB_ERR;

	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = db_execf(db,
			      "INSERT INTO rules (key, kind, title_zh, params, severity, scope, source, article, enabled,"
			      " effective_from, effective_to, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      "ttttttttitttt", json_string_value(json_object_get(r, "key")),
			      json_string_value(json_object_get(r, "kind")), json_string_value(json_object_get(r, "title_zh")),
			      params, json_string_value(json_object_get(r, "severity")), scope,
			      json_string_value(json_object_get(r, "source")), article ? article : "",
			      (int64_t)(!enabled || json_is_true(enabled)), from, to, now, now);
	if (rc == DB_OK && id)
		rc = db_query_int(db, id, "SELECT MAX(id) FROM rules WHERE key = ?", "t",
				  json_string_value(json_object_get(r, "key")));
	free(params);
	free(scope);
	return rc;
}

/* ---- validation ---- */

static const struct vfield rule_fields[] = {
	{"key", "规则标识", V_STRING, VF_REQUIRED, 1, 60, NULL},
	{"kind", "规则类型", V_ENUM, VF_REQUIRED, 0, 0, kinds},
	{"title_zh", "规则名称", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"params", "参数", V_OBJECT, VF_REQUIRED, 0, 0, NULL},
	{"severity", "处理方式", V_ENUM, VF_REQUIRED, 0, 0, severities},
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
	{"severity", "处理方式", V_ENUM, 0, 0, 0, severities},
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
	struct why w;
	char field[80];
	json_t *scope = json_object_get(r, "scope");
	const char *from = json_string_value(json_object_get(r, "effective_from"));
	const char *to = json_string_value(json_object_get(r, "effective_to"));

	if (!key_valid(json_string_value(json_object_get(r, "key")))) {
		snprintf(field, sizeof(field), "%skey", field_prefix);
		return validate_fail(req, res, field, "a key has lower-case letters, digits and '_'",
				     "规则标识只能由小写字母、数字和下划线组成");
	}
	if (!params_valid(json_string_value(json_object_get(r, "kind")), json_object_get(r, "params"), &w)) {
		snprintf(field, sizeof(field), "%sparams", field_prefix);
		return validate_fail(req, res, field, w.en, w.zh);
	}
	if (scope && !scope_valid(scope, &w)) {
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
		rc = fetch_rules(req->db, "SELECT " RULE_COLUMNS " FROM rules ORDER BY key, effective_from, id", NULL, items);
	else
		rc = fetch_rules(req->db, in_force_sql, as_of ? as_of : today, items);
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
	json_t *row = fetch_rule(req->db, req->ids[0], &rc);

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
		rc = insert_rule(req->db, req->json, from ? from : today,
				 json_string_value(json_object_get(req->json, "effective_to")), &id);
	if (rc == DB_OK)
		after = fetch_rule(req->db, id, &rc);
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
			rc = insert_rule(db, merged, from, json_string_value(to), id);
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
	row = fetch_rule(req->db, id, &rc);
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
		after = fetch_rule(req->db, id, &rc);
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
	char today[DATE_LEN], disposition[96];
	json_t *rows, *out, *v;
	size_t i;
	int rc = list_query_date(req, res, "as_of", &as_of);

	if (rc)
		return rc;
	date_today(today);
	if (!as_of)
		as_of = today;
	rows = json_array();
	rc = fetch_rules(req->db, in_force_sql, as_of, rows);
	if (rc != DB_OK) {
		json_decref(rows);
		return http_error_db(req, res, rc);
	}
	out = json_pack("{s:s, s:i, s:s, s:[]}", "format", RULES_FORMAT, "version", 1, "as_of", as_of, "rules");
	json_array_foreach(rows, i, v)
		json_array_append_new(json_object_get(out, "rules"), portable(v));
	json_decref(rows);
	snprintf(disposition, sizeof(disposition), "attachment; filename=\"rules-%s.json\"", as_of);
	res->content_disposition = strdup(disposition);
	return http_json(res, 200, out);
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
	{"kind", "规则类型", V_ENUM, VF_REQUIRED, 0, 0, kinds},
	{"title_zh", "规则名称", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"params", "参数", V_OBJECT, VF_REQUIRED, 0, 0, NULL},
	{"severity", "处理方式", V_ENUM, VF_REQUIRED, 0, 0, severities},
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
			rc = insert_rule(req->db, r, from, NULL, NULL);
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
