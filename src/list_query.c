/*
 * list_query.c - the query parameters a list route filters by, checked (see
 * list.h): one parameter at a time (list_query_enum, _id, _bool, _date,
 * _year), or a whole declarative table of them (list_query_filters), each
 * given one adding its condition to the list's filter.
 */
#include "list.h"

#include "dates.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static int bad_param(struct request *req, struct response *res, const char *name, const char *what_en,
		     const char *what_zh)
{
	char en[160], zh[160];

	snprintf(en, sizeof(en), "'%s' must be %s", name, what_en);
	snprintf(zh, sizeof(zh), "「%s」必须是%s", name, what_zh);
	return validate_fail(req, res, name, en, zh);
}

int list_query_enum(struct request *req, struct response *res, const char *name, const char *const *choices,
		    const char **out)
{
	const char *s = http_query(req, name);
	const char *const *c;

	*out = NULL;
	if (!s || !*s)
		return 0;
	for (c = choices; *c; c++)
		if (strcmp(*c, s) == 0) {
			*out = *c;
			return 0;
		}
	return bad_param(req, res, name, "one of the allowed values", "允许的取值之一");
}

int list_query_id(struct request *req, struct response *res, const char *name, int64_t *out)
{
	const char *s = http_query(req, name);

	*out = 0;
	if (!s || !*s)
		return 0;
	if (!util_parse_int64(s, out) || *out < 1)
		return bad_param(req, res, name, "a record id", "记录编号");
	return 0;
}

int list_query_bool(struct request *req, struct response *res, const char *name, bool *present, bool *out)
{
	const char *s = http_query(req, name);

	*present = false;
	if (!s || !*s)
		return 0;
	if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0)
		return bad_param(req, res, name, "true or false", "true 或 false");
	*present = true;
	*out = strcmp(s, "true") == 0;
	return 0;
}

int list_query_date(struct request *req, struct response *res, const char *name, const char **out)
{
	*out = http_query(req, name);
	if (*out && !**out)
		*out = NULL;
	if (*out && !util_valid_date(*out))
		return bad_param(req, res, name, "a date (YYYY-MM-DD)", "日期(YYYY-MM-DD)");
	return 0;
}

int list_query_year(struct request *req, struct response *res, const char *name, int64_t *year)
{
	const char *s = http_query(req, name);
	char today[DATE_LEN];

	date_today(today);
	*year = date_year(today);
	if (s && (!util_parse_int64(s, year) || *year < 1990 || *year > 2200))
		return bad_param(req, res, name, "a year such as 2026", "年份,如 2026");
	return 0;
}

/* A text's condition: with one ?, or two that both get the value ("e.school = ? OR e.partner_school = ?"). */
static int add_text_condition(struct list_filter *f, const char *cond, const char *text)
{
	const char *second = strchr(strchr(cond, '?') + 1, '?');

	return second ? list_filter_add(f, cond, "tt", text, text) : list_filter_text(f, cond, text);
}

/* One filter of a table: 0 (absent, or its condition added) or the status of the answer. */
static int read_filter(struct request *req, struct response *res, const struct list_query_filter *q,
		       struct list_filter *f)
{
	const char *text = NULL;
	int64_t id = 0;
	bool given = false, yes = false;
	int rc = 0;

	switch (q->kind) {
	case LQ_ENUM:
		rc = list_query_enum(req, res, q->param, q->choices, &text);
		break;
	case LQ_ID:
		rc = list_query_id(req, res, q->param, &id);
		given = id != 0;
		break;
	case LQ_BOOL:
		rc = list_query_bool(req, res, q->param, &given, &yes);
		id = yes;
		break;
	case LQ_DATE:
		rc = list_query_date(req, res, q->param, &text);
		break;
	case LQ_TEXT:
		text = http_query(req, q->param);
		if (text && !*text)
			text = NULL;
		if (text && util_utf8_length(text) > LIST_FILTER_TEXT_MAX)
			rc = validate_fail(req, res, q->param, "the filter is too long", "筛选条件过长");
		break;
	}
	if (rc)
		return rc;
	if (text)
		rc = add_text_condition(f, q->cond, text);
	else if (given)
		rc = list_filter_int(f, q->cond, id);
	return rc == DB_OK ? 0 : http_error_internal(req, res);
}

int list_query_filters(struct request *req, struct response *res, const struct list_query_filter *filters,
		       struct list_filter *f)
{
	int rc = 0;

	for (; filters && filters->param && !rc; filters++)
		rc = read_filter(req, res, filters, f);
	return rc;
}

int list_serve_filtered(struct request *req, struct response *res, const struct list_spec *spec,
			const struct list_query_filter *filters)
{
	struct list_params lp;
	struct list_filter f;
	int rc = list_params(req, res, &lp);

	if (rc)
		return rc;
	list_filter_init(&f);
	rc = list_query_filters(req, res, filters, &f);
	if (!rc)
		rc = list_serve(req, res, spec, &lp, &f);
	list_filter_free(&f);
	return rc;
}
