/*
 * funding.c - budget and actual lines of a trip, their sums in yuan, their
 * change as one operation, and the 516 standards: their rows judged and
 * written, and the comparison of budget lines with them (see funding.h).
 * The routes are funding_api.c.
 */
#include "funding.h"

#include "country.h"
#include "delegation.h"
#include "db_json.h"
#include "store.h"
#include "util.h"
#include "validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINES 50
#define MAX_AMOUNT_MINOR 10000000000LL /* 100 million in the line's currency */
#define MAX_RATE_MICRO 1000000000LL    /* 1000 yuan per unit */

static const char *const budget_sources[] = {"fiscal", "self_raised", "other", NULL};
static const char *const items[] = {"international_travel", "accommodation", "meals", "incidentals", "other", NULL};
static const char *const items_zh[] = {"国际旅费", "住宿费", "伙食费", "公杂费", "其他费用", NULL};

static const char *item_zh(const char *item)
{
	size_t i;

	for (i = 0; item && items[i]; i++)
		if (strcmp(items[i], item) == 0)
			return items_zh[i];
	return item ? item : "";
}

/* amount (hundredths) x rate (millionths) in fen, rounded half up, without overflow. */
static int64_t to_fen(int64_t amount_minor, int64_t rate_micro)
{
	int64_t whole = rate_micro / 1000000, part = rate_micro % 1000000;

	return amount_minor * whole + (amount_minor * part + 500000) / 1000000;
}

static void money(int64_t minor, char *out, size_t len)
{
	snprintf(out, len, "%lld.%02lld", (long long)(minor / 100), (long long)(minor % 100));
}

/* ---- reading lines ---- */

/* Columns: item, currency, amount_minor, rate_micro, cny_fen, country, city, persons, days, note. */
static json_t *text_or_null(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? json_null() : json_string(db_column_text(st, col));
}

static json_t *int_or_null(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? json_null() : json_integer(db_column_int64(st, col));
}

static json_t *line_json(struct db_stmt *st)
{
	return json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:o, s:o, s:o, s:o, s:o}", "item", db_column_text(st, 0), "item_zh",
			 item_zh(db_column_text(st, 0)), "currency", db_column_text(st, 1), "amount",
			 (double)db_column_int64(st, 2) / 100.0, "rate", (double)db_column_int64(st, 3) / 1e6, "cny",
			 (double)db_column_int64(st, 4) / 100.0, "country", text_or_null(st, 5), "city", text_or_null(st, 6),
			 "persons", int_or_null(st, 7), "days", int_or_null(st, 8), "note", text_or_null(st, 9));
}

/* The lines of one phase and their sum in fen. */
static int load_lines(struct db *db, int64_t id, const char *phase, json_t *lines, int64_t *total)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db,
			    "SELECT item, currency, amount_minor, rate_micro, cny_fen, country, city, persons, days, note"
			    " FROM delegation_funding WHERE delegation_id = ? AND phase = ? ORDER BY position",
			    &st);

	*total = 0;
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, id);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, phase);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		*total += db_column_int64(st, 4);
		json_array_append_new(lines, line_json(st));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/* ---- standards ---- */

struct standard {
	char currency[4], source[200];
	int64_t accommodation, meals, incidentals;
	bool found;
};

