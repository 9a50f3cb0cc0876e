/*
 * user.c - user accounts: storage, the rules of a user's body and the
 * operations the API and the command line share (see user.h). Their
 * routes: user_api.c.
 */
#include "user.h"

#include "auth.h"
#include "db_json.h"
#include "record.h"
#include "store.h"
#include "unit.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

const char *const user_role_choices[] = {"admin", "officer", "reviewer", "director", "unit", "county", "viewer", NULL};

/* ---- storage ---- */

static const char *const user_columns[] = {"username", "display_name", "password_hash", "role", "unit_id",
					   "is_active", "failed_logins", "locked_until", NULL};

const struct record_def user_record = {
	.entity = "user",
	.table = "users",
	.select_one = "SELECT " USER_COLUMNS " FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = ?",
	.columns = user_columns,
	.unit_field = NULL,
};

json_t *user_db_get(struct db *db, int64_t id, int *rc)
{
	json_t *row = db_fetch_one(db, user_record.select_one, id, rc);

	if (!row && *rc == DB_OK)
		*rc = DB_ERR;
	return row;
}

int user_db_set_password(struct db *db, int64_t id, const char *hash)
{
	char now[32];

	util_now_rfc3339(now, sizeof(now));
	return db_execf(db, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", "tti", hash, now, id);
}

int user_db_find(struct db *db, const char *username, int64_t *id)
{
	int rc = db_query_int(db, id, "SELECT id FROM users WHERE username = ?", "t", username);

	return rc == DB_OK ? DB_ROW : rc;
}

int user_db_print_all(struct db *db)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db,
			    "SELECT u.id, u.username, u.role, COALESCE(n.name, '-'), u.is_active, u.display_name"
			    " FROM users u LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.id",
			    &st);

	if (rc != DB_OK)
		return rc;
	printf("%-5s %-20s %-9s %-8s %s / %s\n", "ID", "USERNAME", "ROLE", "ACTIVE", "DISPLAY NAME", "UNIT");
	while ((rc = db_step(st)) == DB_ROW)
		printf("%-5lld %-20s %-9s %-8s %s / %s\n", (long long)db_column_int64(st, 0), db_column_text(st, 1),
		       db_column_text(st, 2), db_column_int64(st, 4) ? "yes" : "no", db_column_text(st, 5),
		       db_column_text(st, 3));
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int end_sessions(struct db *db, int64_t user_id)
{
	return db_execf(db, "DELETE FROM sessions WHERE user_id = ?", "i", user_id);
}

/* ---- the rules of a user's body ---- */

