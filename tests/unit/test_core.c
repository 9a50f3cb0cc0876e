/*
 * test_core.c - password hashing and its lane, tokens, the growable buffer, strict
 * parsing, dates, money and body validation with its error bodies.
 */
#include "helpers.h"

#include "auth.h"
#include "http.h"
#include "pwlane.h"
#include "buf.h"
#include "util.h"
#include "validate.h"

#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>

static void password_hash_verifies_only_the_right_password(void **state)
{
	char hash[crypto_pwhash_STRBYTES];

	(void)state;
	assert_int_equal(auth_hash_password("correct horse", hash), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_true(auth_check_password(hash, "correct horse"));
	assert_false(auth_check_password(hash, "correct horsE"));
	assert_false(auth_check_password(hash, ""));
}

static void random_tokens_differ_and_have_length(void **state)
{
	char a[65], b[65];

	(void)state;
	util_random_hex(a, 32);
	util_random_hex(b, 32);
	assert_int_equal(strlen(a), 64);
	assert_string_not_equal(a, b);
	assert_true(util_secure_streq(a, a));
	assert_false(util_secure_streq(a, b));
	assert_false(util_secure_streq("abc", "abcd"));
}

static void sha256_matches_known_value(void **state)
{
	char out[65];

	(void)state;
	util_sha256_hex("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void in_list_finds_a_member_of_a_null_terminated_list(void **state)
{
	static const char *const states[] = {"draft", "submitted", NULL};

	(void)state;
	assert_true(util_in_list("submitted", states));
	assert_false(util_in_list("approved", states));
	assert_false(util_in_list("draf", states));
	assert_false(util_in_list(NULL, states));
	assert_false(util_in_list("draft", NULL));
}

/* What a lane worker saw of itself: its nice value, read on the worker's own thread. */
struct lane_probe {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool finished;
	int nice;
};

static void probe_done(struct pw_job *job)
{
	struct lane_probe *p = job->arg;

	pthread_mutex_lock(&p->lock);
	errno = 0;
	p->nice = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
	p->finished = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* The lane's argon2id threads run below the request threads (nice 10), so a sign-in flood cannot starve them. */
static void password_lane_yields_to_requests(void **state)
{
	struct lane_probe probe = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, 0};
	struct pw_job job;
	int mine = getpriority(PRIO_PROCESS, 0);

	(void)state;
	memset(&job, 0, sizeof(job));
	job.kind = PW_HASH;
	snprintf(job.password, sizeof(job.password), "correct horse");
	job.done = probe_done;
	job.arg = &probe;
	assert_int_equal(pwlane_start(1, 1), 0);
	assert_true(pwlane_reserve());
	pwlane_submit(&job);
	pthread_mutex_lock(&probe.lock);
	while (!probe.finished)
		pthread_cond_wait(&probe.cond, &probe.lock);
	pthread_mutex_unlock(&probe.lock);
	pwlane_stop();
	assert_int_equal(job.result, 0);
	assert_true(probe.nice >= 10);
	assert_true(probe.nice > mine || mine >= 10);
	assert_int_equal(getpriority(PRIO_PROCESS, 0), mine); /* the calling thread is left as it was */
}

static void buffer_grows_and_respects_limit(void **state)
{
	struct buf b;
	char *owned;
	size_t len;

	(void)state;
	buf_init(&b, 10);
	assert_string_equal(b.data, "");
	assert_int_equal(buf_adds(&b, "12345"), BUF_OK);
	assert_int_equal(buf_addf(&b, "%d", 6789), BUF_OK);
	assert_string_equal(b.data, "123456789");
	assert_int_equal(buf_adds(&b, "ab"), BUF_TOOBIG);
	assert_string_equal(b.data, "123456789");
	owned = buf_detach(&b, &len);
	assert_int_equal(len, 9);
	assert_string_equal(b.data, "");
	free(owned);
	buf_free(&b);
}

/* buf_addf writes into the room there is first: the limit holds there too, and a longer text still grows it */
static void buffer_formats_in_place_within_limit(void **state)
{
	struct buf b;
	char big[200];

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "12345"), BUF_OK); /* room for 64, limit 10 */
	assert_int_equal(buf_addf(&b, "%s", "abcdefgh"), BUF_TOOBIG);
	assert_string_equal(b.data, "12345");
	assert_int_equal(buf_addf(&b, "%s", "abcde"), BUF_OK);
	assert_string_equal(b.data, "12345abcde");
	buf_free(&b);

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_init(&b, 1000);
	assert_int_equal(buf_adds(&b, "<"), BUF_OK);
	assert_int_equal(buf_addf(&b, "%s>%d", big, -7), BUF_OK); /* past the first 64 bytes: grown, written again */
	assert_int_equal(b.len, 1 + 199 + 3);
	assert_int_equal(b.data[0], '<');
	assert_string_equal(b.data + 200, ">-7");
	buf_free(&b);
}

/* buf_add's inline path appends within the room it has: the room never reaches past the limit */
static void buffer_fast_path_keeps_the_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_reserve(&b, 4), BUF_OK);
	assert_true(b.cap <= 11); /* the limit and the terminator, not a doubling past them */
	assert_int_equal(buf_add(&b, "12345", 5), BUF_OK);
	assert_int_equal(buf_add(&b, "abcde", 5), BUF_OK);
	assert_int_equal(buf_add(&b, "x", 1), BUF_TOOBIG);
	assert_string_equal(b.data, "12345abcde");
	assert_int_equal(buf_reserve(&b, 1), BUF_TOOBIG);
	buf_free(&b);
}

