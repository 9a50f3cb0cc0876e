/*
 * auth_api.c - the session routes (see auth_api.h): signing in with the
 * lockout judged in short transactions around a hash computed on the
 * password lane, signing out, who am I, and changing one's password.
 */
#include "auth_api.h"

#include "audit_api.h"
#include "auth.h"
#include "pwlane.h"
#include "record_api.h"
#include "settings.h"
#include "user.h"
#include "util.h"
#include "validate.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>


/* ---- storage: login state ---- */

struct login_row {
	int64_t id;
	bool active;
	int64_t locked_until;
	char hash[crypto_pwhash_STRBYTES];
};

/* DB_ROW when found, DB_DONE when no such user. */
static int login_row_load(struct db *db, const char *username, struct login_row *row)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, "SELECT id, is_active, locked_until, password_hash FROM users WHERE username = ?", &st);

	if (rc != DB_OK)
		return rc;
	rc = db_bind_text(st, 1, username);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		row->id = db_column_int64(st, 0);
		row->active = db_column_int64(st, 1) != 0;
		row->locked_until = db_column_int64(st, 2);
		snprintf(row->hash, sizeof(row->hash), "%s", db_column_text(st, 3));
	}
	db_finalize(st);
	return rc;
}

static int session_insert(struct db *db, int64_t user_id, const char *token_hash, const char *csrf,
			  const char *client_ip)
{
	char now[32];

	util_now_rfc3339(now, sizeof(now));
	return db_execf(db,
			"INSERT INTO sessions (token_hash, csrf_token, user_id, client_ip, created_at, last_seen)"
			" VALUES (?, ?, ?, ?, ?, ?)",
			"ttitti", token_hash, csrf, user_id, client_ip, now, util_now());
}

/* ---- handlers ---- */

