/*
 * record.c - the shared load/create/update path of one record (see record.h).
 */
#include "record.h"

#include "audit.h"
#include "auth.h"
#include "list.h"
#include "store.h"

int record_load(struct request *req, struct response *res, const struct record_def *def, int64_t id, json_t **out)
{
	json_t *row;
	int rc;

	*out = NULL;
	row = db_fetch_one(req->db, def->select_one, id, &rc);
	if (!row)
		return rc == DB_DONE ? http_error_not_found(req, res) : http_error_db(req, res, rc);
	if (def->unit_field) {
		json_t *u = json_object_get(row, def->unit_field);
		rc = auth_check_unit(req, res, json_is_integer(u) ? json_integer_value(u) : 0);
		if (rc) {
			json_decref(row);
			return rc;
		}
	}
	*out = row;
	return 0;
}

int record_commit(struct request *req, struct response *res, int rc)
{
	if (rc == DB_OK)
		rc = db_commit(req->db);
	if (rc == DB_OK)
		return 0;
	db_rollback(req->db);
	return http_error_db(req, res, rc);
}

/* Commit and answer the record, or roll back and answer the error. */
static int finish(struct request *req, struct response *res, int rc, int status, json_t *after)
{
	rc = record_commit(req, res, rc);
	if (rc) {
		json_decref(after);
		return rc;
	}
	return http_json(res, status, after);
}

int record_create(struct request *req, struct response *res, const struct record_def *def, json_t *values)
{
	json_t *after = NULL;
	int64_t id = 0;
	int rc = db_begin(req->db);

	if (rc == DB_OK)
		rc = store_insert(req->db, def->table, def->columns, values, &id);
	if (rc == DB_OK)
		after = db_fetch_one(req->db, def->select_one, id, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, "create", def->entity, id, NULL, after);
	return finish(req, res, rc, 201, after);
}

int record_update(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *before, json_t *values, const char *action)
{
	json_t *after = NULL;
	int rc = db_begin(req->db);

	if (rc == DB_OK)
		rc = store_update(req->db, def->table, def->columns, values, id);
	if (rc == DB_OK)
		after = db_fetch_one(req->db, def->select_one, id, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, action, def->entity, id, before, after);
	return finish(req, res, rc, 200, after);
}

int record_change(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *before, const char *action, record_change_fn fn, void *arg)
{
	json_t *after = NULL;
	int rc = db_begin(req->db);

	if (rc == DB_OK)
		rc = fn(req, arg);
	if (rc == DB_OK)
		after = db_fetch_one(req->db, def->select_one, id, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, action, def->entity, id, before, after);
	return finish(req, res, rc, 200, after);
}
