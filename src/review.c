/*
 * review.c - the routes of the joint review (review_api.h): sessions with
 * their agenda, live tally and deputies as answered; what they do is
 * review_panel.c (review.h).
 */
#include "review.h"
#include "review_api.h"

#include "list.h"
#include "record_api.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static const char *const vote_choices[] = {"for", "against", "abstain", NULL};

/* ---- storage ---- */

static const struct list_sort_key session_sorts[] = {{"id", "s.id"}, {"date", "s.meeting_date"}, {NULL, NULL}};
static const char *const session_search[] = {"s.title", NULL};

static const struct list_spec session_spec = {
	.select = "s.id, s.meeting_date AS date, s.title, s.status, s.closed_at,"
		  " (SELECT COUNT(*) FROM review_items i WHERE i.session_id = s.id) AS item_count",
	.from = "review_sessions s",
	.sorts = session_sorts,
	.default_order = "s.meeting_date DESC, s.id DESC",
	.search_columns = session_search,
	.unit_column = NULL,
};

static json_t *tally_json(const struct policy *p, const struct review_tally *t)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:b, s:b}", "for", (json_int_t)t->votes_for, "against",
			 (json_int_t)t->against, "abstain", (json_int_t)t->abstain, "panel_size", (json_int_t)t->panel,
			 "quorum_met", review_quorum_met(p, t), "passes", review_quorum_met(p, t) && review_passes(p, t));
}

/* The agenda with each item's votes and live tally. */
static int load_agenda(struct db *db, int64_t session_id, const struct policy *p, json_t **out)
{
	struct db_stmt *st = NULL;
	json_t *items, *item;
	size_t i;
	int rc;

	items = db_fetch_all(db,
			     "SELECT i.delegation_id, d.code, d.title, n.name AS unit_name, d.status, i.outcome"
			     " FROM review_items i JOIN delegations d ON d.id = i.delegation_id JOIN units n ON n.id = d.unit_id"
			     " WHERE i.session_id = ? ORDER BY i.id",
			     session_id, &rc);
	json_array_foreach(items, i, item) {
		int64_t did = json_integer_value(json_object_get(item, "delegation_id"));
		struct review_tally t = {0, 0, 0, 0};
		json_t *votes = NULL;

		if (rc != DB_OK)
			break;
		rc = review_count_votes(db, session_id, did, &t);
		if (rc != DB_OK)
			break;
		json_object_set_new(item, "tally", tally_json(p, &t));
		rc = db_prepare(db,
				"SELECT v.reviewer_id, r.display_name AS reviewer_name, v.decision, v.cast_by,"
				" c.display_name AS cast_by_name, v.updated_at FROM review_votes v"
				" JOIN users r ON r.id = v.reviewer_id JOIN users c ON c.id = v.cast_by"
				" WHERE v.session_id = ? AND v.delegation_id = ? ORDER BY v.id",
				&st);
		votes = json_array();
		if (rc == DB_OK)
			rc = db_bind_int64(st, 1, session_id);
		if (rc == DB_OK)
			rc = db_bind_int64(st, 2, did);
		while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
			json_t *v = db_row_json(st);
			bool behalf = !json_equal(json_object_get(v, "reviewer_id"), json_object_get(v, "cast_by"));
			char label[256];

			json_object_set_new(v, "is_on_behalf", json_boolean(behalf));
			if (behalf) {
				snprintf(label, sizeof(label), "代投:%s代%s",
					 json_string_value(json_object_get(v, "cast_by_name")),
					 json_string_value(json_object_get(v, "reviewer_name")));
				json_object_set_new(v, "on_behalf_label", json_string(label));
			}
			json_array_append_new(votes, v);
			rc = DB_OK;
		}
		db_finalize(st);
		st = NULL;
		if (rc == DB_DONE)
			rc = DB_OK;
		json_object_set_new(item, "votes", votes);
	}
	if (rc != DB_OK) {
		json_decref(items);
		return rc;
	}
	*out = items;
	return DB_OK;
}

/* ---- handlers ---- */

/* The members recorded absent for the session and the deputies they named. */
static const char deputies_sql[] =
	"SELECT x.reviewer_id, r.display_name AS reviewer_name, x.deputy_id, d.display_name AS deputy_name,"
	" x.created_at FROM review_deputies x JOIN users r ON r.id = x.reviewer_id"
	" JOIN users d ON d.id = x.deputy_id WHERE x.session_id = ? ORDER BY x.id";

