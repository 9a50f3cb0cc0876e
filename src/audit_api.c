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

static const struct list_query_filter audit_filters[] = {
	{"entity_id", LQ_ID, "entity_id = ?", NULL},
	{"entity", LQ_TEXT, "entity = ?", NULL},
	{"action", LQ_TEXT, "action = ?", NULL},
	{"user", LQ_TEXT, "username = ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

/*
 * from and to are not declarative: they are the office's local days, and
 * entries are stamped in UTC, so each becomes the UTC instant its day starts
 * (`to` a whole day: everything before the next local midnight).
 */
static int add_days(struct list_filter *f, const char *from, const char *to)
{
	char from_at[32], to_next[DATE_LEN], to_at[32];
	int rc = DB_OK;

	if (from) {
		date_day_start_utc(from, from_at);
		rc = list_filter_text(f, "at >= ?", from_at);
	}
	if (rc == DB_OK && to) {
		date_add_days(to, 1, to_next);
		date_day_start_utc(to_next, to_at);
		rc = list_filter_text(f, "at < ?", to_at);
	}
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
	struct list_filter f;
	const char *from = NULL, *to = NULL;
	json_t *out = NULL;
	int rc = list_params(req, res, &lp);

	if (!rc)
		rc = list_query_date(req, res, "from", &from);
	if (!rc)
		rc = list_query_date(req, res, "to", &to);
	if (rc)
		return rc;
	list_filter_init(&f);
	rc = list_query_filters(req, res, audit_filters, &f);
	if (!rc) {
		rc = add_days(&f, from, to);
		if (rc == DB_OK)
			rc = list_run(req->db, &audit_spec, &lp, &f, &out);
		rc = list_answer(req, res, rc, out);
	}
	list_filter_free(&f);
	return rc;
}
