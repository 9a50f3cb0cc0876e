/*
 * session.c - signing in with the lockout, signing out and changing one's
 * password, each decided and written in one transaction (see session.h).
 */
#include "session.h"

#include "audit.h"
#include "settings.h"
#include "user.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

int session_login_row(struct db *db, const char *username, struct login_row *row)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, "SELECT id, is_active, locked_until, password_hash, failed_logins FROM users WHERE username = ?", &st);

	memset(row, 0, sizeof(*row));
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
		row->failures = db_column_int64(st, 4);
	}
	db_finalize(st);
	return rc;
}

/* Audit a sign-in event of user `user_id` (0: unknown) as `who`; `named` adds {username} as the after. */
static int audit_login(struct db *db, const struct actor *who, const char *action, int64_t user_id, bool named)
{
	struct audit_actor a = {user_id, who->username, who->client_ip};
	json_t *after = named ? json_pack("{s:s}", "username", who->username) : NULL;
	int rc = named && !after ? DB_ERR : audit_write(db, &a, action, "user", user_id, NULL, after);

	json_decref(after);
	return rc;
}

/* Commit what was written (a refusal's audit entries too), then answer `status`; a failed write rolls all back. */
static int commit_then(struct db *db, int status, int rc, struct op_error *err)
{
	int done = op_finish(db, 0, rc, err);

	return done ? done : status;
}

static int fail_locked(struct op_error *err, int64_t locked_until, int64_t lock_minutes, int64_t now)
{
	char en[160], zh[160];
	int64_t minutes = locked_until > now ? (locked_until - now + 59) / 60 : lock_minutes;

	snprintf(en, sizeof(en), "too many wrong passwords: the account is locked for %lld more minutes",
		 (long long)minutes);
	snprintf(zh, sizeof(zh), "密码错误次数过多,账号已锁定,请 %lld 分钟后再试", (long long)minutes);
	return op_fail(err, 423, "account_locked", NULL, en, zh);
}

static int fail_credentials(struct op_error *err)
{
	return op_fail(err, 401, "invalid_credentials", NULL, "wrong username or password", "用户名或密码错误");
}

