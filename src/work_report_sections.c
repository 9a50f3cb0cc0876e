/*
 * work_report_sections.c - the sections of the work report (工作总结), in
 * the seed reports' order and register, and its closing plan and comparison
 * table (see work_report.h; the helpers they write with are in
 * work_report.c, shared through work_report_ctx.h).
 */
#include "work_report_ctx.h"

#include "abtc.h"
#include "dates.h"
#include "op.h"
#include "settings.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- 一、因公出国(境)管理 ---- */

/* 「减少3批14人次」, 「批次持平,增加2人次」: the change of batches and persons. */
static void say_change(struct ctx *c, json_int_t nb, json_int_t lb, json_int_t np, json_int_t lp)
{
	json_int_t db = nb > lb ? nb - lb : lb - nb, dp = np > lp ? np - lp : lp - np;

	if (nb != lb && np != lp && (nb < lb) == (np < lp)) {
		wr_say(c, "%s%lld批%lld人次", nb < lb ? "减少" : "增加", (long long)db, (long long)dp);
		return;
	}
	if (nb == lb)
		wr_say(c, "批次持平");
	else
		wr_say(c, "%s%lld批", nb < lb ? "减少" : "增加", (long long)db);
	if (np == lp)
		wr_say(c, ",人次持平");
	else
		wr_say(c, ",%s%lld人次", np < lp ? "减少" : "增加", (long long)dp);
}

static void trips_comparison(struct ctx *c)
{
	json_t *d = wr_reg(c, "delegations"), *l = wr_last(c, "delegations");
	json_int_t nb = wr_num(d, "batches", NULL), lb = wr_num(l, "batches", NULL);
	json_int_t np = wr_num(d, "persons", NULL), lp = wr_num(l, "persons", NULL);
	double nm = json_number_value(json_object_get(d, "budget_cny")), lm = json_number_value(json_object_get(l, "budget_cny"));
	bool zero = json_is_true(json_object_get(d, "zero_growth"));
	char lw[32], dw[32];

	if (nb == 0 && lb == 0)
		return; /* nothing to compare: no verdict either */
	wr_wan(lm, lw, sizeof(lw));
	wr_wan(nm - lm, dw, sizeof(dw));
	if (lb == 0) {
		wr_say(c, "去年同期未办理因公出国(境)团组,%s因公出国(境)团组比去年同期增加%lld批%lld人次,经费增加%s万元,未实现零增长。",
		    c->name, (long long)nb, (long long)np, dw);
		return;
	}
	if (nb == 0) {
		wr_say(c, "%s未办理因公出国(境)团组,去年同期为%lld批%lld人次、经费%s万元,实现了零增长。", c->name, (long long)lb,
		    (long long)lp, lw);
		return;
	}
	if (nb == lb && np == lp && nm == lm) {
		wr_say(c, "%s因公出国(境)团组与去年同期持平,均为%lld批%lld人次、经费%s万元,实现了零增长。", c->name, (long long)nb,
		    (long long)np, lw);
		return;
	}
	if (zero)
		wr_say(c, "%s因公出国(境)团组未超过去年同期%lld批%lld人次、经费%s万元的出访量,与去年同期相比,", c->name, (long long)lb,
		    (long long)lp, lw);
	else
		wr_say(c, "去年同期为%lld批%lld人次、经费%s万元,%s因公出国(境)团组与去年同期相比,", (long long)lb, (long long)lp, lw,
		    c->name);
	if (nb == lb && np == lp)
		wr_say(c, "批次、人次持平");
	else
		say_change(c, nb, lb, np, lp);
	if (nm == lm)
		wr_say(c, ",经费持平");
	else if (strcmp(dw, "0") == 0)
		wr_say(c, ",经费%s不足0.01万元", nm < lm ? "减少" : "增加");
	else
		wr_say(c, ",经费%s%s万元", nm < lm ? "减少" : "增加", dw);
	wr_say(c, "%s", zero ? ",实现了零增长。" : ",未实现零增长。");
}

