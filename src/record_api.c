/*
 * record_api.c - the record operations as a handler calls them (see record_api.h).
 */
#include "record_api.h"

#include <stdlib.h>
#include <string.h>

int record_load(struct request *req, struct response *res, const struct record_def *def, int64_t id, json_t **out)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int status = record_read(req->db, &who, def, id, out, &err);

	return status ? http_error_op(req, res, &err) : 0;
}

int64_t record_expected_version(struct request *req)
{
	json_t *v = json_object_get(req->json, "version");
	const char *h;
	char *end;
	long long n;

	if (v)
		return json_is_integer(v) && json_integer_value(v) > 0 ? (int64_t)json_integer_value(v) : -1;
	h = http_header(req, "If-Match");
	if (!h || !*h)
		return 0;
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	if (*h == '"')
		h++;
	n = strtoll(h, &end, 10);
	if (end == h || n < 1 || (*end && strcmp(end, "\"") != 0))
		return -1;
	return (int64_t)n;
}

int record_version_arg(struct request *req, struct response *res, int64_t *version)
{
	*version = record_expected_version(req);
	if (*version >= 0)
		return 0;
	return http_error(req, res, 422, "invalid", "version", "'version' must be a positive integer",
			  "「version」必须是正整数");
}

int record_create(struct request *req, struct response *res, const struct record_def *def, json_t *values)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int status = record_insert(req->db, &who, def, values, &after, &err);

	return http_answer_op(req, res, status, &err, 201, after);
}

int record_create_as(struct request *req, struct response *res, const struct record_def *def,
		     const struct record_rules *rules, json_t *values)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int status = record_create_judged(req->db, &who, def, rules, req->json, values, &after, &err);

	return http_answer_op(req, res, status, &err, 201, after);
}

int record_update_as(struct request *req, struct response *res, const struct record_def *def,
		     const struct record_rules *rules, int64_t id, json_t *values)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int64_t expected = 0;
	int status = record_version_arg(req, res, &expected);

	if (status)
		return status;
	status = record_update_judged(req->db, &who, def, rules, id, expected, req->json, values, &after, &err);
	return http_answer_op(req, res, status, &err, 200, after);
}

int record_change(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  const char *action, record_guard_fn guard, record_change_fn fn, void *arg)
{
	struct actor who = http_actor(req);
	struct record_edit edit = {action, guard, fn, arg};
	struct op_error err;
	json_t *after = NULL;
	int64_t expected = 0;
	int status = record_version_arg(req, res, &expected);

	if (status)
		return status;
	status = record_apply(req->db, &who, def, id, expected, &edit, &after, &err);
	return http_answer_op(req, res, status, &err, 200, after);
}

int record_update(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *values, const char *action, record_guard_fn guard, void *arg)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int64_t expected = 0;
	int status = record_version_arg(req, res, &expected);

	if (status)
		return status;
	status = record_write(req->db, &who, def, id, expected, values, action, guard, arg, &after, &err);
	return http_answer_op(req, res, status, &err, 200, after);
}

int record_delete(struct request *req, struct response *res, const struct record_def *def, int64_t id)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t expected = 0;
	int status = record_version_arg(req, res, &expected);

	if (status)
		return status;
	status = record_remove(req->db, &who, def, id, expected, &err);
	return status ? http_error_op(req, res, &err) : 0;
}
