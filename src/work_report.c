/*
 * work_report.c - the work report (工作总结) built from a period's figures,
 * in the seed reports' register (see work_report.h).
 */
#include "work_report.h"

#include "abtc.h"
#include "audit.h"
#include "buf.h"
#include "country.h"
#include "dates.h"
#include "list.h"
#include "op.h"
#include "record.h"
#include "report.h"
#include "report_files.h"
#include "settings.h"
#include "trip.h"
#include "util.h"
#include "validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


enum period_kind { P_H1, P_H2, P_YEAR, P_YEAR_TO_DATE, P_DATES };

struct ctx {
	struct db *db;
	json_t *fig; /* the figures, each register with last_year */
	const char *from, *to;
	char end[16]; /* the period's end, or today when it ends later: what has happened by now */
	enum period_kind kind;
	char name[96];  /* the prose's subject: 上半年, 全年, 今年以来, 2026年2月1日至5月31日 */
	char until[40]; /* 「6月30日」 or 「2025年12月31日」 for 截至 */
	bool scoped;    /* a county's report: its units only (report_figures_build) */
	const char *level; /* 「市」, or 「县」/「区」 for a county's report */
	char area[160];    /* "" for the city, else the county's name: 「武鸣县」 */
	char we[16];       /* 「我市」, 「我县」, 「我区」 */
	struct buf b;   /* the paragraph being written */
	json_t *paras;  /* the section being written */
};

/* ---- small helpers ---- */

static void say(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append to the paragraph; the buffer's limit is far above any paragraph, so a failure only shortens it. */
static void say(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (buf_vaddf(&c->b, fmt, ap) != BUF_OK)
		fprintf(stderr, "waishi: report text truncated\n");
	va_end(ap);
}

/* End the paragraph `key` (left out when nothing was said). */
static void para(struct ctx *c, const char *key)
{
	if (c->b.len)
		json_array_append_new(c->paras, json_pack("{s:s, s:s}", "key", key, "text", c->b.data));
	buf_reset(&c->b);
}

static json_int_t num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return json_integer_value(b ? json_object_get(v, b) : v);
}

static json_t *reg(struct ctx *c, const char *name)
{
	return json_object_get(c->fig, name);
}

static json_t *last(struct ctx *c, const char *name)
{
	return json_object_get(json_object_get(c->fig, name), "last_year");
}

