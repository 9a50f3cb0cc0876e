/*
 * test_http.c - the adapters' shared pieces, without a server: a file
 * answer's Content-Disposition (http_file: an ASCII name as it is, a Chinese
 * name and a name with quotes, semicolons or line breaks with an ASCII
 * fallback and the percent-encoded UTF-8 name), and the declarative list
 * filters (list_query_filters: each kind's values, its 422, absent and empty
 * parameters, the conditions and values they add).
 *
 * The query is read through libmicrohttpd's MHD_lookup_connection_value;
 * this file defines that function itself, over the pairs of `query`, so
 * http_query answers from them (the executable's definition comes first).
 */
#include "helpers.h"

#include "http.h"
#include "list.h"

#include <fcntl.h>
#include <microhttpd.h>

/* ---- a query without a connection ---- */

static const char *const *query; /* key, value, ..., NULL */

const char *MHD_lookup_connection_value(struct MHD_Connection *connection, enum MHD_ValueKind kind, const char *key)
{
	const char *const *p;

	(void)connection;
	if (kind != MHD_GET_ARGUMENT_KIND)
		return NULL;
	for (p = query; p && p[0]; p += 2)
		if (strcmp(p[0], key) == 0)
			return p[1];
	return NULL;
}

/* ---- http_file ---- */

/* The Content-Disposition http_file sets for `name` (a copy the caller frees), the answer checked. */
static char *disposition_of(enum http_disposition how, const char *name)
{
	struct response res;
	char *data = strdup("body"), *header;

	memset(&res, 0, sizeof(res));
	res.fd = -1;
	assert_int_equal(http_file(&res, http_body_buffer(data, 4), "application/pdf", how, name), 200);
	assert_int_equal(res.status, 200);
	assert_ptr_equal(res.raw, data);
	assert_int_equal(res.raw_len, 4);
	assert_int_equal(res.fd, -1);
	assert_string_equal(res.content_type, "application/pdf");
	header = res.content_disposition;
	free(res.raw);
	return header;
}

static void file_ascii_name(void **state)
{
	char *h = disposition_of(HTTP_DOWNLOAD, "rules-2026-05-01.json");

	(void)state;
	assert_string_equal(h, "attachment; filename=\"rules-2026-05-01.json\"");
	free(h);
	h = disposition_of(HTTP_INLINE, "approval-WS 2026-001.pdf");
	assert_string_equal(h, "inline; filename=\"approval-WS 2026-001.pdf\"");
	free(h);
	/* a semicolon alone is at home in a quoted-string */
	h = disposition_of(HTTP_DOWNLOAD, "a;b.xlsx");
	assert_string_equal(h, "attachment; filename=\"a;b.xlsx\"");
	free(h);
}

static void file_chinese_name(void **state)
{
	char *h = disposition_of(HTTP_DOWNLOAD, "批件.pdf");

	(void)state;
	/* one '_' for each Chinese character, not for each of its three bytes */
	assert_string_equal(h, "attachment; filename=\"__.pdf\"; filename*=UTF-8''%E6%89%B9%E4%BB%B6.pdf");
	free(h);
	h = disposition_of(HTTP_INLINE, "2026年出访计划.xlsx");
	assert_string_equal(h, "inline; filename=\"2026_____.xlsx\"; "
			       "filename*=UTF-8''2026%E5%B9%B4%E5%87%BA%E8%AE%BF%E8%AE%A1%E5%88%92.xlsx");
	free(h);
}

static void file_quotes_and_semicolons(void **state)
{
	char *h = disposition_of(HTTP_DOWNLOAD, "a \"b\"; c.pdf");

	(void)state;
	assert_string_equal(h, "attachment; filename=\"a _b_; c.pdf\"; filename*=UTF-8''a%20%22b%22%3B%20c.pdf");
	free(h);
	/* a backslash, a percent sign and a line break cannot end the header or the quoted name */
	h = disposition_of(HTTP_DOWNLOAD, "x\\y%z\r\nSet-Cookie: a=b");
	assert_string_equal(h, "attachment; filename=\"x_y_z__Set-Cookie: a=b\"; "
			       "filename*=UTF-8''x%5Cy%25z%0D%0ASet-Cookie%3A%20a%3Db");
	assert_null(strchr(h, '\r'));
	assert_null(strchr(h, '\n'));
	free(h);
}

