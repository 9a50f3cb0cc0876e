/*
 * test_multipart.c - the strict streaming multipart reader: a body fed whole
 * and fed one byte at a time gives the same file; a missing closing
 * boundary, a truncated part, trailing garbage or a part without headers is
 * an error; the boundary comes from the Content-Type, quoted or not.
 */
#include "helpers.h"

#include "buf.h"
#include "multipart.h"

struct sink {
	struct buf file;
	struct buf other;
	char filename[256];
};

static int collect(void *arg, const char *name, const char *filename, const char *data, size_t len)
{
	struct sink *s = arg;

	if (strcmp(name, "file") == 0) {
		snprintf(s->filename, sizeof(s->filename), "%s", filename);
		return buf_add(&s->file, data, len) == BUF_OK ? 0 : -1;
	}
	return buf_add(&s->other, data, len) == BUF_OK ? 0 : -1;
}

static const char body_ok[] = "preamble to ignore\r\n"
			      "--XyZ\r\n"
			      "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
			      "hello\r\n"
			      "--XyZ\r\n"
			      "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".pdf\"\r\n"
			      "Content-Type: application/pdf\r\n\r\n"
			      "%PDF\r\n--XyYnot a delimiter\r\n-\r\n--Xy\r\nend"
			      "\r\n--XyZ--\r\n";

/* Feed `body` in pieces of `step` bytes; the result of multipart_finish. */
static int run(const char *type, const char *body, size_t len, size_t step, struct sink *s)
{
	struct multipart mp;
	size_t off;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	buf_init(&s->file, 1 << 20);
	buf_init(&s->other, 1 << 20);
	if (multipart_init(&mp, type, collect, s) != 0)
		return -2;
	for (off = 0; off < len && rc == 0; off += step)
		rc = multipart_feed(&mp, body + off, len - off < step ? len - off : step);
	return rc == 0 ? multipart_finish(&mp) : rc;
}

static void sink_free(struct sink *s)
{
	buf_free(&s->file);
	buf_free(&s->other);
}

static void whole_and_byte_by_byte_agree(void **state)
{
	static const char expected[] = "%PDF\r\n--XyYnot a delimiter\r\n-\r\n--Xy\r\nend";
	size_t steps[] = {sizeof(body_ok), 1, 2, 3, 7};
	struct sink s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		assert_int_equal(run("multipart/form-data; boundary=XyZ", body_ok, sizeof(body_ok) - 1, steps[i], &s), 0);
		assert_int_equal(s.file.len, sizeof(expected) - 1);
		assert_memory_equal(s.file.data, expected, sizeof(expected) - 1);
		assert_string_equal(s.other.data, "hello");
		assert_string_equal(s.filename, "a \"b\".pdf");
		sink_free(&s);
	}
}

static void malformed_bodies_are_errors(void **state)
{
	static const char *const bad[] = {
		/* no closing boundary */
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n",
		/* truncated inside the content */
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nab",
		/* truncated inside the closing delimiter */
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--Xy",
		/* garbage after the closing boundary */
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--XyZ--\r\nmore",
		/* a part without headers */
		"--XyZ\r\n\r\nabc\r\n--XyZ--\r\n",
		/* a part without a name */
		"--XyZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--\r\n",
		/* no boundary at all */
		"just some bytes",
		/* truncated inside the headers */
		"--XyZ\r\nContent-Disposition: form-da",
	};
	struct sink s;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run("multipart/form-data; boundary=XyZ", bad[i], strlen(bad[i]), 1, &s), -1);
		sink_free(&s);
		assert_int_equal(run("multipart/form-data; boundary=XyZ", bad[i], strlen(bad[i]), 4096, &s), -1);
		sink_free(&s);
	}
}

static void boundary_from_the_content_type(void **state)
{
	static const char body[] = "--a b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--a b--";
	struct sink s;

	(void)state;
	assert_int_equal(run("multipart/form-data; boundary=\"a b\"", body, sizeof(body) - 1, 3, &s), 0);
	assert_string_equal(s.file.data, "x");
	sink_free(&s);
	assert_int_equal(run("application/json", body, sizeof(body) - 1, 3, &s), -2);
	sink_free(&s);
	assert_int_equal(run("multipart/form-data", body, sizeof(body) - 1, 3, &s), -2);
	sink_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_and_byte_by_byte_agree),
		cmocka_unit_test(malformed_bodies_are_errors),
		cmocka_unit_test(boundary_from_the_content_type),
	};
	return cmocka_run_group_tests_name("multipart", tests, NULL, NULL);
}