/* The standard of a city, else of the rest of its country. */
static int find_standard(struct db *db, const char *country, const char *city, struct standard *s)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db,
			    "SELECT currency, accommodation_minor, meals_minor, incidentals_minor, source FROM funding_standards"
			    " WHERE country = ? AND (city = ? OR city = '') ORDER BY CASE WHEN city = '' THEN 1 ELSE 0 END",
			    &st);

	memset(s, 0, sizeof(*s));
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, country);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, city ? city : "");
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		snprintf(s->currency, sizeof(s->currency), "%s", db_column_text(st, 0));
		s->accommodation = db_column_int64(st, 1);
		s->meals = db_column_int64(st, 2);
		s->incidentals = db_column_int64(st, 3);
		snprintf(s->source, sizeof(s->source), "%s", db_column_text(st, 4));
		s->found = true;
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int funding_standard_findings(struct db *db, int64_t id, json_t *out)
{
	struct db_stmt *st = NULL;
	struct standard s;
	json_t *lines = json_array(), *l;
	size_t i;
	int rc = db_prepare(db,
			    "SELECT item, currency, amount_minor, country, city, persons, days FROM delegation_funding"
			    " WHERE delegation_id = ? AND phase = 'budget' AND item IN ('accommodation','meals','incidentals')"
			    " AND country IS NOT NULL ORDER BY position",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_array_append_new(lines, db_row_json(st));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	json_array_foreach(lines, i, l) {
		const char *item = json_string_value(json_object_get(l, "item"));
		const char *country = json_string_value(json_object_get(l, "country"));
		const char *city = json_string_value(json_object_get(l, "city"));
		int64_t persons = json_integer_value(json_object_get(l, "persons")), days = json_integer_value(json_object_get(l, "days"));
		int64_t amount = json_integer_value(json_object_get(l, "amount_minor")), per = 0, cap;
		char msg[800], a[32], b[32], c[32];
		const char *place = country_name_zh(country);

		if (rc != DB_OK)
			break;
		rc = find_standard(db, country, city, &s);
		if (rc != DB_OK || !s.found || persons < 1 || days < 1)
			continue;
		per = strcmp(item, "accommodation") == 0 ? s.accommodation : strcmp(item, "meals") == 0 ? s.meals : s.incidentals;
		if (strcmp(s.currency, json_string_value(json_object_get(l, "currency"))) != 0) {
			snprintf(msg, sizeof(msg), "%s预算以%s计,%s%s的标准以%s计,请按标准币种填写以便比较(依据:%s)", item_zh(item),
				 json_string_value(json_object_get(l, "currency")), place ? place : country, city ? city : "", s.currency,
				 s.source);
			json_array_append_new(out, json_string(msg));
			continue;
		}
		cap = per * persons * days;
		if (amount <= cap)
			continue;
		money(per, a, sizeof(a));
		money(cap, b, sizeof(b));
		money(amount, c, sizeof(c));
		snprintf(msg, sizeof(msg), "%s超出标准:%s%s每人每%s%s %s×%lld人×%lld%s=%s %s,本团组预算%s %s(依据:%s)", item_zh(item),
			 place ? place : country, city ? city : "", strcmp(item, "accommodation") == 0 ? "晚" : "天", a, s.currency,
			 (long long)persons, (long long)days, strcmp(item, "accommodation") == 0 ? "晚" : "天", b, s.currency, c,
			 s.currency, s.source);
		json_array_append_new(out, json_string(msg));
	}
	json_decref(lines);
	return rc;
}

/* ---- validation of lines ---- */

/* The one currency check of lines and standards: an ISO 4217 code. */
static bool currency_valid(json_t *v)
{
	return json_is_string(v) && country_currency_valid(json_string_value(v));
}

#define CURRENCY_EN "unknown currency (ISO 4217 code such as USD)"
#define CURRENCY_ZH "币种无效(ISO 4217 代码,如 USD)"

static bool valid_rate(json_t *v, int64_t *micro)
{
	double r;

	if (json_is_integer(v))
		r = (double)json_integer_value(v);
	else if (json_is_real(v))
		r = json_real_value(v);
	else
		return false;
	if (!(r > 0) || r * 1e6 > (double)MAX_RATE_MICRO)
		return false;
	*micro = (int64_t)llround(r * 1e6);
	return fabs((double)*micro - r * 1e6) < 1e-3 && *micro > 0;
}

static bool opt_int(json_t *l, const char *name, int64_t max)
{
	json_t *v = json_object_get(l, name);

	return !v || json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= max);
}

static bool opt_text(json_t *l, const char *name, long max)
{
	json_t *v = json_object_get(l, name);
	long n;

	if (!v || json_is_null(v))
		return true;
	n = json_is_string(v) ? util_utf8_length(json_string_value(v)) : -1;
	return n >= 1 && n <= max;
}

static int line_fail(size_t i, const char *en, const char *zh, struct op_error *err)
{
	char en_full[240], zh_full[240];

	snprintf(en_full, sizeof(en_full), "line %zu: %s", i + 1, en);
	snprintf(zh_full, sizeof(zh_full), "第%zu行:%s", i + 1, zh);
	return op_invalid(err, "lines", en_full, zh_full);
}

