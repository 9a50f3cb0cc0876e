/*
 * auth_api.c - the session routes (see auth_api.h): signing in (the
 * password verified on the password lane between the two halves of
 * session.h, the session's cookie), signing out, who am I, and changing
 * one's password (hashed on the lane before session_change_password).
 */
#include "auth_api.h"

#include "auth.h"
#include "pwlane.h"
#include "session.h"
#include "user.h"
#include "util.h"
#include "validate.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>


/* ---- handlers ---- */

static const struct vfield login_fields[] = {
	{"username", "用户名", V_STRING, VF_REQUIRED, 1, 64, NULL},
	{"password", "密码", V_STRING, VF_REQUIRED, 1, AUTH_PASSWORD_MAX, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int answer_lane_full(struct request *req, struct response *res)
{
	res->retry_after = 2;
	return http_error(req, res, 503, "busy", NULL, "too many sign-ins at once, please try again in a moment",
			  "同时登录的人过多,请稍后重试");
}

static char *session_cookie(const char *token, bool clear)
{
	char cookie[256];

	if (clear)
		snprintf(cookie, sizeof(cookie), AUTH_SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	else
		snprintf(cookie, sizeof(cookie), AUTH_SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict", token);
	return strdup(cookie);
}

/* The password's verdict (from the lane): the session opened and answered {token, csrf_token, user}, or refused. */
static int login_verdict(struct request *req, struct response *res, const struct actor *who, bool verified)
{
	char token[65], token_hash[65], csrf[33];
	struct session_keys keys = {token_hash, csrf};
	struct op_error err;
	json_t *user = NULL;
	int rc;

	util_random_hex(token, 32);
	util_random_hex(csrf, 16);
	util_sha256_hex(token, strlen(token), token_hash);
	rc = session_open(req->db, who, verified, &keys, util_now(), &user, &err);
	if (rc)
		return http_error_op(req, res, &err);
	res->set_cookie = session_cookie(token, false);
	return http_json(res, 201, json_pack("{s:s, s:s, s:o}", "token", token, "csrf_token", csrf, "user", user));
}

/* A fixed hash to verify against when the user does not exist, so timing tells nothing. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_hash_init(void)
{
	struct pw_job job;

	memset(&job, 0, sizeof(job));
	job.kind = PW_HASH;
	snprintf(job.password, sizeof(job.password), "waishi-dummy-password");
	pwlane_compute(&job);
	if (job.result == 0)
		memcpy(dummy_hash, job.hash, sizeof(dummy_hash));
}

/*
 * POST /api/v1/session, in two calls: the first admits the attempt (or
 * refuses it) and hands the password to the lane (HTTP_DEFERRED); the second,
 * when the lane is done, records the verdict. No hash is computed inside a
 * transaction or on a request thread.
 */
int auth_login(struct request *req, struct response *res)
{
	struct login_row row;
	struct actor who = {0, 0, 0, NULL, req->client_ip};
	struct op_error err;
	const char *password;
	int rc;

	rc = validate_body(req, res, req->json, login_fields, false);
	if (rc)
		return rc;
	who.username = json_string_value(json_object_get(req->json, "username"));
	password = json_string_value(json_object_get(req->json, "password"));
	if (req->pw_done)
		return login_verdict(req, res, &who, req->pw->result == 1);
	if (!pwlane_reserve())
		return answer_lane_full(req, res);
	rc = session_admit(req->db, &who, util_now(), &row, &err);
	if (rc) {
		pwlane_release();
		return http_error_op(req, res, &err);
	}
	pthread_once(&dummy_once, dummy_hash_init);
	memset(req->pw, 0, sizeof(*req->pw));
	req->pw->kind = PW_VERIFY;
	snprintf(req->pw->password, sizeof(req->pw->password), "%s", password);
	snprintf(req->pw->hash, sizeof(req->pw->hash), "%s", row.id ? row.hash : dummy_hash);
	return HTTP_DEFERRED;
}

int auth_logout(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;

	if (session_close(req->db, &who, req->user.session_id, &err))
		return http_error_op(req, res, &err);
	res->set_cookie = session_cookie(NULL, true);
	return http_json(res, 200, json_pack("{s:b}", "ok", 1));
}

int auth_me(struct request *req, struct response *res)
{
	int rc;
	json_t *user = user_db_get(req->db, req->user.id, &rc);

	if (!user)
		return http_error_db(req, res, rc);
	json_object_set_new(user, "csrf_token", json_string(req->user.csrf_token));
	return http_json(res, 200, user);
}

static const struct vfield password_fields[] = {
	{"current_password", "当前密码", V_STRING, VF_REQUIRED, 1, AUTH_PASSWORD_MAX, NULL},
	{"new_password", "新密码", V_STRING, VF_REQUIRED, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/*
 * The current password verified and the new one hashed on the lane (the
 * new one only when the change can be made), then the change judged and
 * written by session_change_password.
 */
int auth_password(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct password_change pc;
	struct login_row row;
	struct pw_job job;
	char hash[crypto_pwhash_STRBYTES];
	struct op_error err;
	int rc;

	rc = validate_body(req, res, req->json, password_fields, false);
	if (rc)
		return rc;
	memset(&pc, 0, sizeof(pc));
	pc.current = json_string_value(json_object_get(req->json, "current_password"));
	pc.next = json_string_value(json_object_get(req->json, "new_password"));
	rc = session_login_row(req->db, req->user.username, &row);
	if (rc != DB_ROW)
		return http_error_db(req, res, rc);
	if (auth_lane_job(PW_VERIFY, pc.current, row.hash, &job) != 0)
		return answer_lane_full(req, res);
	pc.current_ok = job.result == 1;
	pc.checked_hash = row.hash;
	if (pc.current_ok && strcmp(pc.current, pc.next) != 0) {
		if (auth_lane_job(PW_HASH, pc.next, NULL, &job) != 0)
			return answer_lane_full(req, res);
		if (job.result != 0)
			return http_error_internal(req, res);
		memcpy(hash, job.hash, sizeof(hash));
		pc.next_hash = hash;
	}
	if (session_change_password(req->db, &who, req->user.session_id, &pc, &err))
		return http_error_op(req, res, &err);
	return http_json(res, 200, json_pack("{s:b}", "ok", 1));
}