static int trips_management(struct ctx *c)
{
	int64_t prelim = 0, sessions = 0, briefed = wr_num(c->fig, "delegations", "briefed"),
		signed_ = wr_num(c->fig, "delegations", "commitments_signed");
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
	wr_say(c, "严格按照“出访有计划、经费有预算、审批有原则”的要求");
	if (prelim)
		wr_say(c, ",把好初审关,初审团组%lld批", (long long)prelim);
	if (sessions)
		wr_say(c, ",召开会审会议%lld次,实行会审投票机制", (long long)sessions);
	if (briefed || signed_) {
		wr_say(c, ";严格执行访前教育提醒制度、团组承诺制度");
		if (briefed)
			wr_say(c, ",%lld批团组行前接受了外事纪律教育", (long long)briefed);
		if (signed_)
			wr_say(c, ",%lld人签订了《因公出国境团组承诺书》", (long long)signed_);
	}
	wr_say(c, "。");
	return DB_OK;
}

/*
 * The actual spend (决算) of the trips that entered it, against their own
 * budgets: 「已填报经费决算的1批团组预算3万元,实际支出2.85万元,比预算节约0.15万元。」
 * Nothing is said when no trip of the period has entered its actual spend.
 */
static void trips_actual(struct ctx *c, json_t *d)
{
	json_int_t n = wr_num(d, "actual_trips", NULL);
	double budget = json_number_value(json_object_get(d, "actual_budget_cny"));
	double actual = json_number_value(json_object_get(d, "actual_cny"));
	double diff = actual - budget;
	char b[32], a[32], x[32];

	if (n < 1)
		return;
	wr_wan(budget, b, sizeof(b));
	wr_wan(actual, a, sizeof(a));
	wr_wan(diff, x, sizeof(x));
	wr_say(c, "已填报经费决算的%lld批团组预算%s万元,实际支出%s万元", (long long)n, b, a);
	if (fabs(diff) < 0.005)
		wr_say(c, ",与预算持平。");
	else if (strcmp(x, "0") == 0)
		wr_say(c, ",%s不足0.01万元。", diff > 0 ? "超出预算" : "比预算节约");
	else
		wr_say(c, ",%s%s万元。", diff > 0 ? "超出预算" : "比预算节约", x);
}