/* The panel: the active reviewers, who may be recorded absent or named deputy (the id is unused). */
static const char panel_sql[] =
	"SELECT id, display_name FROM users WHERE role = 'reviewer' AND is_active = 1 AND id > ? ORDER BY id";

static int answer_session(struct request *req, struct response *res, int64_t id, int status)
{
	struct policy p;
	json_t *row = NULL, *agenda = NULL, *deputies = NULL, *panel = NULL;
	int rc = record_load(req, res, &review_session_def, id, &row);

	if (rc)
		return rc;
	rc = policy_load(req->db, &p);
	if (rc == DB_OK)
		rc = load_agenda(req->db, id, &p, &agenda);
	if (rc == DB_OK)
		deputies = db_fetch_all(req->db, deputies_sql, id, &rc);
	if (rc == DB_OK)
		panel = db_fetch_all(req->db, panel_sql, 0, &rc);
	if (rc != DB_OK) {
		json_decref(row);
		json_decref(agenda);
		json_decref(deputies);
		return http_error_db(req, res, rc);
	}
	json_object_set_new(row, "items", agenda);
	json_object_set_new(row, "deputies", deputies);
	json_object_set_new(row, "panel", panel);
	return http_json(res, status, row);
}

int review_list(struct request *req, struct response *res)
{
	static const char *const states[] = {"open", "closed", NULL};
	static const struct list_query_filter filters[] = {
		{"status", LQ_ENUM, "s.status = ?", states},
		{NULL, LQ_TEXT, NULL, NULL},
	};

	return list_serve_filtered(req, res, &session_spec, filters);
}

int review_get(struct request *req, struct response *res)
{
	return answer_session(req, res, req->ids[0], 200);
}

static const struct vfield session_fields[] = {
	{"date", "会审日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"title", "会议名称", V_STRING, VF_REQUIRED, 1, 200, NULL},
	{"delegation_ids", "议程团组", V_ARRAY, VF_REQUIRED, 1, 50, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* An operation's outcome: the session as it is now with `status`, or the error. */
static int answer_op(struct request *req, struct response *res, int op_status, const struct op_error *err,
		     int64_t id, int status)
{
	return op_status ? http_error_op(req, res, err) : answer_session(req, res, id, status);
}

int review_create(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t id = 0;
	int rc = validate_body(req, res, req->json, session_fields, false);

	if (rc)
		return rc;
	rc = review_open_session(req->db, &who, json_string_value(json_object_get(req->json, "date")),
				 json_string_value(json_object_get(req->json, "title")),
				 json_object_get(req->json, "delegation_ids"), &id, &err);
	return answer_op(req, res, rc, &err, id, 201);
}

static const struct vfield vote_fields[] = {
	{"delegation_id", "团组", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"decision", "表决意见", V_ENUM, VF_REQUIRED, 0, 0, vote_choices},
	{"on_behalf_of", "代为表决的成员", V_ID, VF_NULLABLE, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

int review_vote(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *behalf = json_object_get(req->json, "on_behalf_of");
	int rc = validate_body(req, res, req->json, vote_fields, false);

	if (rc)
		return rc;
	rc = review_cast_vote(req->db, &who, req->ids[0], json_integer_value(json_object_get(req->json, "delegation_id")),
			      json_string_value(json_object_get(req->json, "decision")),
			      json_is_integer(behalf) ? json_integer_value(behalf) : 0, &err);
	return answer_op(req, res, rc, &err, req->ids[0], 200);
}

int review_close(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int64_t version = 0;
	int rc = record_version_arg(req, res, &version);

	if (rc)
		return rc;
	rc = review_close_session(req->db, &who, req->ids[0], version, &err);
	return answer_op(req, res, rc, &err, req->ids[0], 200);
}

/* ---- deputies ---- */

static const struct vfield deputy_fields[] = {
	{"reviewer_id", "缺席成员", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"deputy_id", "代投人", V_ID, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

int review_deputy_add(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int rc = validate_body(req, res, req->json, deputy_fields, false);

	if (rc)
		return rc;
	rc = review_name_deputy(req->db, &who, req->ids[0], json_integer_value(json_object_get(req->json, "reviewer_id")),
				json_integer_value(json_object_get(req->json, "deputy_id")), &err);
	return answer_op(req, res, rc, &err, req->ids[0], 201);
}

int review_deputy_revoke(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int rc = review_revoke_deputy(req->db, &who, req->ids[0], req->ids[1], &err);

	return answer_op(req, res, rc, &err, req->ids[0], 200);
}
