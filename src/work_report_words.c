/*
 * work_report_words.c - the small helpers the work report writes its Chinese
 * with (declared in work_report_ctx.h): the paragraph being written,
 * figures read from the report's JSON, 万元 and percentages without trailing
 * zeros, dates as 「6月30日」, lists of names as 「甲、乙和丙」.
 */
#include "work_report_ctx.h"

#include "country.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Append to the paragraph; the buffer's limit is far above any paragraph, so a failure only shortens it. */
void wr_say(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (buf_vaddf(&c->b, fmt, ap) != BUF_OK)
		fprintf(stderr, "waishi: report text truncated\n");
	va_end(ap);
}

/* End the paragraph `key` (left out when nothing was said). */
void wr_para(struct ctx *c, const char *key)
{
	if (c->b.len)
		json_array_append_new(c->paras, json_pack("{s:s, s:s}", "key", key, "text", c->b.data));
	buf_reset(&c->b);
}

json_int_t wr_num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	return json_integer_value(b ? json_object_get(v, b) : v);
}

json_t *wr_reg(struct ctx *c, const char *name)
{
	return json_object_get(c->fig, name);
}

json_t *wr_last(struct ctx *c, const char *name)
{
	return json_object_get(json_object_get(c->fig, name), "last_year");
}

/* Yuan as 万元 with at most two decimals and no trailing zeros: 74000 -> 「7.4」, 150000 -> 「15」. */
void wr_wan(double yuan, char *out, size_t len)
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
void wr_percent(double v, char *out, size_t len)
{
	size_t n;

	snprintf(out, len, "%.1f", v + 1e-9);
	n = strlen(out);
	if (n > 2 && strcmp(out + n - 2, ".0") == 0)
		out[n - 2] = '\0';
}

int wr_month_of(const char *d)
{
	return (d[5] - '0') * 10 + d[6] - '0';
}

int wr_day_of(const char *d)
{
	return (d[8] - '0') * 10 + d[9] - '0';
}

/* 「A、B和C」 of an array of strings. */
void wr_say_names(struct ctx *c, json_t *names)
{
	size_t i, n = json_array_size(names);

	for (i = 0; i < n; i++)
		wr_say(c, "%s%s", i == 0 ? "" : i + 1 == n ? "和" : "、", json_string_value(json_array_get(names, i)));
}

void wr_add_unique(json_t *names, const char *name)
{
	size_t i;

	for (i = 0; i < json_array_size(names); i++)
		if (strcmp(json_string_value(json_array_get(names, i)), name) == 0)
			return;
	json_array_append_new(names, json_string(name));
}

/* 「美国丽浪多市」: the country's Chinese name and the city's, with 市 unless it names its own kind. */
void wr_city_name(const char *country, const char *name, char *out, size_t len)
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