int wr_section_trips(struct ctx *c)
{
	json_t *d = wr_reg(c, "delegations"), *p = wr_reg(c, "passports");
	json_int_t nb = wr_num(d, "batches", NULL), over = wr_num(d, "violations", "overstay"), detour = wr_num(d, "violations", "detour");
	char money[32], rate[16];
	int rc;

	if (!nb && !wr_num(p, "due", NULL) && !over && !detour && !wr_num(wr_last(c, "delegations"), "batches", NULL))
		return DB_OK;
	if (nb) {
		wr_wan(json_number_value(json_object_get(d, "budget_cny")), money, sizeof(money));
		wr_say(c, "%s,%s共办理因公出国(境)团组%lld批%lld人次,", c->name, c->we, (long long)nb, (long long)wr_num(d, "persons", NULL));
		/* 出国 and 赴港澳台 apart, once there is a trip to Hong Kong, Macao or Taiwan */
		if (wr_num(d, "hmt", "batches"))
			wr_say(c, "其中出国%lld批%lld人次、赴港澳台%lld批%lld人次,", (long long)wr_num(d, "abroad", "batches"),
			    (long long)wr_num(d, "abroad", "persons"), (long long)wr_num(d, "hmt", "batches"),
			    (long long)wr_num(d, "hmt", "persons"));
		wr_say(c, "出访经费%s万元。", money);
		trips_actual(c, d);
	}
	wr_para(c, "trips.totals");
	trips_comparison(c);
	wr_para(c, "trips.comparison");
	rc = trips_management(c);
	wr_para(c, "trips.management");
	if (wr_num(p, "due", NULL)) {
		wr_percent(json_number_value(json_object_get(p, "collection_rate")), rate, sizeof(rate));
		wr_say(c, "严格执行证照领缴制度,%s应缴回因公护照%lld本,按时缴回%lld本,证照收缴率为%s%%。", c->name,
		    (long long)wr_num(p, "due", NULL), (long long)wr_num(p, "returned_on_time", NULL), rate);
	}
	wr_para(c, "trips.passports");
	if (!over && !detour && nb)
		wr_say(c, "%s,%s因公出国(境)团组未发生超时、绕道等违规问题。", c->name, c->we);
	else if (over || detour) {
		wr_say(c, "%s,发现因公出国(境)团组", c->name);
		if (over)
			wr_say(c, "超时问题%lld起", (long long)over);
		if (detour)
			wr_say(c, "%s绕道问题%lld起", over ? "、" : "", (long long)detour);
		wr_say(c, ",已登记在案并督促整改。");
	}
	wr_para(c, "trips.violations");
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
			wr_city_name(db_column_text(st, 3), db_column_text(st, 2), city, sizeof(city));
			wr_add_unique(list, city);
		} else if (strcmp(cat, "international_org") == 0) {
			wr_add_unique(list, db_column_text(st, 1));
		}
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int wr_section_receptions(struct ctx *c)
{
	json_t *r = wr_reg(c, "receptions"), *f = json_object_get(r, "foreign"), *dm = json_object_get(r, "domestic");
	json_t *names = json_object(), *by = json_object_get(f, "by_category");
	bool first = true;
	size_t i;
	int rc;

	if (!wr_num(f, "batches", NULL) && !wr_num(dm, "batches", NULL)) {
		json_decref(names);
		return DB_OK;
	}
	rc = reception_names(c, names);
	wr_say(c, "%s,我办共接待", c->name);
	if (wr_num(f, "batches", NULL))
		wr_say(c, "外宾%lld批%lld人次", (long long)wr_num(f, "batches", NULL), (long long)wr_num(f, "persons", NULL));
	if (wr_num(dm, "batches", NULL))
		wr_say(c, "%s内宾%lld批%lld人", wr_num(f, "batches", NULL) ? "、" : "", (long long)wr_num(dm, "batches", NULL),
		    (long long)wr_num(dm, "persons", NULL));
	for (i = 0; i < N_RECEPTION; i++) {
		json_int_t n = wr_num(by, reception_order[i][0], "batches");
		json_t *list = json_object_get(names, reception_order[i][0]);

		if (!n)
			continue;
		wr_say(c, "%s%s%lld批", first ? ",其中" : ";", reception_order[i][1], (long long)n);
		if (json_array_size(list)) {
			wr_say(c, ":");
			wr_say_names(c, list);
		}
		first = false;
	}
	wr_say(c, "。");
	wr_para(c, "receptions.totals");
	json_decref(names);
	return rc;
}

/* ---- 三、友城工作 ---- */

static const char *const exchange_order[][2] = {
	{"government", "政府交流"}, {"student", "学生交流"}, {"education", "教育交流"},
	{"business", "经贸交流"},   {"culture", "文化交流"}, {"sports", "体育交流"},
};

