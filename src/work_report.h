/*
 * work_report.h - the work report the office sends (工作总结): a title
 * naming the period, an opening line, numbered sections in the seed
 * reports' order (因公出国(境)管理, 外宾接待, 友城工作, 服务经济发展,
 * 涉外案(事)件, 信息报送) whose paragraphs state the period's facts with
 * last year's beside them, the closing plan (下半年/明年工作打算), and the
 * figures as a comparison table. Every paragraph has a stable `key`
 * (`trips.totals`, `receptions.totals` ...) so a draft (report_draft.h)
 * can match paragraphs across refreshes.
 *
 * The Chinese follows fixed rules: a section whose registers are empty for
 * the period is left out and a zero is never said; comparisons name their
 * subject and last year's absolute figures; 「持平」 when equal; money in
 * 万元 without trailing zeros; 「今年以来」 only for the current year to date.
 */
#ifndef WAISHI_WORK_REPORT_H
#define WAISHI_WORK_REPORT_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The report of a period from its figures (report_figures_build) into *out:
 * {title, period_name, opening, sections:[{key, number, heading,
 * paragraphs:[{key, text}]}], plan_heading, plan:[{key, text}], table, figures}.
 * `figures` is kept by reference. DB_OK or a database error.
 */
int work_report_compose(struct db *db, json_t *figures, json_t **out);

/*
 * The report of [from, to] (valid dates, from <= to); `scope` as in
 * report_figures_build: 0 the city's report, a county unit's id its own
 * (「武鸣县2026年上半年外事工作总结」, 「我县」, only its units' work).
 */
int work_report_build(struct db *db, const char *from, const char *to, int64_t scope, json_t **out);

/* The paragraphs of the sections as one text (the summary's prose); malloc'd. */
char *work_report_prose(json_t *report);

/* The whole report as plain text: title, opening, numbered sections, plan; malloc'd. */
char *work_report_text(json_t *report);

/* The section numbers 一 ... 二十 (1-based). */
const char *work_report_numeral(size_t n);

/* The figures with the report's `title`, `period_name`, prose `text` and comparison `table`; `scope` as above. */
int report_summary_build(struct db *db, const char *from, const char *to, int64_t scope, json_t **out);

/*
 * The names the report writes (settings): the bodies adopting information
 * items (info_body_province 「省外办」, info_body_prefecture, e.g.
 * 「苏州外办」, info_body_national, info_body_other) and the signing office
 * (office_name). work_report_names: all of them as {key: name}, a default
 * for each unset one; NULL when out of memory.
 */
json_t *work_report_names(struct db *db);
/*
 * Set any of the names from `names` {key: name} (each 1 to 40 characters,
 * the office 60; at least one; 422 otherwise), audited "update" of
 * report_settings with the names before and after: 0 with *out the names now.
 */
__attribute__((warn_unused_result)) int work_report_names_set(struct db *db, const struct actor *who, json_t *names,
							      json_t **out, struct op_error *err);

#endif