/* Whether `s` is one of `list` (NULL-terminated). */
/* Line i: only the known keys, a known item, currency, amount and rate; the optional place, persons, days, note. */
static int check_line(json_t *l, size_t i, struct op_error *err)
{
	static const char *const keys[] = {"item", "currency", "amount", "rate", "country", "city", "persons", "days", "note", NULL};
	json_t *v, *country = json_object_get(l, "country");
	const char *k, *currency = json_string_value(json_object_get(l, "currency"));
	int64_t amount = 0, rate = 0;
	bool known = json_is_object(l);

	json_object_foreach(l, k, v)
		known = known && util_in_list(k, keys);
	if (!known)
		return line_fail(i, "an object with item, currency, amount, rate and optional country, city, persons, days, note",
				 "须为含 item、currency、amount、rate 的对象", err);
	if (!util_in_list(json_string_value(json_object_get(l, "item")), items))
		return line_fail(i, "item is international_travel, accommodation, meals, incidentals or other",
				 "费用类别应为国际旅费、住宿费、伙食费、公杂费或其他费用", err);
	if (!currency_valid(json_object_get(l, "currency")))
		return line_fail(i, CURRENCY_EN, CURRENCY_ZH, err);
	if (!util_money_to_fen(json_object_get(l, "amount"), &amount) || amount > MAX_AMOUNT_MINOR)
		return line_fail(i, "amount is a non-negative number with at most two decimals", "金额须为不超过两位小数的非负数",
				 err);
	if (!valid_rate(json_object_get(l, "rate"), &rate) || (strcmp(currency, "CNY") == 0 && rate != 1000000))
		return line_fail(i, "rate is yuan per unit of the currency (at most 6 decimals; 1 for CNY)",
				 "汇率须为每单位外币折合人民币元数(至多6位小数,人民币为1)", err);
	if (json_is_string(country) && !country_valid(json_string_value(country)))
		return line_fail(i, "unknown country (ISO 3166 code such as US)", "国家(地区)代码无效", err);
	if ((country && !json_is_string(country) && !json_is_null(country)) || !opt_text(l, "city", 100) ||
	    !opt_text(l, "note", 500) || !opt_int(l, "persons", 100) || !opt_int(l, "days", 365))
		return line_fail(i, "city and note are text; persons 1-100; days 1-365", "城市、备注须为文字;人数1至100;天数1至365",
				 err);
	return 0;
}

/* The body of a phase: lines (each checked), version, and budget_source for the budget. 0 or the refusal. */
static int check_body(json_t *body, const char *phase, struct op_error *err)
{
	json_t *v, *lines = json_object_get(body, "lines");
	const char *k;
	size_t i;
	int status = 0;

	json_object_foreach(body, k, v) {
		if (strcmp(k, "lines") != 0 && strcmp(k, "version") != 0 &&
		    !(strcmp(k, "budget_source") == 0 && strcmp(phase, "budget") == 0))
			return op_fail(err, 422, "unknown_field", k, "unknown field", "未知字段");
	}
	if (!lines)
		return op_invalid(err, "lines", "lines is required", "须提交经费明细");
	v = json_object_get(body, "budget_source");
	if (v && !util_in_list(json_string_value(v), budget_sources))
		return op_invalid(err, "budget_source", "budget_source is fiscal, self_raised or other",
				  "经费来源应为财政拨款(fiscal)、自筹(self_raised)或其他(other)");
	if (!json_is_array(lines) || json_array_size(lines) > MAX_LINES)
		return op_invalid(err, "lines", "lines is a list of at most 50 budget lines", "经费明细须为列表,至多50行");
	json_array_foreach(lines, i, v)
		if ((status = check_line(v, i, err)) != 0)
			break;
	return status;
}

/* Replace the lines of one phase; *total gets their sum in fen. */
static int write_lines(struct db *db, int64_t id, const char *phase, json_t *lines, int64_t *total)
{
	json_t *l;
	size_t i;
	int rc = db_execf(db, "DELETE FROM delegation_funding WHERE delegation_id = ? AND phase = ?", "it", id, phase);

	*total = 0;
	json_array_foreach(lines, i, l) {
		int64_t amount = 0, rate = 0, fen;
		json_t *persons = json_object_get(l, "persons"), *days = json_object_get(l, "days");

		if (rc != DB_OK)
			break;
		(void)util_money_to_fen(json_object_get(l, "amount"), &amount);
		(void)valid_rate(json_object_get(l, "rate"), &rate);
		fen = to_fen(amount, rate);
		*total += fen;
		rc = db_execf(db,
			      "INSERT INTO delegation_funding (delegation_id, phase, position, item, currency, amount_minor, rate_micro,"
			      " cny_fen, country, city, persons, days, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			      "itittiiittzzt", id, phase, (int64_t)i + 1, json_string_value(json_object_get(l, "item")),
			      json_string_value(json_object_get(l, "currency")), amount, rate, fen,
			      json_string_value(json_object_get(l, "country")), json_string_value(json_object_get(l, "city")),
			      (int64_t)json_integer_value(persons), (int64_t)json_integer_value(days),
			      json_string_value(json_object_get(l, "note")));
	}
	return rc;
}

/* ---- a trip's funding ---- */