int wr_section_sister_cities(struct ctx *c)
{
	json_t *s = wr_reg(c, "sister_cities"), *ex = json_object_get(s, "exchanges");
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
		wr_city_name(db_column_text(st, 1), db_column_text(st, 0), city, sizeof(city));
		json_array_append_new(strcmp(db_column_text(st, 2), "sister") == 0 ? new_sister : new_friendly, json_string(city));
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	for (i = 0; i < sizeof(exchange_order) / sizeof(exchange_order[0]); i++) {
		ex_batches += wr_num(ex, exchange_order[i][0], "batches");
		ex_persons += wr_num(ex, exchange_order[i][0], "persons");
	}
	if (rc != DB_OK || (!ex_batches && !json_array_size(new_sister) && !json_array_size(new_friendly) && !schools))
		goto out;
	if (wr_num(s, "by_relation", "sister") || wr_num(s, "by_relation", "friendly_exchange")) {
		wr_say(c, "截至%s,我市共有", c->until);
		if (wr_num(s, "by_relation", "sister"))
			wr_say(c, "国际友好城市%lld对", (long long)wr_num(s, "by_relation", "sister"));
		if (wr_num(s, "by_relation", "friendly_exchange"))
			wr_say(c, "%s友好交流城市%lld对", wr_num(s, "by_relation", "sister") ? "、" : "",
			    (long long)wr_num(s, "by_relation", "friendly_exchange"));
		wr_say(c, "。");
	}
	wr_para(c, "sister_cities.totals");
	if (json_array_size(new_sister) || json_array_size(new_friendly)) {
		wr_say(c, "%s,", c->name);
		if (json_array_size(new_sister)) {
			wr_say(c, "与");
			wr_say_names(c, new_sister);
			wr_say(c, "缔结友好城市关系,新增友好城市%zu对", json_array_size(new_sister));
		}
		if (json_array_size(new_friendly)) {
			wr_say(c, "%s与", json_array_size(new_sister) ? ";" : "");
			wr_say_names(c, new_friendly);
			wr_say(c, "建立友好交流城市关系,新增友好交流城市%zu对", json_array_size(new_friendly));
		}
		wr_say(c, "。");
	}
	wr_para(c, "sister_cities.new");
	if (ex_batches) {
		wr_say(c, "%s,我市与友城开展各类交流%lld批%lld人次", c->name, (long long)ex_batches, (long long)ex_persons);
		for (i = 0; i < sizeof(exchange_order) / sizeof(exchange_order[0]); i++) {
			json_int_t n = wr_num(ex, exchange_order[i][0], "batches");
			if (!n)
				continue;
			wr_say(c, "%s%s%lld批", first ? ",其中" : "、", exchange_order[i][1], (long long)n);
			first = false;
		}
		wr_say(c, "。");
	}
	wr_para(c, "sister_cities.exchanges");
	if (schools)
		wr_say(c, "积极为学校对外交往牵线搭桥,推动我市%lld所学校与国外%lld所学校对接,促进了中外学校间的教育合作。",
		    (long long)schools, (long long)partners);
	wr_para(c, "sister_cities.schools");
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
		wr_say(c, "%s", first ? "对照年度目标," : ";");
		first = false;
		if (strcmp(by, c->end) <= 0 && by_then)
			wr_say(c, "%d月%d日前报送申办材料%lld张,%s不少于%lld张的目标", wr_month_of(by), wr_day_of(by), (long long)by_then,
			    by_then >= target ? "完成了" : "未完成", (long long)target);
		else if (strcmp(by, c->end) <= 0)
			wr_say(c, "%d月%d日前未报送申办材料,未完成不少于%lld张的目标", wr_month_of(by), wr_day_of(by), (long long)target);
		else if (done >= target)
			wr_say(c, "已提前完成%d月%d日前报送%lld张的目标", wr_month_of(by), wr_day_of(by), (long long)target);
		else
			wr_say(c, "距%d月%d日前报送%lld张的目标尚差%lld张", wr_month_of(by), wr_day_of(by), (long long)target,
			    (long long)(target - done));
	}
	if (!first)
		wr_say(c, "。");
	json_decref(targets);
	return rc;
}

