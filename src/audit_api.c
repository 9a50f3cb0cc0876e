/*
 * audit_api.c - the audit trail seen from a request: an entry written with
 * the caller as its actor, and the audit log's route (see audit_api.h).
 */
#include "audit_api.h"

#include "dates.h"
#include "list.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* ---- the audit list ---- */

static const struct list_sort_key audit_sorts[] = {
	{"id", "id"}, {"at", "at"}, {"username", "username"}, {"entity", "entity"}, {"action", "action"}, {NULL, NULL}};
static const char *const audit_search[] = {"action", "entity", "username", NULL};

static const struct list_spec audit_spec = {
	.select = "id, at, user_id, username, client_ip, action, entity, entity_id, before_json, after_json, hash",
	.from = "audit_log",
	.sorts = audit_sorts,
	.default_order = "id DESC",
	.search_columns = audit_search,
	.unit_column = NULL,
};

struct audit_filters {
	const char *entity, *action, *user, *from, *to;
	int64_t entity_id;
};

static int audit_db_list(struct db *db, const struct list_params *lp, const struct audit_filters *af, json_t **out)
{
	struct list_filter f;
	char from_at[32], to_next[DATE_LEN], to_at[32];
	int rc = DB_OK;

	list_filter_init(&f);
	if (af->entity)
		rc = list_filter_text(&f, "entity = ?", af->entity);
	if (rc == DB_OK && af->entity_id)
		rc = list_filter_int(&f, "entity_id = ?", af->entity_id);
	if (rc == DB_OK && af->action)
		rc = list_filter_text(&f, "action = ?", af->action);
	if (rc == DB_OK && af->user)
		rc = list_filter_text(&f, "username = ?", af->user);
	/* from and to are the office's local days; entries are stamped in UTC */
	if (rc == DB_OK && af->from) {
		date_day_start_utc(af->from, from_at);
		rc = list_filter_text(&f, "at >= ?", from_at);
	}
	if (rc == DB_OK && af->to) {
		/* `to` is a whole day: everything before the next local midnight */
		date_add_days(af->to, 1, to_next);
		date_day_start_utc(to_next, to_at);
		rc = list_filter_text(&f, "at < ?", to_at);
	}
	if (rc == DB_OK)
		rc = list_run(db, &audit_spec, lp, &f, out);
	list_filter_free(&f);
	return rc;
}


int audit_record(struct request *req, const char *action, const char *entity, int64_t entity_id, json_t *before,
		 json_t *after)
{
	struct audit_actor who = {
		.user_id = req->authenticated ? req->user.id : 0,
		.username = req->authenticated ? req->user.username : NULL,
		.client_ip = req->client_ip,
	};

	return audit_write(req->db, &who, action, entity, entity_id, before, after);
}

int audit_list(struct request *req, struct response *res)
{
	struct list_params lp;
	struct audit_filters af;
	json_t *out = NULL;
	int rc;

	memset(&af, 0, sizeof(af));
	rc = list_params(req, res, &lp);
	if (!rc)
		rc = list_query_date(req, res, "from", &af.from);
	if (!rc)
		rc = list_query_date(req, res, "to", &af.to);
	if (!rc)
		rc = list_query_id(req, res, "entity_id", &af.entity_id);
	if (rc)
		return rc;
	af.entity = http_query(req, "entity");
	af.action = http_query(req, "action");
	af.user = http_query(req, "user");
	rc = audit_db_list(req->db, &lp, &af, &out);
	return list_answer(req, res, rc, out);
}
