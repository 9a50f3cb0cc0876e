/*
 * report_files.c - the period summary as xlsx, docx and pdf, and the work
 * report as a 公文-formatted docx and pdf (see report_files.h).
 */
#include "report_files.h"

#include "dates.h"
#include "document.h"
#include "export.h"
#include "work_report.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool report_format_known(const char *format)
{
	return strcmp(format, "json") == 0 || strcmp(format, "xlsx") == 0 || strcmp(format, "docx") == 0 ||
	       strcmp(format, "pdf") == 0;
}

const char *report_mime(const char *format)
{
	if (strcmp(format, "xlsx") == 0)
		return EXPORT_XLSX_TYPE;
	if (strcmp(format, "docx") == 0)
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	if (strcmp(format, "pdf") == 0)
		return "application/pdf";
	return "application/json";
}

static json_int_t num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return json_integer_value(b ? json_object_get(v, b) : v);
}

/* One figure line of the main sheet and the document: item, this period, last year. */
struct figure {
	const char *label, *section, *key, *sub;
};

static const struct figure figures[] = {
	{"因公出国(境)团组(批)", "delegations", "batches", NULL},
	{"因公出国(境)人次", "delegations", "persons", NULL},
	{"其中:出国团组(批)", "delegations", "abroad", "batches"},
	{"其中:出国(人次)", "delegations", "abroad", "persons"},
	{"其中:赴港澳台团组(批)", "delegations", "hmt", "batches"},
	{"其中:赴港澳台(人次)", "delegations", "hmt", "persons"},
	{"出访经费(元)", "delegations", "budget_cny", NULL},
	{"办结团组(批)", "delegations", "closed", NULL},
	{"超时违规(起)", "delegations", "violations", "overstay"},
	{"绕道违规(起)", "delegations", "violations", "detour"},
	{"介绍信(批)", "letters", "introduction", "batches"},
	{"介绍信(人次)", "letters", "introduction", "persons"},
	{"邀请外国人函电(批)", "letters", "invitation", "batches"},
	{"邀请外国人函电(人次)", "letters", "invitation", "persons"},
	{"因私签证(批)", "letters", "visa_service", "batches"},
	{"因私签证(人次)", "letters", "visa_service", "persons"},
	{"接待外宾(批)", "receptions", "foreign", "batches"},
	{"接待外宾(人次)", "receptions", "foreign", "persons"},
	{"接待内宾(批)", "receptions", "domestic", "batches"},
	{"接待内宾(人)", "receptions", "domestic", "persons"},
	{"APEC卡有效持卡人", "abtc", "holders", NULL},
	{"APEC卡在办", "abtc", "in_progress", NULL},
	{"APEC卡报送", "abtc", "submitted", NULL},
	{"友好城市总数", "sister_cities", "total", NULL},
	{"新结友好城市", "sister_cities", "new", NULL},
	{"受理涉外案(事)件", "cases", "received", NULL},
	{"办结涉外案(事)件", "cases", "closed", NULL},
	{"编发上报信息(条)", "info_items", "sent", NULL},
	{"被省外办录用(条)", "info_items", "adopted", "province"},
	{"被上级市外办录用(条)", "info_items", "adopted", "prefecture"},
	{"应缴回护照(本)", "passports", "due", NULL},
	{"按时缴回护照(本)", "passports", "returned_on_time", NULL},
};

static json_t *figure_value(json_t *section, const struct figure *f)
{
	json_t *v = json_object_get(section, f->key);

	if (f->sub)
		v = json_object_get(v, f->sub);
	return v ? json_incref(v) : json_integer(0);
}

static json_t *figure_rows(json_t *summary)
{
	json_t *rows = json_array();
	size_t i;

	for (i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		json_t *section = json_object_get(summary, figures[i].section);
		if (!section)
			continue; /* a city-wide register in a county's summary */
		json_array_append_new(rows, json_pack("{s:s, s:o, s:o}", "item", figures[i].label, "this_period",
						      figure_value(section, &figures[i]), "last_year",
						      figure_value(json_object_get(section, "last_year"), &figures[i])));
	}
	return rows;
}

/* {key: {batches, persons}} of a section and of last year, as rows. */
static json_t *breakdown_rows(json_t *section, const char *path_a, const char *path_b)
{
	json_t *now = json_object_get(section, path_a), *last = json_object_get(json_object_get(section, "last_year"), path_a);
	json_t *rows = json_array(), *v;
	const char *key;

	if (path_b) {
		now = json_object_get(now, path_b);
		last = json_object_get(last, path_b);
	}
	json_object_foreach(now, key, v)
		json_array_append_new(rows, json_pack("{s:s, s:I, s:I, s:I, s:I}", "item", key, "batches",
						      num(v, "batches", NULL), "persons", num(v, "persons", NULL), "last_year_batches",
						      num(json_object_get(last, key), "batches", NULL), "last_year_persons",
						      num(json_object_get(last, key), "persons", NULL)));
	if (json_array_size(rows) == 0)
		json_array_append_new(rows, json_pack("{s:s, s:i, s:i}", "item", "(无)", "batches", 0, "persons", 0));
	return rows;
}