static const struct vfield login_fields[] = {
	{"username", "用户名", V_STRING, VF_REQUIRED, 1, 64, NULL},
	{"password", "密码", V_STRING, VF_REQUIRED, 1, AUTH_PASSWORD_MAX, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int audit_login_event(struct request *req, const char *action, int64_t user_id, const char *username)
{
	struct audit_actor who = {user_id, username, req->client_ip};
	json_t *after = json_pack("{s:s}", "username", username);
	int rc = db_begin(req->db);

	if (rc == DB_OK)
		rc = audit_write(req->db, &who, action, "user", user_id, NULL, after);
	if (rc == DB_OK)
		rc = db_commit(req->db);
	if (rc != DB_OK)
		db_rollback(req->db);
	json_decref(after);
	return rc;
}

static int answer_bad_credentials(struct request *req, struct response *res)
{
	return http_error(req, res, 401, "invalid_credentials", NULL, "wrong username or password",
			  "用户名或密码错误");
}

static int answer_locked(struct request *req, struct response *res, int64_t locked_until, int64_t lock_minutes)
{
	char en[160], zh[160];
	int64_t minutes = locked_until > util_now() ? (locked_until - util_now() + 59) / 60 : lock_minutes;

	snprintf(en, sizeof(en), "too many wrong passwords: the account is locked for %lld more minutes",
		 (long long)minutes);
	snprintf(zh, sizeof(zh), "密码错误次数过多,账号已锁定,请 %lld 分钟后再试", (long long)minutes);
	return http_error(req, res, 423, "account_locked", NULL, en, zh);
}

static int answer_lane_full(struct request *req, struct response *res)
{
	res->retry_after = 2;
	return http_error(req, res, 503, "busy", NULL, "too many sign-ins at once, please try again in a moment",
			  "同时登录的人过多,请稍后重试");
}

/*
 * Sign-in, first half: in one short transaction, refuse a locked account
 * (423) or count this attempt as a failure until the password proves right,
 * so that no more than `lockout_threshold` attempts are ever being judged.
 * *admitted tells whether the password is to be checked.
 */
static int login_admit(struct request *req, struct response *res, const char *username, struct login_row *row,
		       bool *admitted)
{
	int64_t threshold, minutes, failures = 0;
	int rc;

	*admitted = false;
	rc = db_begin(req->db);
	if (rc == DB_OK) {
		rc = login_row_load(req->db, username, row);
		if (rc == DB_DONE) {
			db_rollback(req->db); /* no such user: checked against a dummy hash all the same */
			*admitted = true;
			return 0;
		}
		rc = rc == DB_ROW ? DB_OK : rc;
	}
	if (rc == DB_OK)
		rc = db_query_int(req->db, &failures, "SELECT failed_logins FROM users WHERE id = ?", "i", row->id);
	threshold = settings_get_int(req->db, "lockout_threshold", 5);
	minutes = settings_get_int(req->db, "lockout_minutes", 15);
	if (rc == DB_OK && (row->locked_until > util_now() || failures >= threshold)) {
		struct audit_actor who = {row->id, username, req->client_ip};
		json_t *after = json_pack("{s:s}", "username", username);

		rc = audit_write(req->db, &who, "login_refused_locked", "user", row->id, NULL, after);
		json_decref(after);
		rc = record_commit(req, res, rc);
		return rc ? rc : answer_locked(req, res, row->locked_until, minutes);
	}
	if (rc == DB_OK)
		rc = db_execf(req->db, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", "i", row->id);
	rc = record_commit(req, res, rc);
	*admitted = rc == 0;
	return rc;
}

/* A wrong password (already counted): lock at the threshold, audit both, answer. */
static int login_failed(struct request *req, struct response *res, const struct login_row *row, const char *username)
{
	struct audit_actor who = {row->id, username, req->client_ip};
	json_t *after = json_pack("{s:s}", "username", username);
	int64_t failures = 0, threshold, minutes;
	int rc = db_begin(req->db);

	threshold = settings_get_int(req->db, "lockout_threshold", 5);
	minutes = settings_get_int(req->db, "lockout_minutes", 15);
	if (rc == DB_OK)
		rc = db_query_int(req->db, &failures, "SELECT failed_logins FROM users WHERE id = ?", "i", row->id);
	if (rc == DB_OK)
		rc = audit_write(req->db, &who, "login_failed", "user", row->id, NULL, after);
	if (rc == DB_OK && failures >= threshold) {
		rc = db_execf(req->db, "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?", "ii",
			      util_now() + minutes * 60, row->id);
		if (rc == DB_OK)
			rc = audit_write(req->db, &who, "account_locked", "user", row->id, NULL, after);
	}
	json_decref(after);
	rc = record_commit(req, res, rc);
	return rc ? rc : answer_bad_credentials(req, res);
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

/* Create the session and answer {token, csrf_token, user}. */
static int login_succeeded(struct request *req, struct response *res, const struct login_row *row,
			   const char *username)
{
	struct audit_actor who = {row->id, username, req->client_ip};
	char token[65], token_hash[65], csrf[33];
	json_t *user = NULL;
	int rc;

	util_random_hex(token, 32);
	util_random_hex(csrf, 16);
	util_sha256_hex(token, strlen(token), token_hash);
	rc = db_begin(req->db);
	if (rc == DB_OK)
		rc = db_execf(req->db, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?", "i", row->id);
	if (rc == DB_OK)
		rc = session_insert(req->db, row->id, token_hash, csrf, req->client_ip);
	if (rc == DB_OK)
		rc = audit_write(req->db, &who, "login", "user", row->id, NULL, NULL);
	if (rc == DB_OK)
		user = user_db_get(req->db, row->id, &rc);
	rc = record_commit(req, res, rc);
	if (rc) {
		json_decref(user);
		return rc;
	}
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
	const char *username, *password;
	bool admitted = false;
	int rc;

	rc = validate_body(req, res, req->json, login_fields, false);
	if (rc)
		return rc;
	username = json_string_value(json_object_get(req->json, "username"));
	password = json_string_value(json_object_get(req->json, "password"));
	memset(&row, 0, sizeof(row));
	if (!req->pw_done) {
		if (!pwlane_reserve())
			return answer_lane_full(req, res);
		rc = login_admit(req, res, username, &row, &admitted);
		if (!admitted) {
			pwlane_release();
			return rc;
		}
		pthread_once(&dummy_once, dummy_hash_init);
		memset(req->pw, 0, sizeof(*req->pw));
		req->pw->kind = PW_VERIFY;
		snprintf(req->pw->password, sizeof(req->pw->password), "%s", password);
		snprintf(req->pw->hash, sizeof(req->pw->hash), "%s", row.id ? row.hash : dummy_hash);
		return HTTP_DEFERRED;
	}
	rc = login_row_load(req->db, username, &row);
	if (rc != DB_ROW && rc != DB_DONE)
		return http_error_db(req, res, rc);
	if (rc == DB_DONE) {
		rc = audit_login_event(req, "login_failed", 0, username);
		return rc == DB_OK ? answer_bad_credentials(req, res) : http_error_db(req, res, rc);
	}
	if (req->pw->result != 1)
		return login_failed(req, res, &row, username);
	if (!row.active) {
		rc = db_execf(req->db, "UPDATE users SET failed_logins = 0 WHERE id = ?", "i", row.id);
		if (rc != DB_OK)
			return http_error_db(req, res, rc);
		return http_error(req, res, 403, "account_inactive", NULL, "this account has been deactivated",
				  "该账号已停用,请联系系统管理员");
	}
	return login_succeeded(req, res, &row, username);
}

int auth_logout(struct request *req, struct response *res)
{
	int rc = db_begin(req->db);

	if (rc == DB_OK)
		rc = db_execf(req->db, "DELETE FROM sessions WHERE id = ?", "i", req->user.session_id);
	if (rc == DB_OK)
		rc = audit_record(req, "logout", "user", req->user.id, NULL, NULL);
	rc = record_commit(req, res, rc);
	if (rc)
		return rc;
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

int auth_password(struct request *req, struct response *res)
{
	struct pw_job job;
	struct login_row row;
	char hash[crypto_pwhash_STRBYTES];
	const char *current, *next;
	int rc;

	rc = validate_body(req, res, req->json, password_fields, false);
	if (rc)
		return rc;
	current = json_string_value(json_object_get(req->json, "current_password"));
	next = json_string_value(json_object_get(req->json, "new_password"));
	rc = login_row_load(req->db, req->user.username, &row);
	if (rc != DB_ROW)
		return http_error_db(req, res, rc);
	if (auth_lane_job(PW_VERIFY, current, row.hash, &job) != 0)
		return answer_lane_full(req, res);
	if (job.result != 1)
		return validate_fail(req, res, "current_password", "the current password is wrong", "当前密码不正确");
	if (strcmp(current, next) == 0)
		return validate_fail(req, res, "new_password", "the new password must differ from the current one",
				     "新密码不能与当前密码相同");
	if (auth_lane_job(PW_HASH, next, NULL, &job) != 0)
		return answer_lane_full(req, res);
	if (job.result != 0)
		return http_error_internal(req, res);
	memcpy(hash, job.hash, sizeof(hash));
	rc = db_begin(req->db);
	if (rc == DB_OK)
		rc = user_db_set_password(req->db, req->user.id, hash);
	/* Every other session of this user ends; this one stays. */
	if (rc == DB_OK)
		rc = db_execf(req->db, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", "ii", req->user.id,
			      req->user.session_id);
	if (rc == DB_OK)
		rc = audit_record(req, "password_change", "user", req->user.id, NULL, NULL);
	rc = record_commit(req, res, rc);
	if (rc)
		return rc;
	return http_json(res, 200, json_pack("{s:b}", "ok", 1));
}