static void file_without_name(void **state)
{
	struct response res;
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_true(fd >= 0);
	memset(&res, 0, sizeof(res));
	res.fd = -1;
	/* an inline answer without a name (a page of the web interface) has no Content-Disposition */
	assert_int_equal(http_file(&res, http_body_fd(fd, 1234), "text/html; charset=utf-8", HTTP_INLINE, NULL), 200);
	assert_null(res.content_disposition);
	assert_int_equal(res.fd, fd);
	assert_int_equal(res.fd_size, 1234);
	assert_null(res.raw);
	close(res.fd);
	/* a download without a name is still a download */
	memset(&res, 0, sizeof(res));
	res.fd = -1;
	assert_int_equal(http_file(&res, http_body_buffer(strdup("x"), 1), "text/plain", HTTP_DOWNLOAD, ""), 200);
	assert_string_equal(res.content_disposition, "attachment");
	free(res.content_disposition);
	free(res.raw);
}

/* ---- list_query_filters ---- */

static const char *const levels[] = {"county", "district", NULL};

static const struct list_query_filter filters[] = {
	{"level", LQ_ENUM, "u.level = ?", levels},
	{"unit_id", LQ_ID, "u.unit_id = ?", NULL},
	{"is_active", LQ_BOOL, "u.is_active = ?", NULL},
	{"from", LQ_DATE, "u.created_on >= ?", NULL},
	{"to", LQ_DATE, "u.created_on <= ?", NULL},
	{"school", LQ_TEXT, "e.school = ? OR e.partner_school = ?", NULL},
	{"name", LQ_TEXT, "u.name = ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

/* Read `filters` from `pairs` into *f (initialised here); the status, the answer in *res. */
static int read_query(const char *const *pairs, bool zh, struct list_filter *f, struct response *res)
{
	struct request req;

	memset(&req, 0, sizeof(req));
	memset(res, 0, sizeof(*res));
	res->fd = -1;
	req.zh = zh;
	query = pairs;
	list_filter_init(f);
	return list_query_filters(&req, res, filters, f);
}

static void filters_good_values(void **state)
{
	static const char *const pairs[] = {"level", "district", "unit_id", "7", "is_active", "false", "from", "2026-01-02",
					    "to", "2026-12-31", "school", "一中", "name", "Zürich", NULL};
	struct list_filter f;
	struct response res;

	(void)state;
	assert_int_equal(read_query(pairs, false, &f, &res), 0);
	assert_null(res.json);
	assert_string_equal(f.where.data, " AND u.level = ? AND u.unit_id = ? AND u.is_active = ? AND u.created_on >= ?"
					  " AND u.created_on <= ? AND (e.school = ? OR e.partner_school = ?) AND u.name = ?");
	assert_int_equal(f.nbinds, 8);
	assert_int_equal(f.binds[0].type, 't');
	assert_string_equal(f.binds[0].t, "district");
	assert_int_equal(f.binds[1].type, 'i');
	assert_int_equal(f.binds[1].i, 7);
	assert_int_equal(f.binds[2].type, 'i');
	assert_int_equal(f.binds[2].i, 0); /* false */
	assert_string_equal(f.binds[3].t, "2026-01-02");
	assert_string_equal(f.binds[4].t, "2026-12-31");
	assert_string_equal(f.binds[5].t, "一中"); /* both sides of the OR get the value */
	assert_string_equal(f.binds[6].t, "一中");
	assert_string_equal(f.binds[7].t, "Zürich");
	list_filter_free(&f);

	/* true binds 1 */
	{
		static const char *const yes[] = {"is_active", "true", NULL};

		assert_int_equal(read_query(yes, false, &f, &res), 0);
		assert_string_equal(f.where.data, " AND u.is_active = ?");
		assert_int_equal(f.binds[0].i, 1);
		list_filter_free(&f);
	}
}

static void filters_absent_or_empty(void **state)
{
	static const char *const empty[] = {"level", "", "unit_id", "", "is_active", "", "from", "", "school", "", NULL};
	static const char *const other[] = {"page", "2", "sort", "-id", NULL};
	struct list_filter f;
	struct response res;

	(void)state;
	assert_int_equal(read_query(NULL, false, &f, &res), 0);
	assert_string_equal(f.where.data ? f.where.data : "", "");
	assert_int_equal(f.nbinds, 0);
	list_filter_free(&f);
	assert_int_equal(read_query(empty, false, &f, &res), 0);
	assert_int_equal(f.nbinds, 0);
	list_filter_free(&f);
	assert_int_equal(read_query(other, false, &f, &res), 0);
	assert_int_equal(f.nbinds, 0);
	assert_null(res.json);
	list_filter_free(&f);
}

/* One bad parameter: 422 invalid naming it, with `message`; nothing added. */
static void expect_422(const char *key, const char *value, bool zh, const char *message)
{
	const char *pairs[] = {key, value, NULL};
	struct list_filter f;
	struct response res;
	json_t *err;

	assert_int_equal(read_query(pairs, zh, &f, &res), 422);
	assert_int_equal(res.status, 422);
	err = json_object_get(res.json, "error");
	assert_string_equal(json_string_value(json_object_get(err, "code")), "invalid");
	assert_string_equal(json_string_value(json_object_get(err, "field")), key);
	assert_string_equal(json_string_value(json_object_get(err, "message")), message);
	assert_int_equal(f.nbinds, 0);
	json_decref(res.json);
	list_filter_free(&f);
}

static void filters_each_kind_422(void **state)
{
	char long_text[3 * (LIST_FILTER_TEXT_MAX + 1) + 1];
	int i;

	(void)state;
	expect_422("level", "city", false, "'level' must be one of the allowed values");
	expect_422("level", "city", true, "「level」必须是允许的取值之一");
	expect_422("unit_id", "0", false, "'unit_id' must be a record id");
	expect_422("unit_id", "7x", false, "'unit_id' must be a record id");
	expect_422("is_active", "yes", false, "'is_active' must be true or false");
	expect_422("is_active", "1", true, "「is_active」必须是true 或 false");
	expect_422("from", "2026-02-31", false, "'from' must be a date (YYYY-MM-DD)");
	expect_422("to", "31.12.2026", true, "「to」必须是日期(YYYY-MM-DD)");
	for (i = 0; i <= LIST_FILTER_TEXT_MAX; i++)
		memcpy(long_text + 3 * i, "名", 3); /* 201 characters, 603 bytes */
	long_text[3 * (LIST_FILTER_TEXT_MAX + 1)] = '\0';
	expect_422("name", long_text, false, "the filter is too long");
	expect_422("school", long_text, true, "筛选条件过长");
	long_text[3 * LIST_FILTER_TEXT_MAX] = '\0'; /* 200 characters: allowed */
	{
		const char *pairs[] = {"name", long_text, NULL};
		struct list_filter f;
		struct response res;

		assert_int_equal(read_query(pairs, false, &f, &res), 0);
		assert_int_equal(f.nbinds, 1);
		list_filter_free(&f);
	}
}

static void filters_stop_at_the_first_bad_one(void **state)
{
	static const char *const pairs[] = {"level", "county", "unit_id", "-3", "is_active", "maybe", NULL};
	struct list_filter f;
	struct response res;

	(void)state;
	assert_int_equal(read_query(pairs, false, &f, &res), 422);
	assert_string_equal(json_string_value(json_object_get(json_object_get(res.json, "error"), "field")), "unit_id");
	json_decref(res.json);
	list_filter_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_ascii_name),
		cmocka_unit_test(file_chinese_name),
		cmocka_unit_test(file_quotes_and_semicolons),
		cmocka_unit_test(file_without_name),
		cmocka_unit_test(filters_good_values),
		cmocka_unit_test(filters_absent_or_empty),
		cmocka_unit_test(filters_each_kind_422),
		cmocka_unit_test(filters_stop_at_the_first_bad_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