/* Yuan as 万元 with at most two decimals and no trailing zeros: 74000 -> 「7.4」, 150000 -> 「15」. */
static void wan(double yuan, char *out, size_t len)
{
	char *dot;
	size_t n;

	snprintf(out, len, "%.2f", fabs(yuan) / 10000.0 + 1e-9);
	dot = strchr(out, '.');
	if (!dot)
		return;
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

/* A percentage with at most one decimal and no trailing zero: 「100」, 「66.7」. */
static void percent(double v, char *out, size_t len)
{
	size_t n;

	snprintf(out, len, "%.1f", v + 1e-9);
	n = strlen(out);
	if (n > 2 && strcmp(out + n - 2, ".0") == 0)
		out[n - 2] = '\0';
}

static int month_of(const char *d)
{
	return (d[5] - '0') * 10 + d[6] - '0';
}

static int day_of(const char *d)
{
	return (d[8] - '0') * 10 + d[9] - '0';
}

/* 「A、B和C」 of an array of strings. */
static void say_names(struct ctx *c, json_t *names)
{
	size_t i, n = json_array_size(names);

	for (i = 0; i < n; i++)
		say(c, "%s%s", i == 0 ? "" : i + 1 == n ? "和" : "、", json_string_value(json_array_get(names, i)));
}

static void add_unique(json_t *names, const char *name)
{
	size_t i;

	for (i = 0; i < json_array_size(names); i++)
		if (strcmp(json_string_value(json_array_get(names, i)), name) == 0)
			return;
	json_array_append_new(names, json_string(name));
}

/* 「美国丽浪多市」: the country's Chinese name and the city's, with 市 unless it names its own kind. */
static void city_name(const char *country, const char *name, char *out, size_t len)
{
	static const char *const kinds[] = {"市", "郡", "县", "区", "省", "道", "府"};
	const char *cn = country ? country_name_zh(country) : NULL;
	size_t i, n = strlen(name);
	bool has_kind = false;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (n >= strlen(kinds[i]) && strcmp(name + n - strlen(kinds[i]), kinds[i]) == 0)
			has_kind = true;
	snprintf(out, len, "%s%s%s", cn ? cn : "", name, has_kind ? "" : "市");
}

/* ---- the period ---- */

static void name_period(struct ctx *c, char *title, size_t tlen, char *period_name, size_t plen)
{
	int y = date_year(c->from), y2 = date_year(c->to);
	char today[DATE_LEN];

	date_today(today);
	if (y == y2 && strcmp(c->from + 4, "-01-01") == 0 && strcmp(c->to + 4, "-06-30") == 0)
		c->kind = P_H1;
	else if (y == y2 && strcmp(c->from + 4, "-07-01") == 0 && strcmp(c->to + 4, "-12-31") == 0)
		c->kind = P_H2;
	else if (y == y2 && strcmp(c->from + 4, "-01-01") == 0 && strcmp(c->to + 4, "-12-31") == 0)
		c->kind = P_YEAR;
	else if (strcmp(c->from + 4, "-01-01") == 0 && strcmp(c->to, today) == 0 && y == y2)
		c->kind = P_YEAR_TO_DATE;
	else
		c->kind = P_DATES;
	switch (c->kind) {
	case P_H1:
		snprintf(c->name, sizeof(c->name), "上半年");
		snprintf(period_name, plen, "%d年上半年", y);
		break;
	case P_H2:
		snprintf(c->name, sizeof(c->name), "下半年");
		snprintf(period_name, plen, "%d年下半年", y);
		break;
	case P_YEAR:
		snprintf(c->name, sizeof(c->name), "全年");
		snprintf(period_name, plen, "%d年全年", y);
		break;
	case P_YEAR_TO_DATE:
		snprintf(c->name, sizeof(c->name), "今年以来");
		snprintf(period_name, plen, "%d年1月1日至%d月%d日", y, month_of(c->to), day_of(c->to));
		break;
	case P_DATES:
		if (y == y2)
			snprintf(period_name, plen, "%d年%d月%d日至%d月%d日", y, month_of(c->from), day_of(c->from), month_of(c->to),
				 day_of(c->to));
		else
			snprintf(period_name, plen, "%d年%d月%d日至%d年%d月%d日", y, month_of(c->from), day_of(c->from), y2,
				 month_of(c->to), day_of(c->to));
		snprintf(c->name, sizeof(c->name), "%s", period_name);
		break;
	}
	if (c->kind == P_YEAR)
		snprintf(title, tlen, "%s%d年外事工作总结", c->area, y);
	else
		snprintf(title, tlen, "%s%s外事工作总结", c->area, period_name);
	snprintf(c->end, sizeof(c->end), "%s", strcmp(c->to, today) > 0 ? today : c->to);
	if (date_year(c->end) == y2)
		snprintf(c->until, sizeof(c->until), "%d月%d日", month_of(c->end), day_of(c->end));
	else
		snprintf(c->until, sizeof(c->until), "%d年%d月%d日", date_year(c->end), month_of(c->end), day_of(c->end));
}

/* ---- 一、因公出国(境)管理 ---- */

/* 「减少3批14人次」, 「批次持平,增加2人次」: the change of batches and persons. */
static void say_change(struct ctx *c, json_int_t nb, json_int_t lb, json_int_t np, json_int_t lp)
{
	json_int_t db = nb > lb ? nb - lb : lb - nb, dp = np > lp ? np - lp : lp - np;

	if (nb != lb && np != lp && (nb < lb) == (np < lp)) {
		say(c, "%s%lld批%lld人次", nb < lb ? "减少" : "增加", (long long)db, (long long)dp);
		return;
	}
	if (nb == lb)
		say(c, "批次持平");
	else
		say(c, "%s%lld批", nb < lb ? "减少" : "增加", (long long)db);
	if (np == lp)
		say(c, ",人次持平");
	else
		say(c, ",%s%lld人次", np < lp ? "减少" : "增加", (long long)dp);
}

static void trips_comparison(struct ctx *c)
{
	json_t *d = reg(c, "delegations"), *l = last(c, "delegations");
	json_int_t nb = num(d, "batches", NULL), lb = num(l, "batches", NULL);
	json_int_t np = num(d, "persons", NULL), lp = num(l, "persons", NULL);
	double nm = json_number_value(json_object_get(d, "budget_cny")), lm = json_number_value(json_object_get(l, "budget_cny"));
	bool zero = json_is_true(json_object_get(d, "zero_growth"));
	char lw[32], dw[32];

	if (nb == 0 && lb == 0)
		return; /* nothing to compare: no verdict either */
	wan(lm, lw, sizeof(lw));
	wan(nm - lm, dw, sizeof(dw));
	if (lb == 0) {
		say(c, "去年同期未办理因公出国(境)团组,%s因公出国(境)团组比去年同期增加%lld批%lld人次,经费增加%s万元,未实现零增长。",
		    c->name, (long long)nb, (long long)np, dw);
		return;
	}
	if (nb == 0) {
		say(c, "%s未办理因公出国(境)团组,去年同期为%lld批%lld人次、经费%s万元,实现了零增长。", c->name, (long long)lb,
		    (long long)lp, lw);
		return;
	}
	if (nb == lb && np == lp && nm == lm) {
		say(c, "%s因公出国(境)团组与去年同期持平,均为%lld批%lld人次、经费%s万元,实现了零增长。", c->name, (long long)nb,
		    (long long)np, lw);
		return;
	}
	if (zero)
		say(c, "%s因公出国(境)团组未超过去年同期%lld批%lld人次、经费%s万元的出访量,与去年同期相比,", c->name, (long long)lb,
		    (long long)lp, lw);
	else
		say(c, "去年同期为%lld批%lld人次、经费%s万元,%s因公出国(境)团组与去年同期相比,", (long long)lb, (long long)lp, lw,
		    c->name);
	if (nb == lb && np == lp)
		say(c, "批次、人次持平");
	else
		say_change(c, nb, lb, np, lp);
	if (nm == lm)
		say(c, ",经费持平");
	else if (strcmp(dw, "0") == 0)
		say(c, ",经费%s不足0.01万元", nm < lm ? "减少" : "增加");
	else
		say(c, ",经费%s%s万元", nm < lm ? "减少" : "增加", dw);
	say(c, "%s", zero ? ",实现了零增长。" : ",未实现零增长。");
}

static int trips_management(struct ctx *c)
{
	int64_t prelim = 0, sessions = 0, briefed = num(c->fig, "delegations", "briefed"),
		signed_ = num(c->fig, "delegations", "commitments_signed");
	int rc = db_query_int(c->db, &prelim,
			      "SELECT COUNT(*) FROM delegations WHERE submitted_on >= ? AND submitted_on <= ?"
			      " AND status NOT IN ('draft','submitted')", "tt", c->from, c->to);

	if (rc == DB_OK)
		rc = db_query_int(c->db, &sessions, "SELECT COUNT(*) FROM review_sessions WHERE meeting_date >= ? AND meeting_date <= ?",
				  "tt", c->from, c->to);
	if (rc != DB_OK)
		return rc;
	if (!prelim && !sessions && !briefed && !signed_)
		return DB_OK;
	say(c, "严格按照“出访有计划、经费有预算、审批有原则”的要求");
	if (prelim)
		say(c, ",把好初审关,初审团组%lld批", (long long)prelim);
	if (sessions)
		say(c, ",召开会审会议%lld次,实行会审投票机制", (long long)sessions);
	if (briefed || signed_) {
		say(c, ";严格执行访前教育提醒制度、团组承诺制度");
		if (briefed)
			say(c, ",%lld批团组行前接受了外事纪律教育", (long long)briefed);
		if (signed_)
			say(c, ",%lld人签订了《因公出国境团组承诺书》", (long long)signed_);
	}
	say(c, "。");
	return DB_OK;
}

/*
 * The actual spend (决算) of the trips that entered it, against their own
 * budgets: 「已填报经费决算的1批团组预算3万元,实际支出2.85万元,比预算节约0.15万元。」
 * Nothing is said when no trip of the period has entered its actual spend.
 */
static void trips_actual(struct ctx *c, json_t *d)
{
	json_int_t n = num(d, "actual_trips", NULL);
	double budget = json_number_value(json_object_get(d, "actual_budget_cny"));
	double actual = json_number_value(json_object_get(d, "actual_cny"));
	double diff = actual - budget;
	char b[32], a[32], x[32];

	if (n < 1)
		return;
	wan(budget, b, sizeof(b));
	wan(actual, a, sizeof(a));
	wan(diff, x, sizeof(x));
	say(c, "已填报经费决算的%lld批团组预算%s万元,实际支出%s万元", (long long)n, b, a);
	if (fabs(diff) < 0.005)
		say(c, ",与预算持平。");
	else if (strcmp(x, "0") == 0)
		say(c, ",%s不足0.01万元。", diff > 0 ? "超出预算" : "比预算节约");
	else
		say(c, ",%s%s万元。", diff > 0 ? "超出预算" : "比预算节约", x);
}

static int section_trips(struct ctx *c)
{
	json_t *d = reg(c, "delegations"), *p = reg(c, "passports");
	json_int_t nb = num(d, "batches", NULL), over = num(d, "violations", "overstay"), detour = num(d, "violations", "detour");
	char money[32], rate[16];
	int rc;

	if (!nb && !num(p, "due", NULL) && !over && !detour && !num(last(c, "delegations"), "batches", NULL))
		return DB_OK;
	if (nb) {
		wan(json_number_value(json_object_get(d, "budget_cny")), money, sizeof(money));
		say(c, "%s,%s共办理因公出国(境)团组%lld批%lld人次,", c->name, c->we, (long long)nb, (long long)num(d, "persons", NULL));
		/* 出国 and 赴港澳台 apart, once there is a trip to Hong Kong, Macao or Taiwan */
		if (num(d, "hmt", "batches"))
			say(c, "其中出国%lld批%lld人次、赴港澳台%lld批%lld人次,", (long long)num(d, "abroad", "batches"),
			    (long long)num(d, "abroad", "persons"), (long long)num(d, "hmt", "batches"),
			    (long long)num(d, "hmt", "persons"));
		say(c, "出访经费%s万元。", money);
		trips_actual(c, d);
	}
	para(c, "trips.totals");
	trips_comparison(c);
	para(c, "trips.comparison");
	rc = trips_management(c);
	para(c, "trips.management");
	if (num(p, "due", NULL)) {
		percent(json_number_value(json_object_get(p, "collection_rate")), rate, sizeof(rate));
		say(c, "严格执行证照领缴制度,%s应缴回因公护照%lld本,按时缴回%lld本,证照收缴率为%s%%。", c->name,
		    (long long)num(p, "due", NULL), (long long)num(p, "returned_on_time", NULL), rate);
	}
	para(c, "trips.passports");
	if (!over && !detour && nb)
		say(c, "%s,%s因公出国(境)团组未发生超时、绕道等违规问题。", c->name, c->we);
	else if (over || detour) {
		say(c, "%s,发现因公出国(境)团组", c->name);
		if (over)
			say(c, "超时问题%lld起", (long long)over);
		if (detour)
			say(c, "%s绕道问题%lld起", over ? "、" : "", (long long)detour);
		say(c, ",已登记在案并督促整改。");
	}
	para(c, "trips.violations");
	return rc;
}

/* ---- 二、外宾接待 ---- */

static const char *const reception_order[][2] = {
	{"sister_city_government", "友城政府团"}, {"sister_city_students", "友城学生团"}, {"business", "商务团"},
	{"education", "教育团"},		  {"international_org", "国际组织"},	{"embassy", "驻华使馆团"},
	{"consulate", "领事团"},		  {"honorary_citizen", "荣誉市民团"},	{"overseas_chinese", "海外华人华侨团"},
	{"other", "其他团组"},
};
#define N_RECEPTION (sizeof(reception_order) / sizeof(reception_order[0]))

/* The names said after a category: sister cities by city, international organisations by the group's name. */
static int reception_names(struct ctx *c, json_t *names)
{
	struct db_stmt *st = NULL;
	char city[160];
#define RECEPTIONS_NAMED                                                                                    \
	"SELECT r.category, r.title, s.name_zh, s.country FROM receptions r"                                 \
	" LEFT JOIN sister_cities s ON s.id = r.sister_city_id WHERE r.guest_type = 'foreign'"               \
	" AND r.arrive_date >= ? AND r.arrive_date <= ?"
#define RECEPTIONS_ORDER " ORDER BY r.arrive_date, r.id"
	json_int_t scope = json_integer_value(json_object_get(json_object_get(c->fig, "scope"), "unit_id"));
	int rc = db_prepare(c->db,
			    scope ? RECEPTIONS_NAMED " AND r.host_unit_id IN " UNIT_SUBTREE_SQL RECEPTIONS_ORDER
				  : RECEPTIONS_NAMED RECEPTIONS_ORDER,
			    &st);

	if (rc == DB_OK)
		rc = db_bind_text(st, 1, c->from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, c->to);
	if (rc == DB_OK && scope)
		rc = db_bind_int64(st, 3, scope);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		const char *cat = db_column_text(st, 0);
		json_t *list = json_object_get(names, cat);

		rc = DB_OK;
		if (!list)
			json_object_set_new(names, cat, list = json_array());
		if (strncmp(cat, "sister_city_", 12) == 0 && !db_column_is_null(st, 2)) {
			city_name(db_column_text(st, 3), db_column_text(st, 2), city, sizeof(city));
			add_unique(list, city);
		} else if (strcmp(cat, "international_org") == 0) {
			add_unique(list, db_column_text(st, 1));
		}
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int section_receptions(struct ctx *c)
{
	json_t *r = reg(c, "receptions"), *f = json_object_get(r, "foreign"), *dm = json_object_get(r, "domestic");
	json_t *names = json_object(), *by = json_object_get(f, "by_category");
	bool first = true;
	size_t i;
	int rc;

	if (!num(f, "batches", NULL) && !num(dm, "batches", NULL)) {
		json_decref(names);
		return DB_OK;
	}
	rc = reception_names(c, names);
	say(c, "%s,我办共接待", c->name);
	if (num(f, "batches", NULL))
		say(c, "外宾%lld批%lld人次", (long long)num(f, "batches", NULL), (long long)num(f, "persons", NULL));
	if (num(dm, "batches", NULL))
		say(c, "%s内宾%lld批%lld人", num(f, "batches", NULL) ? "、" : "", (long long)num(dm, "batches", NULL),
		    (long long)num(dm, "persons", NULL));
	for (i = 0; i < N_RECEPTION; i++) {
		json_int_t n = num(by, reception_order[i][0], "batches");
		json_t *list = json_object_get(names, reception_order[i][0]);

		if (!n)
			continue;
		say(c, "%s%s%lld批", first ? ",其中" : ";", reception_order[i][1], (long long)n);
		if (json_array_size(list)) {
			say(c, ":");
			say_names(c, list);
		}
		first = false;
	}
	say(c, "。");
	para(c, "receptions.totals");
	json_decref(names);
	return rc;
}

/* ---- 三、友城工作 ---- */

static const char *const exchange_order[][2] = {
	{"government", "政府交流"}, {"student", "学生交流"}, {"education", "教育交流"},
	{"business", "经贸交流"},   {"culture", "文化交流"}, {"sports", "体育交流"},
};

static int section_sister_cities(struct ctx *c)
{
	json_t *s = reg(c, "sister_cities"), *ex = json_object_get(s, "exchanges");
	json_t *new_sister = json_array(), *new_friendly = json_array();
	struct db_stmt *st = NULL;
	int64_t schools = 0, partners = 0, ex_batches = 0, ex_persons = 0;
	char city[160];
	size_t i;
	bool first = true;
	int rc = db_query_int(c->db, &schools,
			      "SELECT COUNT(DISTINCT school) FROM exchanges WHERE exchange_date >= ? AND exchange_date <= ?"
			      " AND school IS NOT NULL AND school <> '' AND partner_school IS NOT NULL AND partner_school <> ''",
			      "tt", c->from, c->to);

	if (rc == DB_OK)
		rc = db_query_int(c->db, &partners,
				  "SELECT COUNT(DISTINCT partner_school) FROM exchanges WHERE exchange_date >= ? AND exchange_date <= ?"
				  " AND school IS NOT NULL AND school <> '' AND partner_school IS NOT NULL AND partner_school <> ''",
				  "tt", c->from, c->to);
	if (rc == DB_OK)
		rc = db_prepare(c->db, "SELECT name_zh, country, relation FROM sister_cities WHERE established_on >= ?"
				       " AND established_on <= ? ORDER BY established_on, id", &st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, c->from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, c->to);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		city_name(db_column_text(st, 1), db_column_text(st, 0), city, sizeof(city));
		json_array_append_new(strcmp(db_column_text(st, 2), "sister") == 0 ? new_sister : new_friendly, json_string(city));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	for (i = 0; i < sizeof(exchange_order) / sizeof(exchange_order[0]); i++) {
		ex_batches += num(ex, exchange_order[i][0], "batches");
		ex_persons += num(ex, exchange_order[i][0], "persons");
	}
	if (rc != DB_OK || (!ex_batches && !json_array_size(new_sister) && !json_array_size(new_friendly) && !schools))
		goto out;
	if (num(s, "by_relation", "sister") || num(s, "by_relation", "friendly_exchange")) {
		say(c, "截至%s,我市共有", c->until);
		if (num(s, "by_relation", "sister"))
			say(c, "国际友好城市%lld对", (long long)num(s, "by_relation", "sister"));
		if (num(s, "by_relation", "friendly_exchange"))
			say(c, "%s友好交流城市%lld对", num(s, "by_relation", "sister") ? "、" : "",
			    (long long)num(s, "by_relation", "friendly_exchange"));
		say(c, "。");
	}
	para(c, "sister_cities.totals");
	if (json_array_size(new_sister) || json_array_size(new_friendly)) {
		say(c, "%s,", c->name);
		if (json_array_size(new_sister)) {
			say(c, "与");
			say_names(c, new_sister);
			say(c, "缔结友好城市关系,新增友好城市%zu对", json_array_size(new_sister));
		}
		if (json_array_size(new_friendly)) {
			say(c, "%s与", json_array_size(new_sister) ? ";" : "");
			say_names(c, new_friendly);
			say(c, "建立友好交流城市关系,新增友好交流城市%zu对", json_array_size(new_friendly));
		}
		say(c, "。");
	}
	para(c, "sister_cities.new");
	if (ex_batches) {
		say(c, "%s,我市与友城开展各类交流%lld批%lld人次", c->name, (long long)ex_batches, (long long)ex_persons);
		for (i = 0; i < sizeof(exchange_order) / sizeof(exchange_order[0]); i++) {
			json_int_t n = num(ex, exchange_order[i][0], "batches");
			if (!n)
				continue;
			say(c, "%s%s%lld批", first ? ",其中" : "、", exchange_order[i][1], (long long)n);
			first = false;
		}
		say(c, "。");
	}
	para(c, "sister_cities.exchanges");
	if (schools)
		say(c, "积极为学校对外交往牵线搭桥,推动我市%lld所学校与国外%lld所学校对接,促进了中外学校间的教育合作。",
		    (long long)schools, (long long)partners);
	para(c, "sister_cities.schools");
out:
	json_decref(new_sister);
	json_decref(new_friendly);
	return rc;
}

/* ---- 四、服务经济发展 ---- */

static int abtc_targets(struct ctx *c)
{
	json_t *targets = NULL, *t;
	char jan1[DATE_LEN];
	int64_t done = 0;
	size_t i;
	bool first = true;
	int rc = abtc_target_progress(c->db, date_year(c->to), &targets);

	date_from_days(date_year_start(date_year(c->to)), jan1);
	if (rc == DB_OK)
		rc = db_query_int(c->db, &done, "SELECT COUNT(*) FROM abtc_cards WHERE submitted_on >= ? AND submitted_on <= ?", "tt",
				  jan1, c->end);
	json_array_foreach(targets, i, t) {
		const char *by = json_string_value(json_object_get(t, "by"));
		json_int_t target = json_integer_value(json_object_get(t, "target"));
		json_int_t by_then = json_integer_value(json_object_get(t, "submitted"));

		if (rc != DB_OK || !by || target <= 0)
			continue;
		say(c, "%s", first ? "对照年度目标," : ";");
		first = false;
		if (strcmp(by, c->end) <= 0 && by_then)
			say(c, "%d月%d日前报送申办材料%lld张,%s不少于%lld张的目标", month_of(by), day_of(by), (long long)by_then,
			    by_then >= target ? "完成了" : "未完成", (long long)target);
		else if (strcmp(by, c->end) <= 0)
			say(c, "%d月%d日前未报送申办材料,未完成不少于%lld张的目标", month_of(by), day_of(by), (long long)target);
		else if (done >= target)
			say(c, "已提前完成%d月%d日前报送%lld张的目标", month_of(by), day_of(by), (long long)target);
		else
			say(c, "距%d月%d日前报送%lld张的目标尚差%lld张", month_of(by), day_of(by), (long long)target,
			    (long long)(target - done));
	}
	if (!first)
		say(c, "。");
	json_decref(targets);
	return rc;
}

static int section_economy(struct ctx *c)
{
	json_t *a = reg(c, "abtc"), *l = reg(c, "letters");
	static const char *const kinds[][2] = {{"introduction", "办理介绍信"}, {"invitation", "邀请外国人来华函电"},
					       {"visa_service", "代办因私签证"}};
	bool any_letter = false, first = true;
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < 3; i++)
		any_letter = any_letter || num(l, kinds[i][0], "batches");
	if (!num(a, "holders", NULL) && !num(a, "in_progress", NULL) && !num(a, "submitted", NULL) && !any_letter)
		return DB_OK;
	if (num(a, "holders", NULL) || num(a, "in_progress", NULL) || num(a, "submitted", NULL)) {
		say(c, "大力推广APEC商务旅行卡,为企业“走出去”提供商务出行便利。");
		if (num(a, "holders", NULL) || num(a, "in_progress", NULL)) {
			say(c, "截至%s,", c->until);
			if (num(a, "holders", NULL))
				say(c, "我市持有效APEC商务旅行卡%lld张", (long long)num(a, "holders", NULL));
			if (num(a, "in_progress", NULL))
				say(c, "%s%lld张%s正在申办中", num(a, "holders", NULL) ? ",另有" : "我市有", (long long)num(a, "in_progress", NULL),
				    num(a, "holders", NULL) ? "" : "APEC商务旅行卡");
			say(c, "。");
		}
		if (num(a, "submitted", NULL))
			say(c, "%s,向上级外事部门报送申办材料%lld张。", c->name, (long long)num(a, "submitted", NULL));
		para(c, "economy.abtc");
		rc = abtc_targets(c);
		para(c, "economy.abtc_targets");
	}
	if (any_letter) {
		say(c, "%s,为招商引资和对外交往出行提供服务", c->name);
		for (i = 0; i < 3; i++) {
			if (!num(l, kinds[i][0], "batches"))
				continue;
			say(c, "%s%s%lld批%lld人次", first ? "," : i == 2 ? ";" : ",", kinds[i][1], (long long)num(l, kinds[i][0], "batches"),
			    (long long)num(l, kinds[i][0], "persons"));
			first = false;
		}
		say(c, "。");
	}
	para(c, "economy.letters");
	return rc;
}

/* ---- 五、涉外案(事)件 ---- */

static int section_cases(struct ctx *c)
{
	static const char *const kinds[][2] = {{"economic", "经济"}, {"labour", "劳务"}, {"death_injury", "意外伤亡"},
					       {"public_order", "治安"}, {"consular", "领事协助"}, {"other", "其他"}};
	json_t *k = reg(c, "cases"), *by = json_object_get(k, "by_category");
	json_int_t received = num(k, "received", NULL), closed = num(k, "closed", NULL);
	size_t i, n = 0, only = 0;
	bool first = true;

	if (!received && !closed)
		return DB_OK;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (num(by, kinds[i][0], "batches")) {
			n++;
			only = i;
		}
	if (received) {
		if (n == 1 && strcmp(kinds[only][0], "other") != 0)
			say(c, "%s,我办受理涉外%s案(事)件%lld起", c->name, kinds[only][1], (long long)received);
		else {
			say(c, "%s,我办受理涉外案(事)件%lld起", c->name, (long long)received);
			for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && n > 1; i++) {
				json_int_t m = num(by, kinds[i][0], "batches");
				if (!m)
					continue;
				say(c, "%s%s类%lld起", first ? ",其中" : "、", kinds[i][1], (long long)m);
				first = false;
			}
		}
		if (closed)
			say(c, ";办结%lld起", (long long)closed);
		say(c, ",坚持积极稳妥、依法依规的原则,维护了我市涉外环境的安全和稳定。");
	} else {
		say(c, "%s,我办办结涉外案(事)件%lld起。", c->name, (long long)closed);
	}
	para(c, "cases.totals");
	return DB_OK;
}

