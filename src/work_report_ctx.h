/*
 * work_report_ctx.h - what the two halves of the work report share (inside
 * the module only): the context a report is written in, the small helpers
 * that write its Chinese (work_report.c) and the sections that use them
 * (work_report_sections.c).
 */
#ifndef WAISHI_WORK_REPORT_CTX_H
#define WAISHI_WORK_REPORT_CTX_H

#include "buf.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

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

/* Append to the paragraph being written; the buffer's limit is far above any paragraph. */
void wr_say(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* End the paragraph `key` (left out when nothing was said). */
void wr_para(struct ctx *c, const char *key);
/* o[a] or o[a][b] as an integer (0 when absent). */
json_int_t wr_num(json_t *o, const char *a, const char *b);
/* A register's figures, and last year's. */
json_t *wr_reg(struct ctx *c, const char *name);
json_t *wr_last(struct ctx *c, const char *name);
/* Yuan as 万元 with at most two decimals and no trailing zeros; a percentage likewise. */
void wr_wan(double yuan, char *out, size_t len);
void wr_percent(double v, char *out, size_t len);
/* The month and day of a YYYY-MM-DD date. */
int wr_month_of(const char *d);
int wr_day_of(const char *d);
/* 「甲、乙和丙」; a name added once. */
void wr_say_names(struct ctx *c, json_t *names);
void wr_add_unique(json_t *names, const char *name);
/* A sister city's name with its country: 「美国丽浪多市」. */
void wr_city_name(const char *country, const char *name, char *out, size_t len);

/* The sections (work_report_sections.c): each writes its paragraphs into c->paras; DB_OK or a database error. */
int wr_section_trips(struct ctx *c);
int wr_section_receptions(struct ctx *c);
int wr_section_sister_cities(struct ctx *c);
int wr_section_economy(struct ctx *c);
int wr_section_cases(struct ctx *c);
void wr_section_info(struct ctx *c);
/* The closing plan into `out`, its heading (下半年工作打算 ...) into heading. */
int wr_plan(struct ctx *c, json_t *out, char *heading, size_t hlen);
/* The figures as rows of 本期, 去年同期, 增减, 增减%. */
json_t *wr_comparison_table(json_t *fig);

#endif
