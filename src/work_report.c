/*
 * work_report.c - the work report (工作总结) built from a period's figures,
 * in the seed reports' register (see work_report.h).
 */
#include "work_report.h"
#include "work_report_ctx.h"

#include "buf.h"
#include "dates.h"
#include "report.h"
#include "settings.h"
#include "util.h"
#include "validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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
		snprintf(period_name, plen, "%d年1月1日至%d月%d日", y, wr_month_of(c->to), wr_day_of(c->to));
		break;
	case P_DATES:
		if (y == y2)
			snprintf(period_name, plen, "%d年%d月%d日至%d月%d日", y, wr_month_of(c->from), wr_day_of(c->from), wr_month_of(c->to),
				 wr_day_of(c->to));
		else
			snprintf(period_name, plen, "%d年%d月%d日至%d年%d月%d日", y, wr_month_of(c->from), wr_day_of(c->from), y2,
				 wr_month_of(c->to), wr_day_of(c->to));
		snprintf(c->name, sizeof(c->name), "%s", period_name);
		break;
	}
	if (c->kind == P_YEAR)
		snprintf(title, tlen, "%s%d年外事工作总结", c->area, y);
	else
		snprintf(title, tlen, "%s%s外事工作总结", c->area, period_name);
	snprintf(c->end, sizeof(c->end), "%s", strcmp(c->to, today) > 0 ? today : c->to);
	if (date_year(c->end) == y2)
		snprintf(c->until, sizeof(c->until), "%d月%d日", wr_month_of(c->end), wr_day_of(c->end));
	else
		snprintf(c->until, sizeof(c->until), "%d年%d月%d日", date_year(c->end), wr_month_of(c->end), wr_day_of(c->end));
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
	wr_section_info(c);
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
		wr_say(c, "%d年", date_year(c->from));
	else
		wr_say(c, "%s", c->name);
	wr_say(c, ",%s外办在%s委、%s政府的领导和%s的指导下,紧紧围绕全%s工作大局,扎实开展各项外事工作,积极服务全%s经济社会发展。", l, l,
	    l, guide, l, l);
	if (c->kind == P_DATES)
		wr_say(c, "现将有关工作总结如下:");
	else if (c->kind == P_YEAR)
		wr_say(c, "现将全年工作总结如下:");
	else
		wr_say(c, "现将%s工作总结如下:", c->name);
}

int work_report_compose(struct db *db, json_t *figures, json_t **out)
{
	static const struct {
		const char *key, *heading;
		int (*fn)(struct ctx *);
	} sections[] = {
		{"trips", "严格出访程序,规范因公出国(境)管理", wr_section_trips},
		{"receptions", "突出外事职能,做好外宾接待工作", wr_section_receptions},
		{"sister_cities", "加强国际交流,深化友城工作", wr_section_sister_cities},
		{"economy", "整合利用资源,服务经济发展", wr_section_economy},
		{"cases", "服务社会稳定,妥善处置涉外案(事)件", wr_section_cases},
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
		rc = wr_plan(&c, plan_paras, heading, sizeof(heading));
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
				 heading, "plan", plan_paras, "table", wr_comparison_table(figures), "figures", figures, "office_name", office);
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

int report_summary_build(struct db *db, const char *from, const char *to, int64_t scope, json_t **out)
{
	json_t *report = NULL;
	char *text = NULL;
	int rc = report_figures_build(db, from, to, scope, out);

	if (rc == DB_OK)
		rc = work_report_compose(db, *out, &report);
	if (rc != DB_OK) {
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	text = work_report_prose(report);
	json_object_set(*out, "title", json_object_get(report, "title"));
	json_object_set(*out, "period_name", json_object_get(report, "period_name"));
	json_object_set_new(*out, "text", json_string(text ? text : ""));
	json_object_set(*out, "table", json_object_get(report, "table"));
	json_object_set(*out, "office_name", json_object_get(report, "office_name"));
	free(text);
	json_decref(report);
	return DB_OK;
}

/* ---- the names the report writes (settings) ---- */

/* Each name's setting and its default (work_report_names_set's fields name the same keys). */
static const char *const name_settings[][2] = {
	{"info_body_province", "省外办"},
	{"info_body_prefecture", "上级市外办"},
	{"info_body_national", "外交部"},
	{"info_body_other", "其他单位"},
	{"office_name", "市人民政府外事办公室"},
};
#define N_NAMES (sizeof(name_settings) / sizeof(name_settings[0]))

json_t *work_report_names(struct db *db)
{
	json_t *out = json_object();
	char value[256];
	size_t i;

	for (i = 0; out && i < N_NAMES; i++) {
		settings_get_text(db, name_settings[i][0], name_settings[i][1], value, sizeof(value));
		json_object_set_new(out, name_settings[i][0], json_string(value));
	}
	return out;
}

/* Write each name of `names` (judged) into the settings. Inside a transaction. */
static int store_names(struct db *db, json_t *names)
{
	const char *key;
	json_t *v;
	char now[32];
	int rc = DB_OK;

	util_now_rfc3339(now, sizeof(now));
	json_object_foreach(names, key, v) {
		if (rc != DB_OK)
			break;
		rc = db_execf(db, "DELETE FROM settings WHERE key = ?", "t", key);
		if (rc == DB_OK)
			rc = db_execf(db, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)", "ttt", key,
				      json_string_value(v), now);
	}
	return rc;
}

int work_report_names_set(struct db *db, const struct actor *who, json_t *names, json_t **out, struct op_error *err)
{
	static const struct vfield fields[] = {
		{"info_body_province", "省级录用单位", V_STRING, 0, 1, 40, NULL},
		{"info_body_prefecture", "上级市录用单位", V_STRING, 0, 1, 40, NULL},
		{"info_body_national", "国家级录用单位", V_STRING, 0, 1, 40, NULL},
		{"info_body_other", "其他录用单位", V_STRING, 0, 1, 40, NULL},
		{"office_name", "发文机关", V_STRING, 0, 1, 60, NULL},
		{NULL, NULL, V_STRING, 0, 0, 0, NULL},
	};
	json_t *before = NULL;
	int status = validate_fields(names, fields, true, err), rc = DB_OK;

	*out = NULL;
	if (!status && json_object_size(names) == 0)
		status = op_invalid(err, NULL, "send at least one name", "请至少提交一项名称");
	if (status)
		return status;
	rc = db_begin(db);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	before = work_report_names(db);
	rc = before ? store_names(db, names) : DB_ERR;
	if (rc == DB_OK)
		rc = op_audit(db, who, "update", "report_settings", 0, before, names);
	if (rc == DB_OK)
		*out = work_report_names(db);
	if (rc == DB_OK && !*out)
		rc = DB_ERR;
	json_decref(before);
	return op_finish_out(db, 0, rc, out, err);
}