json_t *funding_of_trip(struct db *db, int64_t id, int *rc)
{
	json_t *budget = json_array(), *actual = json_array(), *warnings = json_array(), *out;
	enum { RECORDED_BUDGET, ACTUAL_RECORDED, VERSION }; /* the trip's row, as read */
	int64_t budget_fen = 0, actual_fen = 0, trip[3] = {0};

	*rc = budget && actual && warnings ? load_lines(db, id, "budget", budget, &budget_fen) : DB_ERR;
	if (*rc == DB_OK)
		*rc = load_lines(db, id, "actual", actual, &actual_fen);
	if (*rc == DB_OK)
		*rc = db_query_ints(db, trip, 3, "SELECT budget_fen, actual_fen IS NOT NULL, version FROM delegations WHERE id = ?",
				    "i", id);
	if (*rc == DB_OK)
		*rc = funding_standard_findings(db, id, warnings);
	if (*rc != DB_OK) {
		json_decref(budget);
		json_decref(actual);
		json_decref(warnings);
		return NULL;
	}
	out = json_pack("{s:I, s:o, s:o, s:f, s:o, s:o, s:o}", "version", (json_int_t)trip[VERSION], "budget_lines", budget,
			"actual_lines", actual, "budget_cny", (double)trip[RECORDED_BUDGET] / 100.0, "actual_cny",
			trip[ACTUAL_RECORDED] ? json_real((double)actual_fen / 100.0) : json_null(), "over_budget",
			json_boolean(trip[ACTUAL_RECORDED] && actual_fen > trip[RECORDED_BUDGET]), "standard_warnings", warnings);
	if (!out)
		*rc = DB_ERR;
	return out;
}

/* What each phase is: its name, the trip's states it may be written in, the refusal otherwise, the audit action. */
struct phase_rule {
	const char *name;
	const char *const *states;
	const char *en, *zh;
	const char *action;
};

static const char *const budget_states[] = {"draft", NULL};
static const char *const actual_states[] = {"returned", "closed", NULL};
static const struct phase_rule phases[] = {
	[FUNDING_BUDGET] = {"budget", budget_states, "the budget is changed only while the trip is a draft",
			    "只有草稿状态的团组可以修改经费预算", "update_budget"},
	[FUNDING_ACTUAL] = {"actual", actual_states, "the actual spend is entered after the return", "回国后方可填报经费决算",
			    "update_actual"},
};

/* The trip as it is: at the version the caller expects (0: any), in a state of the phase. */
static int judge_trip(json_t *trip, const struct phase_rule *p, int64_t expected, struct op_error *err)
{
	if (expected && expected != json_integer_value(json_object_get(trip, "version")))
		return op_stale(err, json_integer_value(json_object_get(trip, "version")));
	if (!util_in_list(json_string_value(json_object_get(trip, "status")), p->states))
		return op_fail(err, 409, "invalid_transition", NULL, p->en, p->zh);
	return 0;
}

/* The lines and the trip's sum written, its version advanced from `version` (RECORD_CONFLICT when it moved). */
static int write_phase(struct db *db, int64_t id, const struct phase_rule *p, json_t *body, int64_t version)
{
	const char *source = json_string_value(json_object_get(body, "budget_source"));
	char now[32];
	int64_t total = 0, changed = 0;
	int rc = write_lines(db, id, p->name, json_object_get(body, "lines"), &total);

	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK && p == &phases[FUNDING_BUDGET])
		rc = db_query_int(db, &changed,
				  "UPDATE delegations SET budget_fen = ?, budget_source = COALESCE(?, budget_source), updated_at = ?,"
				  " version = version + 1 WHERE id = ? AND version = ? RETURNING id",
				  "ittii", total, source, now, id, version);
	else if (rc == DB_OK)
		rc = db_query_int(db, &changed,
				  "UPDATE delegations SET actual_fen = ?, updated_at = ?, version = version + 1"
				  " WHERE id = ? AND version = ? RETURNING id",
				  "itii", total, now, id, version);
	return rc == DB_DONE ? RECORD_CONFLICT : rc;
}

int funding_replace_lines(struct db *db, const struct actor *who, int64_t id, enum funding_phase phase, json_t *body,
			  int64_t expected_version, json_t **out, struct op_error *err)
{
	const struct phase_rule *p = &phases[phase];
	json_t *trip = NULL, *before = NULL;
	int status, rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = record_read(db, who, &delegation_def, id, &trip, err);
	if (!status)
		status = check_body(body, p->name, err);
	if (!status)
		status = judge_trip(trip, p, expected_version, err);
	if (!status)
		before = funding_of_trip(db, id, &rc);
	if (!status && rc == DB_OK)
		rc = write_phase(db, id, p, body, json_integer_value(json_object_get(trip, "version")));
	if (!status && rc == DB_OK)
		*out = funding_of_trip(db, id, &rc);
	if (!status && rc == DB_OK)
		rc = op_audit(db, who, p->action, "delegation", id, before, *out);
	if (rc == RECORD_CONFLICT)
		status = op_fail(err, 409, "conflict", NULL, "the trip changed while the lines were written; reload it",
				 "该团组在操作过程中已被他人修改,请刷新后重试");
	json_decref(trip);
	json_decref(before);
	return op_finish_out(db, status, rc, out, err);
}

