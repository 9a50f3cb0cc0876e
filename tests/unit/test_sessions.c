/*
 * test_sessions.c - the operations of sessions, users, report drafts and
 * attachments called directly without a server: a sign-in opens a session
 * and is audited, wrong passwords lock the account at the threshold and a
 * locked account is refused; signing out ends the session; a password
 * change is refused with a wrong current password or the same new one and
 * ends the other sessions when made; a user is added once, a duplicate
 * refused; a draft saved, finalised and then refused an edit; a file's row
 * refused on another unit's record. Nothing is written after a refusal
 * (the refused sign-ins write only their audit entries), and every change
 * is audited.
 */
#include "helpers.h"

#include "attachment.h"
#include "report_draft.h"
#include "session.h"
#include "user.h"

#include <jansson.h>

static const struct actor admin = {1, ROLE_ADMIN, 0, "admin", "127.0.0.1"};
static const struct actor unit2 = {2, ROLE_UNIT, 2, "unit2", "127.0.0.1"};
static const struct actor caller = {0, 0, 0, "admin", "10.0.0.9"}; /* a sign-in as "admin" */
static const struct actor cli = {0, ROLE_ADMIN, 0, "cli", "local"}; /* the command line */
static const struct session_keys keys = {"token-hash-1", "csrf-1"};

#define NOW 1700000000

static int64_t audits(struct db *db, const char *action)
{
	int64_t n = -1;

	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM audit_log WHERE action = ?", "t", action), DB_OK);
	return n;
}

