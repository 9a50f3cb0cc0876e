/*
 * policy_api.c - the policy settings routes (see policy_api.h): read by
 * everyone, changed through policy_update (policy.h).
 */
#include "policy_api.h"

#include "policy.h"

int policy_get(struct request *req, struct response *res)
{
	json_t *items = json_array();
	int rc = items ? policy_items(req->db, items) : DB_ERR;

	if (rc != DB_OK) {
		json_decref(items);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

int policy_put(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;

	if (policy_update(req->db, &who, req->json, &err))
		return http_error_op(req, res, &err);
	return policy_get(req, res);
}
