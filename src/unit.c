/*
 * unit.c - units (单位): storage and handlers (see unit.h).
 */
#include "unit_api.h"

#include "auth_api.h"
#include "list.h"
#include "record_api.h"
#include "store.h"
#include "validate.h"

#include <string.h>

#define UNIT_MAX_DEPTH 32

const char *const unit_levels[] = {"city_bureau", "county", "district", "enterprise", "school", "other", NULL};

/* ---- storage ---- */

static const char *const unit_columns[] = {"name", "level", "parent_id", "is_active", NULL};

static const struct record_def unit_def = {
	.entity = "unit",
	.table = "units",
	.select_one = "SELECT u.id, u.name, u.level, u.parent_id, p.name AS parent_name, u.is_active,"
		      " u.created_at, u.updated_at, u.version FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.id = ?",
	.columns = unit_columns,
	.unit_field = NULL,
};

static const struct list_sort_key unit_sorts[] = {
	{"id", "u.id"}, {"name", "u.name"}, {"level", "u.level"}, {"created_at", "u.created_at"}, {NULL, NULL}};
static const char *const unit_search[] = {"u.name", NULL};

static const struct list_spec unit_spec = {
	.select = "u.id, u.name, u.level, u.parent_id, p.name AS parent_name, u.is_active, u.created_at, u.updated_at, u.version",
	.from = "units u LEFT JOIN units p ON p.id = u.parent_id",
	.sorts = unit_sorts,
	.default_order = "u.id",
	.search_columns = unit_search,
	.unit_column = NULL, /* units are reference data every role reads */
};

int unit_db_exists(struct db *db, int64_t id)
{
	int64_t n = 0;
	int rc = db_query_int(db, &n, "SELECT COUNT(*) FROM units WHERE id = ?", "i", id);

	if (rc != DB_OK)
		return rc;
	return n ? DB_ROW : DB_DONE;
}

int unit_db_county_level(struct db *db, int64_t id)
{
	int64_t n = 0;
	int rc = db_query_int(db, &n, "SELECT COUNT(*) FROM units WHERE id = ? AND level IN ('county','district')", "i", id);

	if (rc != DB_OK)
		return rc;
	return n ? DB_ROW : DB_DONE;
}

int unit_db_create(struct db *db, const char *name, const char *level, int64_t parent_id, int64_t *id)
{
	json_t *values = json_pack("{s:s, s:s, s:o}", "name", name, "level", level, "parent_id",
				   parent_id ? json_integer(parent_id) : json_null());
	int rc;

	if (!values)
		return DB_ERR;
	rc = store_insert(db, "units", unit_columns, values, id);
	json_decref(values);
	return rc;
}

/* The parent chain of `parent_id` must not reach `id` (0 for a new unit). */
static int parent_makes_cycle(struct db *db, int64_t id, int64_t parent_id, bool *cycle)
{
	int64_t cur = parent_id;
	int depth, rc = DB_OK;

	*cycle = false;
	for (depth = 0; cur && depth < UNIT_MAX_DEPTH; depth++) {
		if (cur == id) {
			*cycle = true;
			return DB_OK;
		}
		rc = db_query_int(db, &cur, "SELECT COALESCE(parent_id, 0) FROM units WHERE id = ?", "i", cur);
		if (rc == DB_DONE)
			return DB_OK;
		if (rc != DB_OK)
			return rc;
	}
	*cycle = cur != 0;
	return rc;
}

int unit_ref_check(struct db *db, const struct actor *who, json_t *body, const char *field, struct op_error *err)
{
	json_t *v = json_object_get(body, field);
	int rc;

	if (!json_is_integer(v))
		return 0;
	rc = unit_db_exists(db, json_integer_value(v));
	if (rc == DB_DONE)
		return op_invalid(err, field, "no such unit", "单位不存在");
	if (rc != DB_ROW)
		return op_fail_db(err, rc);
	return op_require_record_unit(db, who, json_integer_value(v), err);
}

/* ---- handlers ---- */

static const struct vfield unit_fields[] = {
	{"name", "单位名称", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"level", "单位级别", V_ENUM, VF_REQUIRED, 0, 0, unit_levels},
	{"parent_id", "上级单位", V_ID, VF_NULLABLE, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The parent exists and is not the unit itself or one below it. */
static int check_parent(struct db *db, json_t *body, int64_t id, struct op_error *err)
{
	json_t *v = json_object_get(body, "parent_id");
	int64_t parent_id;
	bool cycle = false;
	int rc;

	if (!json_is_integer(v))
		return 0;
	parent_id = json_integer_value(v);
	rc = unit_db_exists(db, parent_id);
	if (rc == DB_DONE)
		return op_invalid(err, "parent_id", "no such parent unit", "上级单位不存在");
	if (rc != DB_ROW)
		return op_fail_db(err, rc);
	rc = parent_makes_cycle(db, id, parent_id, &cycle);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (cycle)
		return op_invalid(err, "parent_id", "a unit cannot be placed under itself or its own sub-unit",
				  "不能把单位设为自身或其下级单位的下级");
	return 0;
}

/* A unit's parent in order and its name not another unit's (judged on the unit as it is for an edit). */
static int check_unit(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *name = json_object_get(body, "name");
	int64_t id = json_integer_value(json_object_get(before, "id")), n = 0;
	int rc = check_parent(db, body, id, err);

	(void)who;
	if (rc || !json_is_string(name))
		return rc;
	rc = db_query_int(db, &n, "SELECT COUNT(*) FROM units WHERE name = ? AND id <> ?", "ti", json_string_value(name), id);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return n ? op_fail(err, 409, "duplicate", "name", "a unit with this name already exists", "已存在同名单位") : 0;
}

static const struct record_rules unit_rules = {unit_fields, check_unit};

int unit_list(struct request *req, struct response *res)
{
	static const struct list_query_filter filters[] = {
		{"level", LQ_ENUM, "u.level = ?", unit_levels},
		{"parent_id", LQ_ID, "u.parent_id = ?", NULL},
		{"is_active", LQ_BOOL, "u.is_active = ?", NULL},
		{NULL, LQ_TEXT, NULL, NULL},
	};

	return list_serve_filtered(req, res, &unit_spec, filters);
}

int unit_get(struct request *req, struct response *res)
{
	json_t *row;
	int rc = record_load(req, res, &unit_def, req->ids[0], &row);

	return rc ? rc : http_json(res, 200, row);
}

int unit_add_in(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	return record_create_judged_in(db, who, &unit_def, &unit_rules, body, body, out, err);
}

int unit_create(struct request *req, struct response *res)
{
	return record_create_as(req, res, &unit_def, &unit_rules, req->json);
}

int unit_update(struct request *req, struct response *res)
{
	return record_update_as(req, res, &unit_def, &unit_rules, req->ids[0], req->json);
}

static int set_active(struct request *req, struct response *res, bool active)
{
	json_t *values = json_pack("{s:b}", "is_active", active);
	int rc = values ? record_update(req, res, &unit_def, req->ids[0], values, active ? "activate" : "deactivate", NULL, NULL)
			: http_error_internal(req, res);

	json_decref(values);
	return rc;
}

int unit_deactivate(struct request *req, struct response *res)
{
	return set_active(req, res, false);
}

int unit_activate(struct request *req, struct response *res)
{
	return set_active(req, res, true);
}