/* ---- 六、信息报送 ---- */

static void section_info(struct ctx *c)
{
	static const char *const bodies[][2] = {{"province", "省外办"}, {"prefecture", "上级市外办"}, {"national", "外交部"},
						{"other", "其他单位"}};
	json_t *i = reg(c, "info_items"), *ad = json_object_get(i, "adopted");
	char key[48], body[96];
	size_t k;
	bool first = true;

	if (!num(i, "sent", NULL))
		return;
	say(c, "%s,我办共编发上报各类信息%lld条", c->name, (long long)num(i, "sent", NULL));
	for (k = 0; k < sizeof(bodies) / sizeof(bodies[0]); k++) {
		if (!num(ad, bodies[k][0], NULL))
			continue;
		snprintf(key, sizeof(key), "info_body_%s", bodies[k][0]);
		settings_get_text(c->db, key, bodies[k][1], body, sizeof(body));
		say(c, "%s%s录用%lld条", first ? ",被" : "、", body, (long long)num(ad, bodies[k][0], NULL));
		first = false;
	}
	say(c, "。");
	para(c, "info.totals");
}

/* ---- the plan ---- */

static int plan(struct ctx *c, json_t *out, char *heading, size_t hlen)
{
	json_t *targets = NULL, *t;
	const char *next = c->kind == P_H1 || (c->kind == P_YEAR_TO_DATE && month_of(c->to) <= 6) ? "下半年"
			   : c->kind == P_DATES					     ? "下一步"
											     : "明年";
	size_t i;
	bool first = true;
	int rc = DB_OK;

	snprintf(heading, hlen, "%s工作打算", next);
	c->paras = out;
	say(c, "%s,我办将继续围绕%s委、%s政府中心工作,发挥职能优势,切实履行外事职责,重点做好以下工作。", next, c->level, c->level);
	para(c, "plan.opening");
	say(c, "继续抓好因公出国(境)管理。通过提前做好规划、严把审批关口、出访全程监督等手段,严格控制团组数量和经费,"
	       "确保因公出国(境)批次、人数、经费持续零增长,确保出国(境)团组不出现超时、绕道等违规问题。");
	para(c, "plan.trips");
	if (c->scoped)
		goto done; /* APEC cards and sister cities are the city's */
	if (strcmp(next, "明年") != 0)
		rc = abtc_target_progress(c->db, date_year(c->to), &targets);
	json_array_foreach(targets, i, t) {
		const char *by = json_string_value(json_object_get(t, "by"));
		if (!by || strcmp(by, c->end) <= 0)
			continue;
		say(c, "%s%d月%d日前报送申办材料%s%lld张", first ? "继续大力推广APEC商务旅行卡,加快申办进度,确保" : ",力争",
		    month_of(by), day_of(by), first ? "不少于" : "达到", (long long)json_integer_value(json_object_get(t, "target")));
		first = false;
	}
	if (!first)
		say(c, "。");
	else
		say(c, "继续大力推广APEC商务旅行卡,进一步加快申办进度,让更多企业家享受商务旅行卡带来的便利。");
	para(c, "plan.abtc");
	if (num(reg(c, "sister_cities"), "total", NULL))
		say(c, "积极拓展国际友城交流领域。在维持原有交流合作的基础上,拓展经贸、文化、教育等方面的交流合作,全面促进我市的对外开放。");
	para(c, "plan.sister_cities");
done:
	json_decref(targets);
	return rc;
}

