/*
 * person.c - travellers: storage and handlers (see person.h).
 */
#include "person_api.h"

#include "auth_api.h"
#include "list.h"
#include "record_api.h"
#include "unit_api.h"
#include "validate.h"

static const char *const genders[] = {"male", "female", NULL};
const char *const person_ranks[] = {"provincial", "bureau", "division", "section", "staff", "none", NULL};
const char *const person_ranks_zh[] = {"省部级", "厅局级", "县处级", "乡科级", "科员", "非干部", NULL};

/* ---- storage ---- */

#define PERSON_COLUMNS                                                                                            \
	"p.id, p.name, p.gender, p.birth_date, p.unit_id, n.name AS unit_name, p.position, p.rank, p.is_cadre,"    \
	" p.is_leadership, p.is_principal, p.retired, p.created_at, p.updated_at, p.version"

static const char *const person_columns[] = {"name", "gender", "birth_date", "unit_id", "position", "rank", "is_cadre",
					     "is_leadership", "is_principal", "retired", NULL};

static const struct record_def person_def = {
	.entity = "person",
	.table = "persons",
	.select_one = "SELECT " PERSON_COLUMNS " FROM persons p JOIN units n ON n.id = p.unit_id WHERE p.id = ?",
	.columns = person_columns,
	.unit_field = "unit_id",
};

static const struct list_sort_key person_sorts[] = {
	{"id", "p.id"}, {"name", "p.name"}, {"unit_id", "p.unit_id"}, {"rank", "p.rank"}, {NULL, NULL}};
static const char *const person_search[] = {"p.name", "p.position", NULL};

static const struct list_spec person_spec = {
	.select = PERSON_COLUMNS,
	.from = "persons p JOIN units n ON n.id = p.unit_id",
	.sorts = person_sorts,
	.default_order = "p.id",
	.search_columns = person_search,
	.unit_column = "p.unit_id",
};

int person_db_unit(struct db *db, int64_t id, int64_t *unit_id)
{
	int rc = db_query_int(db, unit_id, "SELECT unit_id FROM persons WHERE id = ?", "i", id);

	return rc == DB_OK ? DB_ROW : rc;
}

int person_ref_check(struct db *db, const struct actor *who, int64_t id, const char *field, struct op_error *err)
{
	int64_t unit_id = 0;
	int rc = person_db_unit(db, id, &unit_id);

	if (rc == DB_DONE)
		return op_invalid(err, field, "no such person", "人员不存在");
	if (rc != DB_ROW)
		return op_fail_db(err, rc);
	return op_require_unit(db, who, unit_id, field, "the person belongs to another unit", "该人员属于其他单位,无权引用",
			       err);
}

int person_check_ref(struct request *req, struct response *res, const char *field, int64_t id)
{
	struct actor who = http_actor(req);
	struct op_error err;

	return person_ref_check(req->db, &who, id, field, &err) ? http_error_op(req, res, &err) : 0;
}

/* ---- handlers ---- */

static const struct vfield person_fields[] = {
	{"name", "姓名", V_STRING, VF_REQUIRED, 1, 50, NULL},
	{"gender", "性别", V_ENUM, VF_REQUIRED, 0, 0, genders},
	{"birth_date", "出生日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"unit_id", "所在单位", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"position", "职务", V_STRING, 0, 0, 100, NULL},
	{"rank", "级别", V_ENUM, VF_REQUIRED, 0, 0, person_ranks},
	{"is_cadre", "党政干部", V_BOOL, 0, 0, 0, NULL},
	{"is_leadership", "领导班子成员", V_BOOL, 0, 0, 0, NULL},
	{"is_principal", "党政正职", V_BOOL, 0, 0, 0, NULL},
	{"retired", "已退休", V_BOOL, 0, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

int person_list(struct request *req, struct response *res)
{
	static const struct list_query_filter filters[] = {
		{"unit_id", LQ_ID, "p.unit_id = ?", NULL},
		{"is_cadre", LQ_BOOL, "p.is_cadre = ?", NULL},
		{NULL, LQ_TEXT, NULL, NULL},
	};

	return list_serve_filtered(req, res, &person_spec, filters);
}

int person_get(struct request *req, struct response *res)
{
	json_t *row;
	int rc = record_load(req, res, &person_def, req->ids[0], &row);

	return rc ? rc : http_json(res, 200, row);
}

/* A traveller's unit must be one the actor sees. */
static int check_person(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	(void)before;
	return unit_ref_check(db, who, body, "unit_id", err);
}

static const struct record_rules person_rules = {person_fields, check_person};

int person_create(struct request *req, struct response *res)
{
	return record_create_as(req, res, &person_def, &person_rules, req->json);
}

int person_update(struct request *req, struct response *res)
{
	return record_update_as(req, res, &person_def, &person_rules, req->ids[0], req->json);
}