/* Units 1 and 2, users 1 (admin, hash "h1") and 2 (unit user of unit 2), letter 1 of unit 1. */
static void seed(struct db *db)
{
	assert_int_equal(db_execf(db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('市商务局', 'city_bureau', 'x', 'x'), ('市教育局', 'city_bureau', 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO users (username, display_name, password_hash, role, unit_id, created_at, updated_at) VALUES ('admin', '管理员', 'h1', 'admin', NULL, 'x', 'x'), ('unit2', '单位二', 'h2', 'unit', 2, 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO letters (kind, letter_date, unit_id, purpose, persons_json, person_count, created_at, updated_at) VALUES ('introduction', '2024-01-02', 1, '办理签证', '[]', 1, 'x', 'x')", ""), DB_OK);
}

static void sign_in_opens_a_session(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct login_row row;
	struct op_error err;
	json_t *user = NULL;

	seed(db);
	assert_int_equal(session_admit(db, &caller, NOW, &row, &err), 0);
	assert_int_equal(row.id, 1);
	assert_string_equal(row.hash, "h1");
	assert_int_equal(test_count(db, "SELECT failed_logins FROM users WHERE id = 1"), 1); /* counted until proven right */
	assert_int_equal(session_open(db, &caller, true, &keys, NOW, &user, &err), 0);
	assert_string_equal(json_string_value(json_object_get(user, "username")), "admin");
	json_decref(user);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions WHERE user_id = 1 AND token_hash = 'token-hash-1'"), 1);
	assert_int_equal(test_count(db, "SELECT failed_logins FROM users WHERE id = 1"), 0);
	assert_int_equal(audits(db, "login"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND client_ip = '10.0.0.9'"), 1);
}

static void unknown_user_is_refused(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	const struct actor ghost = {0, 0, 0, "ghost", "10.0.0.9"};
	struct login_row row;
	struct op_error err;
	json_t *user = NULL;

	seed(db);
	assert_int_equal(session_admit(db, &ghost, NOW, &row, &err), 0);
	assert_int_equal(row.id, 0); /* checked against a dummy hash all the same */
	assert_int_equal(session_open(db, &ghost, true, &keys, NOW, &user, &err), 401);
	assert_string_equal(err.code, "invalid_credentials");
	assert_null(user);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 0);
	assert_int_equal(audits(db, "login_failed"), 1);
}

static void wrong_passwords_lock_the_account(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct login_row row;
	struct op_error err;
	json_t *user = NULL;
	int i;

	seed(db);
	for (i = 0; i < 5; i++) {
		assert_int_equal(session_admit(db, &caller, NOW, &row, &err), 0);
		assert_int_equal(session_open(db, &caller, false, &keys, NOW, &user, &err), 401);
		assert_string_equal(err.code, "invalid_credentials");
	}
	assert_int_equal(audits(db, "login_failed"), 5);
	assert_int_equal(audits(db, "account_locked"), 1);
	assert_int_equal(test_count(db, "SELECT locked_until FROM users WHERE id = 1"), NOW + 15 * 60);
	/* locked: refused before the password is looked at, even a right one, and nothing but the refusal's audit written */
	assert_int_equal(session_admit(db, &caller, NOW + 60, &row, &err), 423);
	assert_string_equal(err.code, "account_locked");
	assert_non_null(strstr(err.en, "14 more minutes"));
	assert_int_equal(audits(db, "login_refused_locked"), 1);
	assert_int_equal(test_count(db, "SELECT failed_logins FROM users WHERE id = 1"), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 0);
	/* after the lock: admitted again */
	assert_int_equal(session_admit(db, &caller, NOW + 16 * 60, &row, &err), 0);
	assert_int_equal(session_open(db, &caller, true, &keys, NOW + 16 * 60, &user, &err), 0);
	json_decref(user);
}

static void deactivated_account_is_refused(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct login_row row;
	struct op_error err;
	json_t *user = NULL;

	seed(db);
	assert_int_equal(db_execf(db, "UPDATE users SET is_active = 0 WHERE id = 1", ""), DB_OK);
	assert_int_equal(session_admit(db, &caller, NOW, &row, &err), 0);
	assert_int_equal(session_open(db, &caller, true, &keys, NOW, &user, &err), 403);
	assert_string_equal(err.code, "account_inactive");
	assert_null(user);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 0);
	assert_int_equal(test_count(db, "SELECT failed_logins FROM users WHERE id = 1"), 0);
}

static void sign_out_ends_the_session(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	int64_t sid;

	seed(db);
	assert_int_equal(db_execf(db, "INSERT INTO sessions (token_hash, csrf_token, user_id, client_ip, created_at, last_seen) VALUES ('a', 'c', 1, 'x', 'x', 1), ('b', 'c', 1, 'x', 'x', 1)", ""), DB_OK);
	sid = test_count(db, "SELECT MIN(id) FROM sessions");
	assert_int_equal(session_close(db, &admin, sid, &err), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 1);
	assert_int_equal(audits(db, "logout"), 1);
	/* another user's session is not the caller's to end */
	assert_int_equal(session_close(db, &unit2, sid + 1, &err), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 1);
}

static void password_change_refused_or_made(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct password_change pc = {"old-password", "new-password", false, "h1", NULL};
	struct op_error err;
	int64_t keep;

	seed(db);
	assert_int_equal(db_execf(db, "INSERT INTO sessions (token_hash, csrf_token, user_id, client_ip, created_at, last_seen) VALUES ('a', 'c', 1, 'x', 'x', 1), ('b', 'c', 1, 'x', 'x', 1)", ""), DB_OK);
	keep = test_count(db, "SELECT MIN(id) FROM sessions");
	assert_int_equal(session_change_password(db, &admin, keep, &pc, &err), 422);
	assert_string_equal(err.field, "current_password");
	pc.current_ok = true;
	pc.checked_hash = "an-older-hash"; /* verified against a hash no longer stored */
	pc.next_hash = "h-new";
	assert_int_equal(session_change_password(db, &admin, keep, &pc, &err), 422);
	assert_string_equal(err.field, "current_password");
	pc.checked_hash = "h1";
	pc.next = "old-password";
	assert_int_equal(session_change_password(db, &admin, keep, &pc, &err), 422);
	assert_string_equal(err.field, "new_password");
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM users WHERE password_hash = 'h1'"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 2);
	assert_int_equal(audits(db, "password_change"), 0);
	pc.next = "new-password";
	assert_int_equal(session_change_password(db, &admin, keep, &pc, &err), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM users WHERE id = 1 AND password_hash = 'h-new'"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 1);
	assert_int_equal(test_count(db, "SELECT id FROM sessions"), keep);
	assert_int_equal(audits(db, "password_change"), 1);
}

static void user_added_once(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *user = NULL;
	json_t *body = json_pack("{s:s, s:s, s:s, s:n, s:s}", "username", "zhaomin", "display_name", "赵敏", "role",
				 "officer", "unit_id", "password", "a-good-password");

	seed(db);
	assert_int_equal(user_add(db, &cli, body, "h-zhao", &user, &err), 0);
	assert_string_equal(json_string_value(json_object_get(user, "role")), "officer");
	assert_null(json_object_get(user, "password_hash"));
	json_decref(user);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM users WHERE username = 'zhaomin' AND password_hash = 'h-zhao'"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = 'user' AND username = 'cli'"), 1);
	assert_int_equal(user_add(db, &cli, body, "h-zhao", &user, &err), 409);
	assert_string_equal(err.code, "duplicate");
	assert_non_null(strstr(err.en, "already exists"));
	assert_null(user);
	json_object_set_new(body, "username", json_string("wenlv"));
	json_object_set_new(body, "role", json_string("unit")); /* a unit user needs a unit */
	assert_int_equal(user_add(db, &cli, body, "h-zhao", &user, &err), 422);
	assert_string_equal(err.field, "unit_id");
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM users"), 3);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'user'"), 1);
	json_decref(body);
}

static void user_password_reset_unlocks(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *user = NULL;

	seed(db);
	assert_int_equal(db_execf(db, "UPDATE users SET locked_until = 99999999999, failed_logins = 3 WHERE id = 2", ""), DB_OK);
	assert_int_equal(db_execf(db, "INSERT INTO sessions (token_hash, csrf_token, user_id, client_ip, created_at, last_seen) VALUES ('a', 'c', 2, 'x', 'x', 1)", ""), DB_OK);
	assert_int_equal(user_reset_password(db, &cli, 2, "h-fresh", &user, &err), 0);
	json_decref(user);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM users WHERE id = 2 AND password_hash = 'h-fresh' AND locked_until = 0 AND failed_logins = 0 AND version = 2"), 1);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM sessions"), 0);
	assert_int_equal(audits(db, "password_reset"), 1);
	assert_int_equal(user_reset_password(db, &cli, 99, "h-fresh", &user, &err), 404);
	assert_int_equal(user_set_active(db, &admin, 1, 0, false, &user, &err), 409); /* not oneself */
	assert_int_equal(user_set_active(db, &cli, 2, 0, false, &user, &err), 0);
	json_decref(user);
	assert_int_equal(test_count(db, "SELECT is_active FROM users WHERE id = 2"), 0);
	assert_int_equal(audits(db, "deactivate"), 1);
}

