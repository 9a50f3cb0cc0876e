/*
 * plan.c - annual trip plans with their use (see plan.h).
 */
#include "plan_api.h"

#include "list.h"
#include "record_api.h"
#include "store.h"
#include "trip.h"
#include "unit.h"
#include "validate.h"

/* ---- storage ---- */

/* Use of a plan: approved trips by approval year, pending ones by departure year. */
#define APPROVED_TRIPS                                                                                            \
	"FROM delegations d WHERE d.unit_id = p.unit_id AND d.approval_year = p.year"                              \
	" AND d.status IN " TRIP_APPROVED_STATES
#define PENDING_TRIPS                                                                                             \
	"FROM delegations d WHERE d.unit_id = p.unit_id AND d.code_year = p.year"                                  \
	" AND d.status IN " TRIP_PENDING_STATES
#define PLAN_COLUMNS                                                                                              \
	"p.id, p.year, p.unit_id, n.name AS unit_name, p.batches, p.persons, p.budget_fen, p.created_at, p.updated_at, p.version," \
	" (SELECT COUNT(*) " APPROVED_TRIPS ") AS approved_batches,"                                              \
	" " TRIP_PERSONS_SQL(APPROVED_TRIPS) " AS approved_persons,"                                              \
	" (SELECT COALESCE(SUM(d.budget_fen), 0) " APPROVED_TRIPS ") AS approved_budget_fen,"                     \
	" (SELECT COUNT(*) " PENDING_TRIPS ") AS pending_batches,"                                                \
	" " TRIP_PERSONS_SQL(PENDING_TRIPS) " AS pending_persons,"                                                \
	" (SELECT COALESCE(SUM(d.budget_fen), 0) " PENDING_TRIPS ") AS pending_budget_fen"

static const char *const plan_columns[] = {"year", "unit_id", "batches", "persons", "budget_fen", NULL};

static const struct record_def plan_def = {
	.entity = "plan",
	.table = "plans",
	.select_one = "SELECT " PLAN_COLUMNS " FROM plans p JOIN units n ON n.id = p.unit_id WHERE p.id = ?",
	.columns = plan_columns,
	.unit_field = "unit_id",
};

static const struct list_sort_key plan_sorts[] = {
	{"id", "p.id"}, {"year", "p.year"}, {"unit_name", "n.name"}, {"budget_cny", "p.budget_fen"}, {NULL, NULL}};
static const char *const plan_search[] = {"n.name", NULL};

static const struct list_spec plan_spec = {
	.select = PLAN_COLUMNS,
	.from = "plans p JOIN units n ON n.id = p.unit_id",
	.sorts = plan_sorts,
	.default_order = "p.year DESC, p.unit_id",
	.search_columns = plan_search,
	.unit_column = "p.unit_id",
};

/* ---- handlers ---- */

static const struct vfield plan_fields[] = {
	{"year", "年度", V_INT, VF_REQUIRED, 2000, 2100, NULL},
	{"unit_id", "单位", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"batches", "计划批次", V_INT, VF_REQUIRED, 0, 10000, NULL},
	{"persons", "计划人次", V_INT, VF_REQUIRED, 0, 100000, NULL},
	{"budget_cny", "经费预算(元)", V_MONEY, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The unit exists; one plan per unit and year (judged on the plan as it is for an edit). */
static int check_plan(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *unit = json_object_get(body, "unit_id"), *year = json_object_get(body, "year");
	int64_t unit_id = json_integer_value(unit ? unit : json_object_get(before, "unit_id"));
	int64_t y = json_integer_value(year ? year : json_object_get(before, "year")), n = 0;
	int64_t id = json_integer_value(json_object_get(before, "id"));
	int rc;

	(void)who;
	if (unit) {
		rc = unit_db_exists(db, unit_id);
		if (rc == DB_DONE)
			return op_invalid(err, "unit_id", "no such unit", "单位不存在");
		if (rc != DB_ROW)
			return op_fail_db(err, rc);
	}
	rc = db_query_int(db, &n, "SELECT COUNT(*) FROM plans WHERE year = ? AND unit_id = ? AND id <> ?", "iii", y, unit_id,
			  id);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (n)
		return op_fail(err, 409, "duplicate", "unit_id", "this unit already has a plan for that year",
			       "该单位当年已有出访计划");
	return 0;
}

static const struct record_rules plan_rules = {plan_fields, check_plan};

int plan_list(struct request *req, struct response *res)
{
	static const struct list_query_filter filters[] = {
		{"unit_id", LQ_ID, "p.unit_id = ?", NULL},
		{"year", LQ_ID, "p.year = ?", NULL},
		{NULL, LQ_TEXT, NULL, NULL},
	};

	return list_serve_filtered(req, res, &plan_spec, filters);
}

int plan_get(struct request *req, struct response *res)
{
	json_t *row;
	int rc = record_load(req, res, &plan_def, req->ids[0], &row);

	return rc ? rc : http_json(res, 200, row);
}

int plan_create(struct request *req, struct response *res)
{
	json_t *values = store_values_from_body(req->json);
	int rc = values ? record_create_as(req, res, &plan_def, &plan_rules, values) : http_error_internal(req, res);

	json_decref(values);
	return rc;
}

int plan_update(struct request *req, struct response *res)
{
	json_t *values = store_values_from_body(req->json);
	int rc = values ? record_update_as(req, res, &plan_def, &plan_rules, req->ids[0], values)
			: http_error_internal(req, res);

	json_decref(values);
	return rc;
}