static int summary_xlsx(json_t *summary, char **data, size_t *len)
{
	static const struct {
		const char *name, *section, *a, *b;
	} breakdowns[] = {
		{"出访类别", "delegations", "by_category", NULL}, {"出访地区", "delegations", "by_region", NULL},
		{"出访单位", "delegations", "by_unit", NULL},	  {"接待外宾", "receptions", "foreign", "by_category"},
		{"接待内宾", "receptions", "domestic", "by_category"}, {"友城交流", "sister_cities", "exchanges", NULL},
		{"涉外案件", "cases", "by_category", NULL},
	};
	struct export_sheet sheets[1 + sizeof(breakdowns) / sizeof(breakdowns[0])];
	size_t i, n = 0;
	int rc;

	sheets[n].name = "汇总";
	sheets[n++].rows = figure_rows(summary);
	for (i = 0; i < sizeof(breakdowns) / sizeof(breakdowns[0]); i++) {
		json_t *section = json_object_get(summary, breakdowns[i].section);
		if (!section)
			continue; /* a city-wide register in a county's summary */
		sheets[n].name = breakdowns[i].name;
		sheets[n++].rows = breakdown_rows(section, breakdowns[i].a, breakdowns[i].b);
	}
	rc = export_xlsx(sheets, n, data, len);

	for (i = 0; i < n; i++)
		json_decref(sheets[i].rows);
	return rc;
}

/* The comparison table (本期, 去年同期, 增减, 增减%) of a report's `table`. */
static void add_table(struct document *d, json_t *table)
{
	json_t *r;
	size_t i;

	document_add(d, BLOCK_ROW_HEAD, "项目\t本期\t去年同期\t增减\t增减%%");
	json_array_foreach(table, i, r)
		document_add(d, BLOCK_ROW, "%s\t%s\t%s\t%s\t%s", json_string_value(json_object_get(r, "item")),
			     json_string_value(json_object_get(r, "this_period")), json_string_value(json_object_get(r, "last_year")),
			     json_string_value(json_object_get(r, "change")), json_string_value(json_object_get(r, "change_pct")));
}

/* The office's name and today's date under the text. */
static void add_signature(struct document *d, const char *office)
{
	char today[DATE_LEN];

	date_today(today);
	document_add(d, BLOCK_LINE, " ");
	document_add(d, BLOCK_SIGNATURE, "%s", office && *office ? office : "市人民政府外事办公室");
	document_add(d, BLOCK_SIGNATURE, "%d年%d月%d日", date_year(today), (today[5] - '0') * 10 + today[6] - '0',
		     (today[8] - '0') * 10 + today[9] - '0');
}

static struct document *summary_document(json_t *summary)
{
	struct document *d = document_new();
	const char *from = json_string_value(json_object_get(json_object_get(summary, "period"), "from"));
	const char *to = json_string_value(json_object_get(json_object_get(summary, "period"), "to"));

	if (!d)
		return NULL;
	document_add(d, BLOCK_TITLE, "%s", json_string_value(json_object_get(summary, "title")));
	document_add(d, BLOCK_SUBTITLE, "(统计期间:%s至%s,与去年同期对照)", from, to);
	document_add(d, BLOCK_HEADING, "一、总体情况");
	document_add(d, BLOCK_PARAGRAPH, "%s", json_string_value(json_object_get(summary, "text")));
	document_add(d, BLOCK_HEADING, "二、主要数据");
	add_table(d, json_object_get(summary, "table"));
	add_signature(d, json_string_value(json_object_get(summary, "office_name")));
	return d;
}

/* The text of a paragraph: a string, or a draft paragraph's `text`. */
static const char *text_of(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : json_string_value(json_object_get(v, "text"));
}

static struct document *work_document(json_t *report)
{
	struct document *d = document_new();
	json_t *s, *p;
	size_t i, j, n = 0;

	if (!d)
		return NULL;
	document_add(d, BLOCK_TITLE, "%s", json_string_value(json_object_get(report, "title")));
	if (text_of(json_object_get(report, "opening")) && *text_of(json_object_get(report, "opening")))
		document_add(d, BLOCK_PARAGRAPH, "%s", text_of(json_object_get(report, "opening")));
	json_array_foreach(json_object_get(report, "sections"), i, s) {
		bool headed = false;
		json_array_foreach(json_object_get(s, "paragraphs"), j, p) {
			const char *t = text_of(p);
			if (!t || !*t)
				continue;
			if (!headed)
				document_add(d, BLOCK_HEADING, "%s、%s", work_report_numeral(++n),
					     json_string_value(json_object_get(s, "heading")));
			headed = true;
			document_add(d, BLOCK_PARAGRAPH, "%s", t);
		}
	}
	document_add(d, BLOCK_HEADING, "%s、%s", work_report_numeral(++n), json_string_value(json_object_get(report, "plan_heading")));
	json_array_foreach(json_object_get(report, "plan"), i, p) {
		const char *t = text_of(p);
		if (t && *t)
			document_add(d, BLOCK_PARAGRAPH, "%s", t);
	}
	add_signature(d, json_string_value(json_object_get(report, "office_name")));
	document_add(d, BLOCK_LINE, "附表");
	document_add(d, BLOCK_SUBTITLE, "%s主要数据与去年同期对照", json_string_value(json_object_get(report, "period_name")));
	add_table(d, json_object_get(report, "table"));
	return d;
}

int report_work_file_build(json_t *report, const char *format, char **data, size_t *len)
{
	struct document *d = work_document(report);
	int rc;

	if (!d)
		return -1;
	rc = strcmp(format, "docx") == 0 ? document_docx(d, data, len) : document_pdf(d, data, len);
	document_free(d);
	return rc;
}

int report_file_build(json_t *summary, const char *format, char **data, size_t *len)
{
	struct document *d;
	int rc;

	if (strcmp(format, "xlsx") == 0)
		return summary_xlsx(summary, data, len);
	d = summary_document(summary);
	if (!d)
		return -1;
	rc = strcmp(format, "docx") == 0 ? document_docx(d, data, len) : document_pdf(d, data, len);
	document_free(d);
	return rc;
}