/* ---- the comparison table ---- */

static void table_row(json_t *rows, const char *item, double now, double before, bool money)
{
	char a[32], b[32], d[40], pct[32];

	if (money) {
		wan(now, a, sizeof(a));
		wan(before, b, sizeof(b));
		wan(now - before, d + 1, sizeof(d) - 1);
		d[0] = now > before ? '+' : now < before ? '-' : ' ';
	} else {
		snprintf(a, sizeof(a), "%.0f", now);
		snprintf(b, sizeof(b), "%.0f", before);
		snprintf(d, sizeof(d), "%+.0f", now - before);
	}
	if (now == before)
		snprintf(d, sizeof(d), "0");
	if (now == before)
		snprintf(pct, sizeof(pct), "0%%");
	else if (before == 0)
		snprintf(pct, sizeof(pct), "—");
	else
		snprintf(pct, sizeof(pct), "%+.1f%%", (now - before) * 100.0 / before);
	json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:s}", "item", item, "this_period", a, "last_year", b,
					      "change", d, "change_pct", pct));
}

static json_t *comparison_table(json_t *fig)
{
	static const struct {
		const char *label, *reg, *a, *b;
	} rows[] = {
		{"因公出国(境)团组(批)", "delegations", "batches", NULL},
		{"因公出国(境)人员(人次)", "delegations", "persons", NULL},
		{"介绍信(批)", "letters", "introduction", "batches"},
		{"邀请外国人来华函电(批)", "letters", "invitation", "batches"},
		{"代办因私签证(批)", "letters", "visa_service", "batches"},
		{"接待外宾(批)", "receptions", "foreign", "batches"},
		{"接待外宾(人次)", "receptions", "foreign", "persons"},
		{"接待内宾(批)", "receptions", "domestic", "batches"},
		{"APEC商务旅行卡报送(张)", "abtc", "submitted", NULL},
		{"受理涉外案(事)件(起)", "cases", "received", NULL},
		{"编发上报信息(条)", "info_items", "sent", NULL},
	};
	json_t *out = json_array(), *d = json_object_get(fig, "delegations");
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		json_t *r = json_object_get(fig, rows[i].reg);
		if (!r)
			continue; /* a city-wide register in a county's report */
		table_row(out, rows[i].label, (double)num(r, rows[i].a, rows[i].b),
			  (double)num(json_object_get(r, "last_year"), rows[i].a, rows[i].b), false);
		if (i != 1)
			continue;
		table_row(out, "其中:出国团组(批)", (double)num(d, "abroad", "batches"),
			  (double)num(json_object_get(d, "last_year"), "abroad", "batches"), false);
		table_row(out, "其中:赴港澳台团组(批)", (double)num(d, "hmt", "batches"),
			  (double)num(json_object_get(d, "last_year"), "hmt", "batches"), false);
		table_row(out, "出访经费(万元)", json_number_value(json_object_get(d, "budget_cny")),
			  json_number_value(json_object_get(json_object_get(d, "last_year"), "budget_cny")), true);
	}
	return out;
}