static void buffer_adds_integers(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 100);
	assert_int_equal(buf_add_int(&b, 0), BUF_OK);
	assert_int_equal(buf_add(&b, " ", 1), BUF_OK);
	assert_int_equal(buf_add_int(&b, -42), BUF_OK);
	assert_int_equal(buf_add(&b, " ", 1), BUF_OK);
	assert_int_equal(buf_add_int(&b, INT64_MAX), BUF_OK);
	assert_int_equal(buf_add(&b, " ", 1), BUF_OK);
	assert_int_equal(buf_add_int(&b, INT64_MIN), BUF_OK);
	assert_string_equal(b.data, "0 -42 9223372036854775807 -9223372036854775808");
	buf_free(&b);
}

static void strict_integer_parsing(void **state)
{
	int64_t v = 0;

	(void)state;
	assert_true(util_parse_int64("42", &v));
	assert_int_equal(v, 42);
	assert_false(util_parse_int64("42x", &v));
	assert_false(util_parse_int64("", &v));
	assert_false(util_parse_int64("99999999999999999999", &v));
}

static void dates_must_be_real_days(void **state)
{
	(void)state;
	assert_true(util_valid_date("2024-02-29"));
	assert_false(util_valid_date("2023-02-29"));
	assert_false(util_valid_date("2026-13-01"));
	assert_false(util_valid_date("2026-1-01"));
	assert_false(util_valid_date("2026-01-01T00"));
}

static void money_has_at_most_two_decimals(void **state)
{
	int64_t fen = 0;
	json_t *v;

	(void)state;
	v = json_real(1234.56);
	assert_true(util_money_to_fen(v, &fen));
	assert_int_equal(fen, 123456);
	json_decref(v);
	v = json_real(1.005);
	assert_false(util_money_to_fen(v, &fen));
	json_decref(v);
	v = json_integer(-1);
	assert_false(util_money_to_fen(v, &fen));
	json_decref(v);
	v = json_string("12");
	assert_false(util_money_to_fen(v, &fen));
	json_decref(v);
}

