/*
 * travel_api.c - handlers of document applications, visas, visa
 * requirements and invitations (see travel_api.h). Each parses the request,
 * calls one operation and answers; lists go through list.c.
 */
#include "travel_api.h"

#include "auth_api.h"
#include "country.h"
#include "delegation_api.h"
#include "doc_application.h"
#include "invitation.h"
#include "list.h"
#include "record_api.h"
#include "register.h"
#include "validate.h"
#include "visa.h"

#include <string.h>

/* ---- shared adapters ---- */

typedef json_t *(*load_fn)(struct db *db, int64_t id, int *rc);

/* GET one record: 404 absent, 403 outside the caller's units. */
static int get_one(struct request *req, struct response *res, load_fn load, const char *unit_field)
{
	json_t *row;
	int rc;

	row = load(req->db, req->ids[0], &rc);
	if (!row)
		return rc == DB_DONE ? http_error_not_found(req, res) : http_error_db(req, res, rc);
	rc = auth_check_unit(req, res, json_integer_value(json_object_get(row, unit_field)));
	if (rc) {
		json_decref(row);
		return rc;
	}
	return http_json(res, 200, row);
}

/* ---- document applications ---- */

#define DOCAPP_COLUMNS                                                                                            \
	"a.id, a.person_id, pe.name AS person_name, pe.unit_id, a.kind, a.reason, a.delegation_id,"                \
	" d.code AS delegation_code, a.status, a.applied_on, a.submitted_to, a.submitted_on, a.decided_on, a.number," \
	" a.passport_kind, a.expiry_date, a.passport_id, a.refuse_reason, a.notes, a.created_at, a.updated_at, a.version"

static const struct list_sort_key docapp_sorts[] = {{"id", "a.id"},
						    {"applied_on", "a.applied_on"},
						    {"status", "a.status"},
						    {"person_name", "pe.name"},
						    {NULL, NULL}};
static const char *const docapp_search[] = {"pe.name", "a.number", NULL};

static const struct list_spec docapp_spec = {
	.select = DOCAPP_COLUMNS,
	.from = "document_applications a JOIN persons pe ON pe.id = a.person_id"
		" LEFT JOIN delegations d ON d.id = a.delegation_id",
	.sorts = docapp_sorts,
	.default_order = "a.applied_on DESC, a.id DESC",
	.search_columns = docapp_search,
	.unit_column = "pe.unit_id",
};