/* ---- the report ---- */

const char *work_report_numeral(size_t n)
{
	static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
					       "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"};

	return n >= 1 && n <= 20 ? numerals[n - 1] : "";
}

static int add_section(struct ctx *c, json_t *sections, const char *key, const char *heading, int (*fn)(struct ctx *))
{
	int rc;

	c->paras = json_array();
	rc = fn(c);
	buf_reset(&c->b);
	if (json_array_size(c->paras))
		json_array_append_new(sections, json_pack("{s:s, s:s, s:s, s:o}", "key", key, "number",
							  work_report_numeral(json_array_size(sections) + 1), "heading", heading,
							  "paragraphs", c->paras));
	else
		json_decref(c->paras);
	c->paras = NULL;
	return rc;
}

static int info_section(struct ctx *c)
{
	section_info(c);
	return DB_OK;
}

/*
 * Whose report: the city's, or a county's (figures with `scope`), which says
 * 「我县」/「我区」, 「县外办」 and puts the county's name before the title.
 */
static void name_area(struct ctx *c, json_t *scope)
{
	const char *name = json_string_value(json_object_get(scope, "name"));
	const char *level = json_string_value(json_object_get(scope, "level"));
	const char *suffix = "人民政府";
	size_t n;

	c->scoped = name != NULL;
	c->level = !c->scoped ? "市" : level && strcmp(level, "district") == 0 ? "区" : "县";
	snprintf(c->we, sizeof(c->we), "我%s", c->level);
	snprintf(c->area, sizeof(c->area), "%s", name ? name : "");
	n = strlen(c->area);
	if (n > strlen(suffix) && strcmp(c->area + n - strlen(suffix), suffix) == 0)
		c->area[n - strlen(suffix)] = '\0'; /* 「武鸣县人民政府」 -> 「武鸣县」 */
}