static const struct vfield user_create_fields[] = {
	{"username", "用户名", V_STRING, VF_REQUIRED, 2, 32, NULL},
	{"display_name", "姓名", V_STRING, VF_REQUIRED, 1, 50, NULL},
	{"role", "角色", V_ENUM, VF_REQUIRED, 0, 0, user_role_choices},
	{"unit_id", "所属单位", V_ID, VF_NULLABLE, 0, 0, NULL},
	{"password", "密码", V_STRING, VF_REQUIRED, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield user_patch_fields[] = {
	{"display_name", "姓名", V_STRING, 0, 1, 50, NULL},
	{"role", "角色", V_ENUM, 0, 0, 0, user_role_choices},
	{"unit_id", "所属单位", V_ID, VF_NULLABLE, 0, 0, NULL},
	{"password", "密码", V_STRING, 0, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static bool valid_username(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
			return false;
	return true;
}

/* The role/unit pair after the change must hold: a `unit` user needs an existing unit. */
static int check_role_unit(struct db *db, json_t *body, json_t *before, struct op_error *err)
{
	json_t *role_v = json_object_get(body, "role"), *unit_v = json_object_get(body, "unit_id");
	const char *role = json_is_string(role_v) ? json_string_value(role_v)
						  : json_string_value(json_object_get(before, "role"));
	json_t *unit = unit_v ? unit_v : json_object_get(before, "unit_id");
	int rc;

	if (role && strcmp(role, "unit") == 0 && !json_is_integer(unit))
		return op_invalid(err, "unit_id", "a user with the role 'unit' needs a unit",
				  "角色为「申报单位」的用户必须指定所属单位");
	if (role && strcmp(role, "county") == 0 && !json_is_integer(unit))
		return op_invalid(err, "unit_id", "a user with the role 'county' needs a county or district unit",
				  "角色为「县区外事办」的用户必须指定所属县(区)级单位");
	if (json_is_integer(unit_v)) {
		rc = unit_db_exists(db, json_integer_value(unit_v));
		if (rc == DB_DONE)
			return op_invalid(err, "unit_id", "no such unit", "所属单位不存在");
		if (rc != DB_ROW)
			return op_fail_db(err, rc);
	}
	if (!role || strcmp(role, "county") != 0)
		return 0;
	rc = unit_db_county_level(db, json_integer_value(unit));
	if (rc == DB_DONE)
		return op_invalid(err, "unit_id", "a county office belongs to a unit of the county or district level",
				  "县区外事办用户的所属单位须为县级或区级单位");
	return rc == DB_ROW ? 0 : op_fail_db(err, rc);
}

/*
 * A user's body judged as the user is now (before NULL for a new one): a
 * new username well formed and free, the role and unit together, and
 * nobody changes their own role.
 */
static int check_user(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *username = json_object_get(body, "username");
	int64_t existing = 0;
	int rc;

	if (!before && !valid_username(json_string_value(username)))
		return op_invalid(err, "username", "a username uses only lower-case letters, digits, '_', '.' and '-'",
				  "用户名只能包含小写字母、数字、下划线、点和连字符");
	rc = check_role_unit(db, body, before, err);
	if (rc)
		return rc;
	if (before && json_integer_value(json_object_get(before, "id")) == who->id && json_object_get(body, "role"))
		return op_fail(err, 409, "conflict", "role", "you cannot change your own role", "不能修改自己的角色");
	if (before)
		return 0;
	rc = user_db_find(db, json_string_value(username), &existing);
	if (rc == DB_ROW)
		return op_fail(err, 409, "duplicate", "username", "a user with this username already exists",
			       "该用户名已被使用");
	return rc == DB_DONE ? 0 : op_fail_db(err, rc);
}

static const struct record_rules user_create_rules = {user_create_fields, check_user};
static const struct record_rules user_patch_rules = {user_patch_fields, check_user};

/* ---- operations ---- */

int user_check_fields(json_t *body, bool partial, struct op_error *err)
{
	return validate_fields(body, partial ? user_patch_fields : user_create_fields, partial, err);
}

/*
 * The body as column values: a password never stored, its hash when one is
 * given (the one source of "a new password" for the write and its audit).
 * NULL when out of memory, or when the body's password came without its hash.
 */
static json_t *values_of(json_t *body, const char *password_hash)
{
	json_t *values;

	if (json_is_string(json_object_get(body, "password")) && !password_hash)
		return NULL;
	values = body ? json_deep_copy(body) : json_object();
	if (!values)
		return NULL;
	json_object_del(values, "password");
	if (password_hash && json_object_set_new(values, "password_hash", json_string(password_hash)) != 0) {
		json_decref(values);
		return NULL;
	}
	return values;
}

/* A new user, in a transaction of its own or (in_transaction) in the caller's. */
static int add(struct db *db, const struct actor *who, json_t *body, const char *password_hash, bool in_transaction,
	       json_t **out, struct op_error *err)
{
	json_t *values = values_of(body, password_hash);
	int status;

	*out = NULL;
	if (!values)
		return op_fail_db(err, DB_ERR);
	status = in_transaction
			 ? record_create_judged_in(db, who, &user_record, &user_create_rules, body, values, out, err)
			 : record_create_judged(db, who, &user_record, &user_create_rules, body, values, out, err);
	json_decref(values);
	return status;
}

int user_add(struct db *db, const struct actor *who, json_t *body, const char *password_hash, json_t **out,
	     struct op_error *err)
{
	return add(db, who, body, password_hash, false, out, err);
}

int user_add_in(struct db *db, const struct actor *who, json_t *body, const char *password_hash, json_t **out,
		struct op_error *err)
{
	return add(db, who, body, password_hash, true, out, err);
}

/* An edit of a user: its body, and the body as columns (a password as its hash). */
struct user_edit {
	json_t *body, *values;
};

/* Write the changed columns; a new password also ends the user's sessions. */
static int apply_user_patch(struct record_op *op)
{
	json_t *values = ((const struct user_edit *)op->arg)->values;
	int rc = store_update(op->db, "users", user_columns, values, op->id);

	if (rc == DB_OK && json_object_get(values, "password_hash"))
		rc = end_sessions(op->db, op->id);
	return rc;
}


/* The edit judged on the user as it is inside the transaction. */
static int guard_user_patch(struct record_op *op)
{
	const struct user_edit *e = op->arg;

	return record_rules_judge(&user_patch_rules, op->db, op->who, e->body, op->current, true, op->err);
}

int user_edit(struct db *db, const struct actor *who, int64_t id, int64_t expected_version, json_t *body,
	      const char *password_hash, json_t **out, struct op_error *err)
{
	struct user_edit e = {body, values_of(body, password_hash)};
	struct record_edit edit = {password_hash ? "update_with_password" : "update", guard_user_patch,
				   apply_user_patch, &e};
	int status;

	*out = NULL;
	if (!e.values)
		return op_fail_db(err, DB_ERR);
	status = record_apply(db, who, &user_record, id, expected_version, &edit, out, err);
	json_decref(e.values);
	return status;
}

struct activation {
	bool active;
};

static int apply_activation(struct record_op *op)
{
	const struct activation *a = op->arg;
	char now[32];
	int rc;

	util_now_rfc3339(now, sizeof(now));
	rc = db_execf(op->db,
		      "UPDATE users SET is_active = ?, failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?",
		      "iti", (int64_t)a->active, now, op->id);
	if (rc == DB_OK && !a->active)
		rc = end_sessions(op->db, op->id);
	return rc;
}

int user_set_active(struct db *db, const struct actor *who, int64_t id, int64_t expected_version, bool active,
		    json_t **out, struct op_error *err)
{
	struct activation a = {active};
	struct record_edit edit = {active ? "activate" : "deactivate", NULL, apply_activation, &a};

	*out = NULL;
	if (!active && id == who->id)
		return op_fail(err, 409, "conflict", NULL, "you cannot deactivate your own account",
			       "不能停用自己的账号");
	return record_apply(db, who, &user_record, id, expected_version, &edit, out, err);
}

/* A password set by an administrator: stored, the account unlocked, every session of it ended. */
static int apply_password_reset(struct record_op *op)
{
	char now[32];
	int rc;

	util_now_rfc3339(now, sizeof(now));
	rc = db_execf(op->db,
		      "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0, updated_at = ? WHERE id = ?",
		      "tti", (const char *)op->arg, now, op->id);
	return rc == DB_OK ? end_sessions(op->db, op->id) : rc;
}

int user_reset_password(struct db *db, const struct actor *who, int64_t id, const char *password_hash,
			json_t **out, struct op_error *err)
{
	struct record_edit edit = {"password_reset", NULL, apply_password_reset, (void *)password_hash};

	*out = NULL;
	return record_apply(db, who, &user_record, id, 0, &edit, out, err);
}