static const struct list_query_filter docapp_filters[] = {
	{"status", LQ_ENUM, "a.status = ?", docapp_statuses},
	{"kind", LQ_ENUM, "a.kind = ?", docapp_kinds},
	{"person_id", LQ_ID, "a.person_id = ?", NULL},
	{"delegation_id", LQ_ID, "a.delegation_id = ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

int docapp_list_h(struct request *req, struct response *res)
{
	return register_list_filtered(req, res, &docapp_spec, docapp_filters);
}

int docapp_get_h(struct request *req, struct response *res)
{
	return get_one(req, res, docapp_load, "unit_id");
}

int docapp_create_h(struct request *req, struct response *res)
{
	return http_run_body_op(req, res, docapp_create, 201);
}

static int docapp_move(struct request *req, struct response *res, enum docapp_move move)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t version = 0;
	json_t *out = NULL;
	int rc = record_version_arg(req, res, &version);

	if (rc)
		return rc;
	rc = docapp_act(req->db, &who, req->ids[0], move, req->json, version, &out, &err);
	return http_answer_op(req, res, rc, &err, 200, out);
}

int docapp_submit_h(struct request *req, struct response *res) { return docapp_move(req, res, DOCAPP_SUBMIT); }
int docapp_issue_h(struct request *req, struct response *res) { return docapp_move(req, res, DOCAPP_ISSUE); }
int docapp_refuse_h(struct request *req, struct response *res) { return docapp_move(req, res, DOCAPP_REFUSE); }

/* ---- visas ---- */

#define VISA_COLUMNS                                                                                              \
	"v.id, v.delegation_id, d.code AS delegation_code, d.title AS delegation_title, d.unit_id, d.depart_date,"  \
	" v.person_id, pe.name AS person_name, v.country, v.kind, v.status, v.visa_type, v.submitted_to,"          \
	" v.submitted_on, v.decided_on, v.valid_from, v.valid_until, v.entries, v.refuse_reason, r.requirement,"    \
	" v.created_at, v.updated_at, v.version"

static const struct list_sort_key visa_sorts[] = {{"id", "v.id"},
						  {"status", "v.status"},
						  {"depart_date", "d.depart_date"},
						  {"person_name", "pe.name"},
						  {NULL, NULL}};
static const char *const visa_search[] = {"pe.name", "d.code", "d.title", "v.submitted_to", NULL};

static const struct list_spec visa_spec = {
	.select = VISA_COLUMNS,
	.from = "visas v JOIN delegations d ON d.id = v.delegation_id JOIN persons pe ON pe.id = v.person_id"
		" LEFT JOIN visa_requirements r ON r.country = v.country",
	.sorts = visa_sorts,
	.default_order = "d.depart_date, v.id",
	.search_columns = visa_search,
	.unit_column = "d.unit_id",
};

static const struct list_query_filter visa_filters[] = {
	{"status", LQ_ENUM, "v.status = ?", visa_statuses},
	{"delegation_id", LQ_ID, "v.delegation_id = ?", NULL},
	{"person_id", LQ_ID, "v.person_id = ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

int visa_list_h(struct request *req, struct response *res)
{
	return register_list_filtered(req, res, &visa_spec, visa_filters);
}

int visa_get_h(struct request *req, struct response *res)
{
	return get_one(req, res, visa_load, "unit_id");
}

int visa_create_h(struct request *req, struct response *res)
{
	return http_run_body_op(req, res, visa_create, 201);
}

static int visa_move(struct request *req, struct response *res, enum visa_move move)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t version = 0;
	json_t *out = NULL;
	int rc = record_version_arg(req, res, &version);

	if (rc)
		return rc;
	rc = visa_act(req->db, &who, req->ids[0], move, req->json, version, &out, &err);
	return http_answer_op(req, res, rc, &err, 200, out);
}

int visa_submit_h(struct request *req, struct response *res) { return visa_move(req, res, VISA_SUBMIT); }
int visa_grant_h(struct request *req, struct response *res) { return visa_move(req, res, VISA_GRANT); }
int visa_refuse_h(struct request *req, struct response *res) { return visa_move(req, res, VISA_REFUSE); }

int visa_grid_h(struct request *req, struct response *res)
{
	json_t *trip = NULL, *grid = NULL;
	int rc = delegation_load(req, res, req->ids[0], &trip);

	if (rc)
		return rc;
	json_decref(trip);
	rc = visa_grid(req->db, req->ids[0], &grid);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	return http_json(res, 200, grid);
}

/* ---- visa requirements: the administrator's data, one row per country ---- */

static const char *const requirement_columns[] = {"country", "requirement", "notes", NULL};

static const struct record_def requirement_def = {
	.entity = "visa_requirement",
	.table = "visa_requirements",
	.select_one = "SELECT id, country, requirement, notes, created_at, updated_at, version FROM visa_requirements"
		      " WHERE id = ?",
	.columns = requirement_columns,
};

static const struct vfield requirement_fields[] = {
	{"country", "国家(地区)", V_STRING, VF_REQUIRED, 2, 2, NULL},
	{"requirement", "签证要求", V_ENUM, VF_REQUIRED, 0, 0, visa_requirement_kinds},
	{"notes", "说明", V_STRING, 0, 0, 500, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_sort_key requirement_sorts[] = {{"id", "id"}, {"country", "country"}, {NULL, NULL}};
static const char *const requirement_search[] = {"country", "notes", NULL};

static const struct list_spec requirement_spec = {
	.select = "id, country, requirement, notes, created_at, updated_at, version",
	.from = "visa_requirements",
	.sorts = requirement_sorts,
	.default_order = "country",
	.search_columns = requirement_search,
};

static void add_country_name(json_t *row, void *arg)
{
	const char *zh = country_name_zh(json_string_value(json_object_get(row, "country")));

	(void)arg;
	json_object_set_new(row, "country_name", zh ? json_string(zh) : json_null());
}

int visa_req_list_h(struct request *req, struct response *res)
{
	struct list_params lp;
	struct list_filter f;
	json_t *out = NULL, *row;
	size_t i;
	int rc = list_params(req, res, &lp);

	if (rc)
		return rc;
	lp.decorate = add_country_name;
	list_filter_init(&f);
	rc = list_run(req->db, &requirement_spec, &lp, &f, &out);
	list_filter_free(&f);
	json_array_foreach(json_object_get(out, "items"), i, row)
		add_country_name(row, NULL);
	return list_answer(req, res, rc, out);
}

static int check_country(struct request *req, struct response *res)
{
	const char *c = json_string_value(json_object_get(req->json, "country"));

	if (c && (!country_valid(c) || strcmp(c, "CN") == 0))
		return validate_fail(req, res, "country", "unknown country or region (ISO 3166 code), not China",
				     "国家(地区)代码无效(ISO 3166 代码,不能是中国)");
	return 0;
}

int visa_req_create_h(struct request *req, struct response *res)
{
	int rc = validate_body(req, res, req->json, requirement_fields, false);

	if (!rc)
		rc = check_country(req, res);
	return rc ? rc : record_create(req, res, &requirement_def, req->json);
}

int visa_req_update_h(struct request *req, struct response *res)
{
	int rc = validate_body(req, res, req->json, requirement_fields, true);

	if (!rc)
		rc = check_country(req, res);
	return rc ? rc : record_update(req, res, &requirement_def, req->ids[0], req->json, "update", NULL, NULL);
}

int visa_req_delete_h(struct request *req, struct response *res)
{
	int rc = record_delete(req, res, &requirement_def, req->ids[0]);

	return rc ? rc : http_json(res, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- invitations ---- */

#define INVITATION_COLUMNS                                                                                        \
	"i.id, i.unit_id, n.name AS unit_name, i.purpose, i.arrive_date, i.leave_date, i.visa_post, i.status,"     \
	" i.submitted_on, i.decided_on, i.invitation_no,"                                                          \
	" (SELECT COUNT(*) FROM invitation_persons p WHERE p.invitation_id = i.id) AS person_count,"               \
	" i.created_at, i.updated_at, i.version"

static const struct list_sort_key invitation_sorts[] = {{"id", "i.id"},
							{"arrive_date", "i.arrive_date"},
							{"status", "i.status"},
							{"invitation_no", "i.invitation_no"},
							{NULL, NULL}};
static const char *const invitation_search[] = {"i.purpose", "n.name", "i.invitation_no", NULL};

static const struct list_spec invitation_spec = {
	.select = INVITATION_COLUMNS,
	.from = "invitations i JOIN units n ON n.id = i.unit_id",
	.sorts = invitation_sorts,
	.default_order = "i.id DESC",
	.search_columns = invitation_search,
	.unit_column = "i.unit_id",
};

static const struct list_query_filter invitation_filters[] = {
	{"status", LQ_ENUM, "i.status = ?", invitation_statuses},
	{"unit_id", LQ_ID, "i.unit_id = ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

int invitation_list_h(struct request *req, struct response *res)
{
	return register_list_filtered(req, res, &invitation_spec, invitation_filters);
}

int invitation_get_h(struct request *req, struct response *res)
{
	return get_one(req, res, invitation_load, "unit_id");
}

int invitation_create_h(struct request *req, struct response *res)
{
	return http_run_body_op(req, res, invitation_create, 201);
}

int invitation_update_h(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t version = 0;
	json_t *out = NULL;
	int rc = record_version_arg(req, res, &version);

	if (rc)
		return rc;
	rc = invitation_update(req->db, &who, req->ids[0], req->json, version, &out, &err);
	return http_answer_op(req, res, rc, &err, 200, out);
}

static int invitation_move(struct request *req, struct response *res, enum invitation_move move)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t version = 0;
	json_t *out = NULL;
	int rc = record_version_arg(req, res, &version);

	if (rc)
		return rc;
	rc = invitation_act(req->db, &who, req->ids[0], move, req->json, version, &out, &err);
	return http_answer_op(req, res, rc, &err, 200, out);
}

int invitation_submit_h(struct request *req, struct response *res) { return invitation_move(req, res, INVITATION_SUBMIT); }
int invitation_approve_h(struct request *req, struct response *res) { return invitation_move(req, res, INVITATION_APPROVE); }
int invitation_reject_h(struct request *req, struct response *res) { return invitation_move(req, res, INVITATION_REJECT); }
