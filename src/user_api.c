/*
 * user_api.c - the routes of user accounts (see user_api.h): list and read
 * them, and the adapters of the operations of user.h (a password hashed on
 * the lane before the operation runs).
 */
#include "user_api.h"

#include "auth.h"
#include "list.h"
#include "record_api.h"
#include "user.h"
#include "validate.h"

#include <string.h>

static const struct list_sort_key user_sorts[] = {{"id", "u.id"},
						  {"username", "u.username"},
						  {"display_name", "u.display_name"},
						  {"role", "u.role"},
						  {"created_at", "u.created_at"},
						  {NULL, NULL}};
static const char *const user_search[] = {"u.username", "u.display_name", NULL};

static const struct list_spec user_spec = {
	.select = USER_COLUMNS,
	.from = "users u LEFT JOIN units n ON n.id = u.unit_id",
	.sorts = user_sorts,
	.default_order = "u.id",
	.search_columns = user_search,
	.unit_column = "u.unit_id",
};

int user_list(struct request *req, struct response *res)
{
	static const struct list_query_filter filters[] = {
		{"role", LQ_ENUM, "u.role = ?", user_role_choices},
		{"unit_id", LQ_ID, "u.unit_id = ?", NULL},
		{"is_active", LQ_BOOL, "u.is_active = ?", NULL},
		{NULL, LQ_TEXT, NULL, NULL},
	};

	return list_serve_filtered(req, res, &user_spec, filters);
}

int user_get(struct request *req, struct response *res)
{
	json_t *row;
	int rc = record_load(req, res, &user_record, req->ids[0], &row);

	return rc ? rc : http_json(res, 200, row);
}

/*
 * The body's fields first, before a password is hashed on the lane (never
 * inside the transaction): 0 with *hash set when the body has a password
 * (*has_password), else the status of the error answered.
 */
static int body_password(struct request *req, struct response *res, bool partial, char *hash, bool *has_password)
{
	json_t *pw = json_object_get(req->json, "password");
	struct op_error err;

	*has_password = false;
	if (user_check_fields(req->json, partial, &err))
		return http_error_op(req, res, &err);
	if (!json_is_string(pw))
		return 0;
	if (auth_hash_password(json_string_value(pw), hash) != 0)
		return http_error_internal(req, res);
	*has_password = true;
	return 0;
}

int user_create(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	char hash[crypto_pwhash_STRBYTES];
	struct op_error err;
	json_t *user = NULL;
	bool has_password;
	int rc = body_password(req, res, false, hash, &has_password);

	if (rc)
		return rc;
	rc = user_add(req->db, &who, req->json, has_password ? hash : NULL, &user, &err);
	return http_answer_op(req, res, rc, &err, 201, user);
}

int user_update(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	char hash[crypto_pwhash_STRBYTES];
	struct op_error err;
	json_t *user = NULL;
	int64_t expected = 0;
	bool has_password;
	int rc = body_password(req, res, true, hash, &has_password);

	if (!rc)
		rc = record_version_arg(req, res, &expected);
	if (rc)
		return rc;
	rc = user_edit(req->db, &who, req->ids[0], expected, req->json, has_password ? hash : NULL, &user, &err);
	return http_answer_op(req, res, rc, &err, 200, user);
}

static int set_active(struct request *req, struct response *res, bool active)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *user = NULL;
	int64_t expected = 0;
	int rc = record_version_arg(req, res, &expected);

	if (rc)
		return rc;
	rc = user_set_active(req->db, &who, req->ids[0], expected, active, &user, &err);
	return http_answer_op(req, res, rc, &err, 200, user);
}

int user_deactivate(struct request *req, struct response *res)
{
	return set_active(req, res, false);
}

int user_activate(struct request *req, struct response *res)
{
	return set_active(req, res, true);
}