static const char *const colours[] = {"red", "blue", NULL};
static const struct vfield fields[] = {
	{"name", "名称", V_STRING, VF_REQUIRED, 1, 4, NULL},
	{"count", "数量", V_INT, 0, 1, 10, NULL},
	{"colour", "颜色", V_ENUM, 0, 0, 0, colours},
	{"on", "日期", V_DATE, 0, 0, 0, NULL},
	{"parent_id", "上级", V_ID, VF_NULLABLE, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Validate `text`; return the error code (or "ok") and the field it names. */
static const char *check(const char *text, bool partial, bool zh, char *field, char *message)
{
	static char code[32];
	struct request req;
	struct response res;
	json_t *body = json_loads(text, 0, NULL), *err;
	int rc;

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	req.zh = zh;
	rc = validate_body(&req, &res, body, fields, partial);
	json_decref(body);
	snprintf(code, sizeof(code), "ok");
	field[0] = message[0] = '\0';
	if (rc) {
		assert_int_equal(rc, 422);
		err = json_object_get(res.json, "error");
		snprintf(code, sizeof(code), "%s", json_string_value(json_object_get(err, "code")));
		snprintf(field, 64, "%s", json_is_string(json_object_get(err, "field")) ? json_string_value(json_object_get(err, "field")) : "");
		snprintf(message, 256, "%s", json_string_value(json_object_get(err, "message")));
	}
	json_decref(res.json);
	return code;
}

static void validation_names_the_field(void **state)
{
	char field[64], msg[256];

	(void)state;
	assert_string_equal(check("{\"name\":\"北京\"}", false, false, field, msg), "ok");
	assert_string_equal(check("{}", false, false, field, msg), "required");
	assert_string_equal(field, "name");
	assert_string_equal(check("{}", true, false, field, msg), "ok");
	assert_string_equal(check("{\"name\":\"a\",\"extra\":1}", false, false, field, msg), "unknown_field");
	assert_string_equal(field, "extra");
	assert_string_equal(check("{\"name\":5}", false, false, field, msg), "invalid");
	assert_string_equal(field, "name");
	assert_string_equal(check("{\"name\":\"五个汉字啊\"}", false, false, field, msg), "invalid");
	assert_string_equal(check("{\"name\":\"四个汉字\"}", false, false, field, msg), "ok");
	assert_string_equal(check("{\"name\":\"a\",\"count\":11}", false, false, field, msg), "invalid");
	assert_string_equal(field, "count");
	assert_string_equal(check("{\"name\":\"a\",\"colour\":\"green\"}", false, false, field, msg), "invalid");
	assert_string_equal(check("{\"name\":\"a\",\"on\":\"2026-02-30\"}", false, false, field, msg), "invalid");
	assert_string_equal(check("{\"name\":\"a\",\"parent_id\":null}", false, false, field, msg), "ok");
	assert_string_equal(check("{\"name\":\"a\",\"parent_id\":0}", false, false, field, msg), "invalid");
	assert_string_equal(check("{\"name\":null}", false, false, field, msg), "required");
}

static void validation_speaks_the_callers_language(void **state)
{
	char field[64], msg[256];

	(void)state;
	check("{}", false, true, field, msg);
	assert_non_null(strstr(msg, "名称"));
	check("{}", false, false, field, msg);
	assert_non_null(strstr(msg, "required"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(password_hash_verifies_only_the_right_password),
		cmocka_unit_test(random_tokens_differ_and_have_length),
		cmocka_unit_test(sha256_matches_known_value),
		cmocka_unit_test(in_list_finds_a_member_of_a_null_terminated_list),
		cmocka_unit_test(buffer_grows_and_respects_limit),
		cmocka_unit_test(buffer_formats_in_place_within_limit),
		cmocka_unit_test(password_lane_yields_to_requests),
		cmocka_unit_test(buffer_fast_path_keeps_the_limit),
		cmocka_unit_test(buffer_adds_integers),
		cmocka_unit_test(strict_integer_parsing),
		cmocka_unit_test(dates_must_be_real_days),
		cmocka_unit_test(money_has_at_most_two_decimals),
		cmocka_unit_test(validation_names_the_field),
		cmocka_unit_test(validation_speaks_the_callers_language),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
