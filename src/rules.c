/*
 * rules.c - rules as data: loading the versions in force on a date, the
 * parameters each kind accepts, and their storage (see rules.h and
 * rules_store.h); the /rules routes are rules_api.c.
 */
#include "rules.h"

#include "rules_store.h"

#include "country.h"
#include "delegation.h"
#include "db_json.h"
#include "person.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *const rule_severities[] = {"warning", "block", NULL};
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


static bool fail(struct rule_why *w, const char *en, const char *zh)
{
	snprintf(w->en, sizeof(w->en), "%s", en);
	snprintf(w->zh, sizeof(w->zh), "%s", zh);
	return false;
}

/* Only the named keys, NULL-terminated. */
static bool only_keys(json_t *o, const char *const *keys, struct rule_why *w)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return fail(w, "must be an object", "须为对象");
	json_object_foreach(o, k, v) {
		if (!util_in_list(k, keys)) {
			snprintf(w->en, sizeof(w->en), "unknown parameter '%.60s'", k);
			snprintf(w->zh, sizeof(w->zh), "未知参数「%.60s」", k);
			return false;
		}
	}
	return true;
}

static bool int_in(json_t *o, const char *name, int64_t min, int64_t max, bool required, struct rule_why *w)
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
static bool choices_in(json_t *o, const char *name, const char *const *choices, bool required, struct rule_why *w)
{
	json_t *v = json_object_get(o, name), *e;
	size_t i;

	if (!v && !required)
		return true;
	if (!json_is_array(v) || (required && json_array_size(v) == 0) || json_array_size(v) > 50)
		goto bad;
	json_array_foreach(v, i, e)
		if (!util_in_list(json_string_value(e), choices))
			goto bad;
	return true;
bad:
	snprintf(w->en, sizeof(w->en), "'%s' must be a list of known values", name);
	snprintf(w->zh, sizeof(w->zh), "「%s」须为取值列表,且每项为有效取值", name);
	return false;
}

static bool bool_in(json_t *o, const char *name, struct rule_why *w)
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
static bool frequency_entry(json_t *e, struct rule_why *w)
{
	static const char *const keys[] = {"trips", "months", NULL};

	return only_keys(e, keys, w) && int_in(e, "trips", 1, 20, true, w) && int_in(e, "months", 0, 120, true, w);
}

static bool frequency_params(json_t *p, struct rule_why *w)
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
		if (!util_in_list(rank, person_ranks))
			return fail(w, "'ranks' names an unknown rank", "「ranks」含无效级别");
		if (!frequency_entry(e, w))
			return false;
	}
	return true;
}

/* {"days": {"1": d1, "2": d2, ...}, "extra_days": n, "extra_regions": [...]} */
static bool days_params(json_t *p, struct rule_why *w)
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

static bool share_params(json_t *p, struct rule_why *w)
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

static bool publicity_params(json_t *p, struct rule_why *w)
{
	static const char *const keys[] = {"days", "before", NULL};
	const char *before = json_string_value(json_object_get(p, "before"));

	if (!only_keys(p, keys, w) || !int_in(p, "days", 1, 60, true, w))
		return false;
	if (!util_in_list(before, publicity_before))
		return fail(w, "'before' must be \"approval\" or \"submission\"", "「before」须为 approval(审批前)或 submission(申报前)");
	return true;
}

bool rules_params_valid(const char *kind, json_t *p, struct rule_why *w)
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

const char *const rule_kinds[] = {"max_countries",	   "max_days_by_countries", "max_days_temporary",
				    "max_members",	   "trip_frequency",	    "min_substantive_share",
				    "publicity",	   "min_lead_days",	    "passport_validity",
				    "within_plan",	   "zero_growth",	    "general_inspection",
				    "excluded_inviters",   "leadership_together",   "retired_staff",
				    "budget_required",	   "funding_standard",	    NULL};

bool rules_scope_valid(json_t *s, struct rule_why *w)
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

json_t *rules_fetch(struct db *db, int64_t id, int *rc)
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
int rules_fetch_all(struct db *db, const char *sql, const char *date, json_t *items)
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

const char rules_in_force_sql[] = "SELECT " RULE_COLUMNS " FROM rules WHERE effective_from <= ?"
				   " AND (effective_to IS NULL OR effective_to >= ?) ORDER BY key, id";

/* Insert one version from a validated object (params and scope as JSON). */
int rules_insert(struct db *db, json_t *r, const char *from, const char *to, int64_t *id)
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