/* The opening line, in the seeds' register. */
static void opening(struct ctx *c)
{
	const char *l = c->level, *guide = c->scoped ? "市外办" : "上级外事部门";

	if (c->kind == P_YEAR)
		say(c, "%d年", date_year(c->from));
	else
		say(c, "%s", c->name);
	say(c, ",%s外办在%s委、%s政府的领导和%s的指导下,紧紧围绕全%s工作大局,扎实开展各项外事工作,积极服务全%s经济社会发展。", l, l,
	    l, guide, l, l);
	if (c->kind == P_DATES)
		say(c, "现将有关工作总结如下:");
	else if (c->kind == P_YEAR)
		say(c, "现将全年工作总结如下:");
	else
		say(c, "现将%s工作总结如下:", c->name);
}

int work_report_compose(struct db *db, json_t *figures, json_t **out)
{
	static const struct {
		const char *key, *heading;
		int (*fn)(struct ctx *);
	} sections[] = {
		{"trips", "严格出访程序,规范因公出国(境)管理", section_trips},
		{"receptions", "突出外事职能,做好外宾接待工作", section_receptions},
		{"sister_cities", "加强国际交流,深化友城工作", section_sister_cities},
		{"economy", "整合利用资源,服务经济发展", section_economy},
		{"cases", "服务社会稳定,妥善处置涉外案(事)件", section_cases},
		{"info", "加强信息报送,推进机关效能建设", info_section},
	};
	struct ctx c;
	json_t *list = json_array(), *plan_paras = json_array();
	char title[320], period_name[96], heading[64], office[200];
	size_t i;
	int rc = DB_OK;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.db = db;
	c.fig = figures;
	c.from = json_string_value(json_object_get(json_object_get(figures, "period"), "from"));
	c.to = json_string_value(json_object_get(json_object_get(figures, "period"), "to"));
	buf_init(&c.b, (size_t)1 << 20);
	name_area(&c, json_object_get(figures, "scope"));
	name_period(&c, title, sizeof(title), period_name, sizeof(period_name));
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]) && rc == DB_OK; i++)
		rc = add_section(&c, list, sections[i].key, sections[i].heading, sections[i].fn);
	if (rc == DB_OK)
		rc = plan(&c, plan_paras, heading, sizeof(heading));
	if (rc == DB_OK) {
		c.paras = NULL;
		buf_reset(&c.b);
		opening(&c);
		if (c.scoped)
			snprintf(office, sizeof(office), "%s外事办公室",
				 json_string_value(json_object_get(json_object_get(figures, "scope"), "name")));
		else
			settings_get_text(db, "office_name", "市人民政府外事办公室", office, sizeof(office));
		*out = json_pack("{s:s, s:s, s:{s:s, s:s}, s:s, s:o, s:s, s:o, s:o, s:O, s:s}", "title", title, "period_name",
				 period_name, "period", "from", c.from, "to", c.to, "opening", c.b.data, "sections", list, "plan_heading",
				 heading, "plan", plan_paras, "table", comparison_table(figures), "figures", figures, "office_name", office);
		list = plan_paras = NULL;
	}
	json_decref(list);
	json_decref(plan_paras);
	buf_free(&c.b);
	return rc;
}