static void draft_saved_then_final(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *draft = NULL, *edit = json_pack("{s:s}", "title", "2024年上半年工作总结(修改)");
	json_t *bad = json_pack("{s:[{s:s, s:s}]}", "paragraphs", "key", "no.such", "text", "x");

	seed(db);
	assert_int_equal(report_draft_new(db, &admin, "2024-06-30", "2024-01-01", &draft, &err), 422);
	assert_int_equal(report_draft_new(db, &admin, "2024-01-01", "2024-06-30", &draft, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(draft, "version")), 1);
	json_decref(draft);
	assert_int_equal(report_draft_edit(db, &admin, 1, 1, bad, &draft, &err), 422);
	assert_string_equal(err.field, "paragraphs");
	assert_int_equal(report_draft_edit(db, &admin, 1, 1, edit, &draft, &err), 0);
	assert_string_equal(json_string_value(json_object_get(draft, "title")), "2024年上半年工作总结(修改)");
	assert_int_equal(json_integer_value(json_object_get(draft, "version")), 2);
	json_decref(draft);
	assert_int_equal(report_draft_edit(db, &admin, 1, 1, edit, &draft, &err), 409); /* stale */
	assert_string_equal(err.code, "stale");
	assert_int_equal(report_draft_set_final(db, &admin, 1, 0, true, &draft, &err), 0);
	assert_string_equal(json_string_value(json_object_get(draft, "status")), "final");
	assert_string_equal(json_string_value(json_object_get(draft, "finalized_by")), "admin");
	json_decref(draft);
	assert_int_equal(report_draft_set_final(db, &admin, 1, 0, true, &draft, &err), 409);
	assert_int_equal(report_draft_edit(db, &admin, 1, 0, edit, &draft, &err), 409);
	assert_int_equal(report_draft_regenerate(db, &admin, 1, 0, &draft, &err), 409);
	assert_int_equal(report_draft_edit(db, &admin, 99, 0, edit, &draft, &err), 404);
	assert_null(draft);
	assert_int_equal(test_count(db, "SELECT version FROM report_drafts WHERE id = 1"), 3);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM report_draft_versions"), 3);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'report_draft'"), 3);
	json_decref(edit);
	json_decref(bad);
}