int wr_section_economy(struct ctx *c)
{
	json_t *a = wr_reg(c, "abtc"), *l = wr_reg(c, "letters");
	static const char *const kinds[][2] = {{"introduction", "办理介绍信"}, {"invitation", "邀请外国人来华函电"},
					       {"visa_service", "代办因私签证"}};
	bool any_letter = false, first = true;
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < 3; i++)
		any_letter = any_letter || wr_num(l, kinds[i][0], "batches");
	if (!wr_num(a, "holders", NULL) && !wr_num(a, "in_progress", NULL) && !wr_num(a, "submitted", NULL) && !any_letter)
		return DB_OK;
	if (wr_num(a, "holders", NULL) || wr_num(a, "in_progress", NULL) || wr_num(a, "submitted", NULL)) {
		wr_say(c, "大力推广APEC商务旅行卡,为企业“走出去”提供商务出行便利。");
		if (wr_num(a, "holders", NULL) || wr_num(a, "in_progress", NULL)) {
			wr_say(c, "截至%s,", c->until);
			if (wr_num(a, "holders", NULL))
				wr_say(c, "我市持有效APEC商务旅行卡%lld张", (long long)wr_num(a, "holders", NULL));
			if (wr_num(a, "in_progress", NULL))
				wr_say(c, "%s%lld张%s正在申办中", wr_num(a, "holders", NULL) ? ",另有" : "我市有", (long long)wr_num(a, "in_progress", NULL),
				    wr_num(a, "holders", NULL) ? "" : "APEC商务旅行卡");
			wr_say(c, "。");
		}
		if (wr_num(a, "submitted", NULL))
			wr_say(c, "%s,向上级外事部门报送申办材料%lld张。", c->name, (long long)wr_num(a, "submitted", NULL));
		wr_para(c, "economy.abtc");
		rc = abtc_targets(c);
		wr_para(c, "economy.abtc_targets");
	}
	if (any_letter) {
		wr_say(c, "%s,为招商引资和对外交往出行提供服务", c->name);
		for (i = 0; i < 3; i++) {
			if (!wr_num(l, kinds[i][0], "batches"))
				continue;
			wr_say(c, "%s%s%lld批%lld人次", first ? "," : i == 2 ? ";" : ",", kinds[i][1], (long long)wr_num(l, kinds[i][0], "batches"),
			    (long long)wr_num(l, kinds[i][0], "persons"));
			first = false;
		}
		wr_say(c, "。");
	}
	wr_para(c, "economy.letters");
	return rc;
}

/* ---- 五、涉外案(事)件 ---- */

int wr_section_cases(struct ctx *c)
{
	static const char *const kinds[][2] = {{"economic", "经济"}, {"labour", "劳务"}, {"death_injury", "意外伤亡"},
					       {"public_order", "治安"}, {"consular", "领事协助"}, {"other", "其他"}};
	json_t *k = wr_reg(c, "cases"), *by = json_object_get(k, "by_category");
	json_int_t received = wr_num(k, "received", NULL), closed = wr_num(k, "closed", NULL);
	size_t i, n = 0, only = 0;
	bool first = true;

	if (!received && !closed)
		return DB_OK;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (wr_num(by, kinds[i][0], "batches")) {
			n++;
			only = i;
		}
	if (received) {
		if (n == 1 && strcmp(kinds[only][0], "other") != 0)
			wr_say(c, "%s,我办受理涉外%s案(事)件%lld起", c->name, kinds[only][1], (long long)received);
		else {
			wr_say(c, "%s,我办受理涉外案(事)件%lld起", c->name, (long long)received);
			for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]) && n > 1; i++) {
				json_int_t m = wr_num(by, kinds[i][0], "batches");
				if (!m)
					continue;
				wr_say(c, "%s%s类%lld起", first ? ",其中" : "、", kinds[i][1], (long long)m);
				first = false;
			}
		}
		if (closed)
			wr_say(c, ";办结%lld起", (long long)closed);
		wr_say(c, ",坚持积极稳妥、依法依规的原则,维护了我市涉外环境的安全和稳定。");
	} else {
		wr_say(c, "%s,我办办结涉外案(事)件%lld起。", c->name, (long long)closed);
	}
	wr_para(c, "cases.totals");
	return DB_OK;
}

/* ---- 六、信息报送 ---- */

void wr_section_info(struct ctx *c)
{
	static const char *const bodies[][2] = {{"province", "省外办"}, {"prefecture", "上级市外办"}, {"national", "外交部"},
						{"other", "其他单位"}};
	json_t *i = wr_reg(c, "info_items"), *ad = json_object_get(i, "adopted");
	char key[48], body[96];
	size_t k;
	bool first = true;

	if (!wr_num(i, "sent", NULL))
		return;
	wr_say(c, "%s,我办共编发上报各类信息%lld条", c->name, (long long)wr_num(i, "sent", NULL));
	for (k = 0; k < sizeof(bodies) / sizeof(bodies[0]); k++) {
		if (!wr_num(ad, bodies[k][0], NULL))
			continue;
		snprintf(key, sizeof(key), "info_body_%s", bodies[k][0]);
		settings_get_text(c->db, key, bodies[k][1], body, sizeof(body));
		wr_say(c, "%s%s录用%lld条", first ? ",被" : "、", body, (long long)wr_num(ad, bodies[k][0], NULL));
		first = false;
	}
	wr_say(c, "。");
	wr_para(c, "info.totals");
}