int work_report_build(struct db *db, const char *from, const char *to, int64_t scope, json_t **out)
{
	json_t *figures = NULL;
	int rc = report_figures_build(db, from, to, scope, &figures);

	*out = NULL;
	if (rc == DB_OK)
		rc = work_report_compose(db, figures, out);
	json_decref(figures);
	return rc;
}

/* The text of a paragraph: a string, or an object's `text`. */
static const char *text_of(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : json_string_value(json_object_get(v, "text"));
}

char *work_report_prose(json_t *report)
{
	struct buf b;
	json_t *s, *p;
	size_t i, j;

	buf_init(&b, (size_t)4 << 20);
	json_array_foreach(json_object_get(report, "sections"), i, s) {
		json_array_foreach(json_object_get(s, "paragraphs"), j, p) {
			const char *t = text_of(p);
			if (t && *t && buf_adds(&b, t) != BUF_OK)
				break;
		}
	}
	return buf_detach(&b, NULL);
}

char *work_report_text(json_t *report)
{
	struct buf b;
	json_t *s, *p;
	size_t i, j, n = 0;
	int rc;

	buf_init(&b, (size_t)4 << 20);
	rc = buf_addf(&b, "%s\n\n%s\n", json_string_value(json_object_get(report, "title")),
		      text_of(json_object_get(report, "opening")) ? text_of(json_object_get(report, "opening")) : "");
	json_array_foreach(json_object_get(report, "sections"), i, s) {
		bool headed = false;
		json_array_foreach(json_object_get(s, "paragraphs"), j, p) {
			const char *t = text_of(p);
			if (!t || !*t)
				continue;
			if (!headed && rc == BUF_OK)
				rc = buf_addf(&b, "%s、%s\n", work_report_numeral(++n), json_string_value(json_object_get(s, "heading")));
			headed = true;
			if (rc == BUF_OK)
				rc = buf_addf(&b, "%s\n", t);
		}
	}
	if (rc == BUF_OK)
		rc = buf_addf(&b, "%s、%s\n", work_report_numeral(++n), json_string_value(json_object_get(report, "plan_heading")));
	json_array_foreach(json_object_get(report, "plan"), i, p) {
		const char *t = text_of(p);
		if (rc == BUF_OK && t && *t)
			rc = buf_addf(&b, "%s\n", t);
	}
	if (rc != BUF_OK) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
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