int session_admit(struct db *db, const struct actor *who, int64_t now, struct login_row *row, struct op_error *err)
{
	int64_t threshold, minutes;
	int rc = db_begin(db);

	memset(row, 0, sizeof(*row));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	rc = session_login_row(db, who->username, row);
	if (rc == DB_DONE) { /* no such user: checked against a dummy hash all the same */
		db_rollback(db);
		return 0;
	}
	rc = rc == DB_ROW ? DB_OK : rc;
	threshold = settings_get_int(db, "lockout_threshold", 5);
	minutes = settings_get_int(db, "lockout_minutes", 15);
	if (rc == DB_OK && (row->locked_until > now || row->failures >= threshold)) {
		rc = audit_login(db, who, "login_refused_locked", row->id, true);
		return commit_then(db, fail_locked(err, row->locked_until, minutes, now), rc, err);
	}
	if (rc == DB_OK)
		rc = db_execf(db, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", "i", row->id);
	return op_finish(db, 0, rc, err);
}

/*
 * A wrong password (already counted by session_admit; `row` read again in
 * this transaction): audited, and the account locked at the threshold.
 */
static int login_failed(struct db *db, const struct actor *who, const struct login_row *row, int64_t now)
{
	int64_t threshold = settings_get_int(db, "lockout_threshold", 5),
		minutes = settings_get_int(db, "lockout_minutes", 15);
	int rc = audit_login(db, who, "login_failed", row->id, true);

	if (rc == DB_OK && row->failures >= threshold) {
		rc = db_execf(db, "UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?", "ii",
			      now + minutes * 60, row->id);
		if (rc == DB_OK)
			rc = audit_login(db, who, "account_locked", row->id, true);
	}
	return rc;
}

/* The session of a right password: failures and lock cleared, the session stored, audited; *user the user. */
static int login_succeeded(struct db *db, const struct actor *who, const struct login_row *row,
			   const struct session_keys *keys, int64_t now, json_t **user)
{
	char created[32];
	int rc = db_execf(db, "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE id = ?", "i", row->id);

	util_now_rfc3339(created, sizeof(created));
	if (rc == DB_OK)
		rc = db_execf(db,
			      "INSERT INTO sessions (token_hash, csrf_token, user_id, client_ip, created_at, last_seen)"
			      " VALUES (?, ?, ?, ?, ?, ?)",
			      "ttitti", keys->token_hash, keys->csrf, row->id, who->client_ip, created, now);
	if (rc == DB_OK)
		rc = audit_login(db, who, "login", row->id, false);
	if (rc == DB_OK)
		*user = user_db_get(db, row->id, &rc);
	return rc;
}

int session_open(struct db *db, const struct actor *who, bool verified, const struct session_keys *keys,
		 int64_t now, json_t **user, struct op_error *err)
{
	struct login_row row;
	int status = 0, rc = db_begin(db);

	*user = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	rc = session_login_row(db, who->username, &row);
	if (rc == DB_DONE) {
		rc = audit_login(db, who, "login_failed", 0, true);
		status = fail_credentials(err);
	} else if (rc == DB_ROW && !verified) {
		rc = login_failed(db, who, &row, now);
		status = fail_credentials(err);
	} else if (rc == DB_ROW && !row.active) {
		rc = db_execf(db, "UPDATE users SET failed_logins = 0 WHERE id = ?", "i", row.id);
		status = op_fail(err, 403, "account_inactive", NULL, "this account has been deactivated",
				 "该账号已停用,请联系系统管理员");
	} else if (rc == DB_ROW) {
		rc = login_succeeded(db, who, &row, keys, now, user);
	}
	status = commit_then(db, status, rc, err);
	if (status) {
		json_decref(*user);
		*user = NULL;
	}
	return status;
}

int session_close(struct db *db, const struct actor *who, int64_t session_id, struct op_error *err)
{
	int rc = db_begin(db);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	rc = db_execf(db, "DELETE FROM sessions WHERE id = ? AND user_id = ?", "ii", session_id, who->id);
	if (rc == DB_OK)
		rc = op_audit(db, who, "logout", "user", who->id, NULL, NULL);
	return op_finish(db, 0, rc, err);
}

/* The change judged on the password as stored now: 0 or the refusal's status. */
static int judge_password(const struct password_change *pc, const char *stored, struct op_error *err)
{
	if (!pc->current_ok || !pc->checked_hash || strcmp(stored, pc->checked_hash) != 0)
		return op_invalid(err, "current_password", "the current password is wrong", "当前密码不正确");
	if (strcmp(pc->current, pc->next) == 0)
		return op_invalid(err, "new_password", "the new password must differ from the current one",
				  "新密码不能与当前密码相同");
	return pc->next_hash ? 0 : op_fail_db(err, DB_ERR);
}

int session_change_password(struct db *db, const struct actor *who, int64_t keep_session,
			    const struct password_change *pc, struct op_error *err)
{
	struct login_row row;
	int status = 0, rc = db_begin(db);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	rc = session_login_row(db, who->username, &row);
	if (rc == DB_DONE)
		status = op_not_found(err);
	else if (rc == DB_ROW)
		status = judge_password(pc, row.hash, err);
	rc = rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
	if (!status && rc == DB_OK)
		rc = user_db_set_password(db, row.id, pc->next_hash);
	/* Every other session of this user ends; this one stays. */
	if (!status && rc == DB_OK)
		rc = db_execf(db, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", "ii", row.id, keep_session);
	if (!status && rc == DB_OK)
		rc = op_audit(db, who, "password_change", "user", row.id, NULL, NULL);
	return op_finish(db, status, rc, err);
}