/* ---- the plan ---- */

int wr_plan(struct ctx *c, json_t *out, char *heading, size_t hlen)
{
	json_t *targets = NULL, *t;
	const char *next = c->kind == P_H1 || (c->kind == P_YEAR_TO_DATE && wr_month_of(c->to) <= 6) ? "下半年"
			   : c->kind == P_DATES					     ? "下一步"
											     : "明年";
	size_t i;
	bool first = true;
	int rc = DB_OK;

	snprintf(heading, hlen, "%s工作打算", next);
	c->paras = out;
	wr_say(c, "%s,我办将继续围绕%s委、%s政府中心工作,发挥职能优势,切实履行外事职责,重点做好以下工作。", next, c->level, c->level);
	wr_para(c, "plan.opening");
	wr_say(c, "继续抓好因公出国(境)管理。通过提前做好规划、严把审批关口、出访全程监督等手段,严格控制团组数量和经费,"
	       "确保因公出国(境)批次、人数、经费持续零增长,确保出国(境)团组不出现超时、绕道等违规问题。");
	wr_para(c, "plan.trips");
	if (c->scoped)
		goto done; /* APEC cards and sister cities are the city's */
	if (strcmp(next, "明年") != 0)
		rc = abtc_target_progress(c->db, date_year(c->to), &targets);
	json_array_foreach(targets, i, t) {
		const char *by = json_string_value(json_object_get(t, "by"));
		if (!by || strcmp(by, c->end) <= 0)
			continue;
		wr_say(c, "%s%d月%d日前报送申办材料%s%lld张", first ? "继续大力推广APEC商务旅行卡,加快申办进度,确保" : ",力争",
		    wr_month_of(by), wr_day_of(by), first ? "不少于" : "达到", (long long)json_integer_value(json_object_get(t, "target")));
		first = false;
	}
	if (!first)
		wr_say(c, "。");
	else
		wr_say(c, "继续大力推广APEC商务旅行卡,进一步加快申办进度,让更多企业家享受商务旅行卡带来的便利。");
	wr_para(c, "plan.abtc");
	if (wr_num(wr_reg(c, "sister_cities"), "total", NULL))
		wr_say(c, "积极拓展国际友城交流领域。在维持原有交流合作的基础上,拓展经贸、文化、教育等方面的交流合作,全面促进我市的对外开放。");
	wr_para(c, "plan.sister_cities");
done:
	json_decref(targets);
	return rc;
}

/* ---- the comparison table ---- */

static void table_row(json_t *rows, const char *item, double now, double before, bool money)
{
	char a[32], b[32], d[40], pct[32];

	if (money) {
		wr_wan(now, a, sizeof(a));
		wr_wan(before, b, sizeof(b));
		wr_wan(now - before, d + 1, sizeof(d) - 1);
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

json_t *wr_comparison_table(json_t *fig)
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
		table_row(out, rows[i].label, (double)wr_num(r, rows[i].a, rows[i].b),
			  (double)wr_num(json_object_get(r, "last_year"), rows[i].a, rows[i].b), false);
		if (i != 1)
			continue;
		table_row(out, "其中:出国团组(批)", (double)wr_num(d, "abroad", "batches"),
			  (double)wr_num(json_object_get(d, "last_year"), "abroad", "batches"), false);
		table_row(out, "其中:赴港澳台团组(批)", (double)wr_num(d, "hmt", "batches"),
			  (double)wr_num(json_object_get(d, "last_year"), "hmt", "batches"), false);
		table_row(out, "出访经费(万元)", json_number_value(json_object_get(d, "budget_cny")),
			  json_number_value(json_object_get(json_object_get(d, "last_year"), "budget_cny")), true);
	}
	return out;
}