/* A draft grows by at most 20 paragraphs an edit, and in all to 200 000 characters: past it, refused, nothing saved. */
static void draft_size_is_bounded(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct op_error err;
	json_t *draft = NULL, *big = json_pack("{s:[]}", "add"); /* 20 paragraphs of 3 000 characters: 60 000 */
	char *text = calloc(3000 * 3 + 1, 1);
	int i, saved = 0, status = 0;

	assert_non_null(text);
	for (i = 0; i < 3000; i++)
		memcpy(text + i * 3, "字", 3);
	for (i = 0; i < 20; i++)
		json_array_append_new(json_object_get(big, "add"), json_pack("{s:s, s:s}", "section", "plan", "text", text));
	free(text);
	seed(db);
	assert_int_equal(report_draft_new(db, &admin, "2024-01-01", "2024-06-30", &draft, &err), 0);
	json_decref(draft);
	while (saved < 8 && (status = report_draft_edit(db, &admin, 1, 0, big, &draft, &err)) == 0) {
		json_decref(draft);
		saved++;
	}
	assert_int_equal(status, 422);
	assert_string_equal(err.field, "add");
	assert_null(draft);
	assert_int_equal(saved, 3); /* 3 x 60 000 fit within 200 000, a fourth does not */
	assert_int_equal(test_count(db, "SELECT version FROM report_drafts WHERE id = 1"), 1 + saved);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM report_draft_versions"), 1 + saved);
	json_decref(big);
}

static void attachment_row_within_scope(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	const struct attachment_file file = {"批件.pdf", "application/pdf", "ab12", 42};
	struct op_error err;
	json_t *row = NULL;

	seed(db);
	assert_int_equal(attachment_add(db, &unit2, "letter", 1, &file, &row, &err), 403); /* unit 1's letter */
	assert_null(row);
	assert_int_equal(attachment_add(db, &admin, "letter", 99, &file, &row, &err), 404);
	assert_int_equal(attachment_add(db, &admin, "planet", 1, &file, &row, &err), 422);
	assert_int_equal(attachment_add(db, &unit2, "case", 1, &file, &row, &err), 403); /* a unit reads no cases */
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM attachments"), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log"), 0);
	assert_int_equal(attachment_add(db, &admin, "letter", 1, &file, &row, &err), 0);
	assert_string_equal(json_string_value(json_object_get(row, "filename")), "批件.pdf");
	json_decref(row);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'attachment' AND action = 'create'"), 1);
	assert_int_equal(attachment_read(db, &unit2, 1, &row, &err), 403);
	assert_int_equal(attachment_remove(db, &unit2, 1, &err), 403);
	assert_int_equal(attachment_remove(db, &admin, 1, &err), 0);
	assert_int_equal(attachment_remove(db, &admin, 1, &err), 404);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM attachments"), 0);
	assert_int_equal(test_count(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'attachment' AND action = 'delete'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(sign_in_opens_a_session, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(unknown_user_is_refused, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(wrong_passwords_lock_the_account, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(deactivated_account_is_refused, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(sign_out_ends_the_session, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(password_change_refused_or_made, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(user_added_once, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(user_password_reset_unlocks, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(draft_size_is_bounded, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(draft_saved_then_final, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(attachment_row_within_scope, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