/* ---- the standards ---- */

int funding_standards_of(struct db *db, const char *country, json_t *out)
{
	struct db_stmt *st = NULL;
	bool one = country && *country;
	int rc = db_prepare(db,
			    one ? "SELECT id, country, city, currency, accommodation_minor, meals_minor, incidentals_minor, source"
				  " FROM funding_standards WHERE country = ? ORDER BY country, city"
				: "SELECT id, country, city, currency, accommodation_minor, meals_minor, incidentals_minor, source"
				  " FROM funding_standards ORDER BY country, city",
			    &st);

	if (rc == DB_OK && one)
		rc = db_bind_text(st, 1, country);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		const char *zh = country_name_zh(db_column_text(st, 1));

		json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s, s:s, s:f, s:f, s:f, s:s}", "id",
							(json_int_t)db_column_int64(st, 0), "country", db_column_text(st, 1),
							"country_name", zh ? zh : "", "city", db_column_text(st, 2), "currency",
							db_column_text(st, 3), "accommodation", (double)db_column_int64(st, 4) / 100.0,
							"meals", (double)db_column_int64(st, 5) / 100.0, "incidentals",
							(double)db_column_int64(st, 6) / 100.0, "source", db_column_text(st, 7)));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static const struct vfield standard_fields[] = {
	{"country", "国家(地区)", V_STRING, VF_REQUIRED, 2, 2, NULL},
	{"city", "城市", V_STRING, VF_NULLABLE, 0, 100, NULL},
	{"currency", "币种", V_STRING, VF_REQUIRED, 3, 3, NULL},
	{"accommodation_minor", "住宿费(每人每晚)", V_INT, VF_REQUIRED, 0, MAX_AMOUNT_MINOR, NULL},
	{"meals_minor", "伙食费(每人每天)", V_INT, VF_REQUIRED, 0, MAX_AMOUNT_MINOR, NULL},
	{"incidentals_minor", "公杂费(每人每天)", V_INT, VF_REQUIRED, 0, MAX_AMOUNT_MINOR, NULL},
	{"source", "依据", V_STRING, VF_NULLABLE, 1, 200, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The standard's city: '' for the rest of its country. */
static const char *standard_city(json_t *fields)
{
	const char *city = json_string_value(json_object_get(fields, "city"));

	return city ? city : "";
}

int funding_standard_check(struct db *db, const struct actor *who, json_t *fields, struct op_error *err)
{
	int64_t n = 0;
	int rc, status = validate_fields(fields, standard_fields, false, err);

	(void)who;
	if (!status && !country_valid(json_string_value(json_object_get(fields, "country"))))
		status = op_invalid(err, "country", "unknown country or region (ISO 3166 code such as FR)",
				    "国家(地区)代码无效(ISO 3166 代码,如 FR)");
	if (!status && !currency_valid(json_object_get(fields, "currency")))
		status = op_invalid(err, "currency", CURRENCY_EN, CURRENCY_ZH);
	if (status)
		return status;
	rc = db_query_int(db, &n, "SELECT COUNT(*) FROM funding_standards WHERE country = ? AND city = ?", "tt",
			  json_string_value(json_object_get(fields, "country")), standard_city(fields));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return n ? op_invalid(err, NULL, "this country and city already have a standard", "该国家、城市已有标准") : 0;
}

int funding_standard_write(struct db *db, const struct actor *who, json_t *fields, struct op_error *err)
{
	static const char *const columns[] = {"country", "city", "currency", "accommodation_minor", "meals_minor",
					      "incidentals_minor", "source", NULL};
	json_t *values;
	int64_t id = 0;
	int rc, status = funding_standard_check(db, who, fields, err);

	if (status)
		return status;
	values = json_deep_copy(fields);
	if (values) {
		json_object_set_new(values, "city", json_string(standard_city(fields)));
		if (!json_is_string(json_object_get(values, "source")))
			json_object_set_new(values, "source", json_string(FUNDING_STANDARD_SOURCE));
	}
	rc = values ? store_insert(db, "funding_standards", columns, values, &id) : DB_ERR;
	json_decref(values);
	return rc == DB_OK ? 0 : op_fail_db(err, rc);
}
