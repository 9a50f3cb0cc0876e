/*
 * review.c - joint review sessions, votes and the tally (see review.h).
 */
#include "review.h"
#include "review_api.h"

#include "audit_api.h"
#include "checks.h"
#include "dates.h"
#include "delegation.h"
#include "list.h"
#include "record.h"
#include "store.h"
#include "util.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static const char *const vote_choices[] = {"for", "against", "abstain", NULL};

/* ---- storage ---- */

static const char *const session_columns[] = {"meeting_date", "title", "status", NULL};

static const struct record_def session_def = {
	.entity = "review_session",
	.table = "review_sessions",
	.select_one = "SELECT id, meeting_date AS date, title, status, closed_at, created_at, updated_at, version"
		      " FROM review_sessions WHERE id = ?",
	.columns = session_columns,
	.unit_field = NULL,
};

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

static int panel_size(struct db *db, int64_t *n)
{
	return db_query_int(db, n, "SELECT COUNT(*) FROM users WHERE role = 'reviewer' AND is_active = 1", "");
}

struct tally {
	int64_t votes_for, against, abstain, panel;
};

static int count_votes(struct db *db, int64_t session_id, int64_t delegation_id, struct tally *t)
{
	static const char sql[] = "SELECT COUNT(*) FROM review_votes WHERE session_id = ? AND delegation_id = ? AND decision = ?";
	int rc = db_query_int(db, &t->votes_for, sql, "iit", session_id, delegation_id, "for");

	if (rc == DB_OK)
		rc = db_query_int(db, &t->against, sql, "iit", session_id, delegation_id, "against");
	if (rc == DB_OK)
		rc = db_query_int(db, &t->abstain, sql, "iit", session_id, delegation_id, "abstain");
	if (rc == DB_OK)
		rc = panel_size(db, &t->panel);
	return rc;
}

static bool quorum_met(const struct policy *p, const struct tally *t)
{
	int64_t cast = t->votes_for + t->against + t->abstain;

	return t->panel > 0 && cast * p->joint_review_quorum.den >= t->panel * p->joint_review_quorum.num;
}

/* More than the pass share of the votes cast are for; a veto ends it at one against. */
static bool passes(const struct policy *p, const struct tally *t)
{
	int64_t cast = t->votes_for + t->against + t->abstain;

	if (p->joint_review_veto && t->against > 0)
		return false;
	return cast > 0 && t->votes_for * p->joint_review_pass.den > cast * p->joint_review_pass.num;
}

static json_t *tally_json(const struct policy *p, const struct tally *t)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:b, s:b}", "for", (json_int_t)t->votes_for, "against",
			 (json_int_t)t->against, "abstain", (json_int_t)t->abstain, "panel_size", (json_int_t)t->panel,
			 "quorum_met", quorum_met(p, t), "passes", quorum_met(p, t) && passes(p, t));
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
		struct tally t = {0, 0, 0, 0};
		json_t *votes = NULL;

		if (rc != DB_OK)
			break;
		rc = count_votes(db, session_id, did, &t);
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

/* In the caller's transaction: the session exists (404) and is open (409). */
static int guard_session_open(struct request *req, struct response *res)
{
	json_t *session = NULL;
	int rc = record_load(req, res, &session_def, req->ids[0], &session);

	if (rc)
		return rc;
	rc = strcmp(json_string_value(json_object_get(session, "status")), "open") == 0
		     ? 0
		     : http_error(req, res, 409, "invalid_transition", NULL, "the session is closed", "会审已结束");
	json_decref(session);
	return rc;
}


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
	int rc = record_load(req, res, &session_def, id, &row);

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
	struct list_params lp;
	struct list_filter f;
	json_t *out = NULL;
	int rc = list_params(req, res, &lp);

	if (rc)
		return rc;
	list_filter_init(&f);
	rc = list_query_filters(req, res, filters, &f);
	if (!rc) {
		rc = list_run(req->db, &session_spec, &lp, &f, &out);
		rc = list_answer(req, res, rc, out);
	}
	list_filter_free(&f);
	return rc;
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

/* Each trip exists, waits for review and is on no other open agenda. */
static int check_agenda(struct request *req, struct response *res)
{
	json_t *ids = json_object_get(req->json, "delegation_ids"), *v, *w;
	size_t i, j;
	int64_t n = 0;
	int rc;

	json_array_foreach(ids, i, v) {
		json_t *trip;

		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return validate_fail(req, res, "delegation_ids", "each element is a trip id", "每一项必须是团组编号");
		json_array_foreach(ids, j, w)
			if (j < i && json_equal(v, w))
				return validate_fail(req, res, "delegation_ids", "a trip is listed twice", "团组重复列入议程");
		trip = db_fetch_one(req->db, "SELECT status, code FROM delegations WHERE id = ?", json_integer_value(v), &rc);
		if (!trip)
			return rc == DB_DONE ? validate_fail(req, res, "delegation_ids", "no such trip", "团组不存在")
					     : http_error_db(req, res, rc);
		rc = strcmp(json_string_value(json_object_get(trip, "status")), "preliminary_approved") == 0;
		json_decref(trip);
		if (!rc)
			return http_error(req, res, 409, "invalid_transition", "delegation_ids",
					  "only trips that passed the preliminary review go to joint review",
					  "只有初审通过的团组可以提交会审");
		rc = db_query_int(req->db, &n,
				  "SELECT COUNT(*) FROM review_items i JOIN review_sessions s ON s.id = i.session_id"
				  " WHERE i.delegation_id = ? AND s.status = 'open'",
				  "i", (int64_t)json_integer_value(v));
		if (rc != DB_OK)
			return http_error_db(req, res, rc);
		if (n)
			return http_error(req, res, 409, "conflict", "delegation_ids",
					  "a trip is already on the agenda of an open session", "团组已列入其他未结束的会审");
	}
	return 0;
}

/* Inside the transaction: the agenda judged, the session and its items written, audited. */
static int create_session(struct request *req, struct response *res, int64_t *id)
{
	json_t *values, *v, *after = NULL;
	size_t i;
	int status = check_agenda(req, res), rc;

	if (status)
		return status;
	values = json_pack("{s:O, s:O, s:s}", "meeting_date", json_object_get(req->json, "date"), "title",
			   json_object_get(req->json, "title"), "status", "open");
	rc = values ? store_insert(req->db, "review_sessions", session_columns, values, id) : DB_ERR;
	json_array_foreach(json_object_get(req->json, "delegation_ids"), i, v) {
		if (rc != DB_OK)
			break;
		rc = db_execf(req->db, "INSERT INTO review_items (session_id, delegation_id) VALUES (?, ?)", "ii", *id,
			      (int64_t)json_integer_value(v));
	}
	if (rc == DB_OK)
		after = db_fetch_one(req->db, session_def.select_one, *id, &rc);
	if (after)
		json_object_set(after, "delegation_ids", json_object_get(req->json, "delegation_ids"));
	if (rc == DB_OK)
		rc = audit_record(req, "create", "review_session", *id, NULL, after);
	json_decref(values);
	json_decref(after);
	return rc == DB_OK ? 0 : http_error_db(req, res, rc);
}

int review_create(struct request *req, struct response *res)
{
	int64_t id = 0;
	int rc = validate_body(req, res, req->json, session_fields, false);

	if (rc)
		return rc;
	rc = db_begin(req->db);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	rc = create_session(req, res, &id);
	if (rc) {
		db_rollback(req->db);
		return rc;
	}
	rc = record_commit(req, res, DB_OK);
	return rc ? rc : answer_session(req, res, id, 201);
}

static const struct vfield vote_fields[] = {
	{"delegation_id", "团组", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"decision", "表决意见", V_ENUM, VF_REQUIRED, 0, 0, vote_choices},
	{"on_behalf_of", "代为表决的成员", V_ID, VF_NULLABLE, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* A vote and who decides it, judged inside the transaction. */
struct ballot {
	int64_t session_id, delegation_id;
	int64_t owner;          /* the panel member the vote counts for */
	const char *decision;
	json_t *previous;       /* the owner's vote before this one, or NULL */
};

static int refuse_vote(struct request *req, struct response *res, int status, const char *code, const char *en,
		       const char *zh)
{
	return http_error(req, res, status, code, "on_behalf_of", en, zh);
}

/* The session is open and the trip on its agenda, still waiting for the vote. */
static int judge_session(struct request *req, struct response *res, const struct ballot *b)
{
	int64_t on_agenda = 0;
	int rc = guard_session_open(req, res);

	if (rc)
		return rc;
	rc = db_query_int(req->db, &on_agenda,
			  "SELECT COUNT(*) FROM review_items i JOIN delegations d ON d.id = i.delegation_id"
			  " WHERE i.session_id = ? AND i.delegation_id = ? AND d.status = 'preliminary_approved'",
			  "ii", b->session_id, b->delegation_id);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	return on_agenda ? 0
			 : validate_fail(req, res, "delegation_id",
					 "the trip is not on this session's agenda or no longer waits for it",
					 "该团组不在本次会审议程中,或已不再待会审");
}

/* The deputy the absent `reviewer` named for this session; 0 when none. */
static int deputy_of(struct db *db, int64_t session_id, int64_t reviewer, int64_t *deputy)
{
	int rc = db_query_int(db, deputy, "SELECT deputy_id FROM review_deputies WHERE session_id = ? AND reviewer_id = ?",
			      "ii", session_id, reviewer);

	if (rc == DB_DONE) {
		*deputy = 0;
		rc = DB_OK;
	}
	return rc;
}

/* The owner's current vote in b->previous ({cast_by, decision}), NULL when none. */
static int load_previous(struct db *db, struct ballot *b)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db,
			    "SELECT cast_by, decision FROM review_votes WHERE session_id = ? AND delegation_id = ? AND reviewer_id = ?",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, b->session_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 2, b->delegation_id);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 3, b->owner);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		b->previous = db_row_json(st);
		rc = b->previous ? DB_OK : DB_ERR;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

/*
 * Who may cast this vote: in person, a member not recorded absent, who may
 * change a vote they cast themself; on behalf, only the deputy the absent
 * member named, and only while no vote for that member exists. A vote cast
 * in person is never replaced by someone else.
 */
static int judge_owner(struct request *req, struct response *res, struct ballot *b)
{
	json_t *behalf = json_object_get(req->json, "on_behalf_of");
	bool in_person;
	int64_t deputy = 0;
	int rc;

	b->owner = json_is_integer(behalf) ? json_integer_value(behalf) : req->user.id;
	in_person = b->owner == req->user.id;
	rc = deputy_of(req->db, b->session_id, b->owner, &deputy);
	if (rc == DB_OK)
		rc = load_previous(req->db, b);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (in_person && deputy)
		return refuse_vote(req, res, 409, "conflict", "you are recorded absent with a deputy; revoke it to vote in person",
				   "您已登记缺席并委托代投,须先撤销委托才能亲自投票");
	if (!in_person && deputy != req->user.id)
		return refuse_vote(req, res, 403, "forbidden", "you are not the deputy this member named for the session",
				   "您未被该成员指定为本次会审的代投人");
	if (b->previous && !in_person)
		return refuse_vote(req, res, 409, "conflict", "a vote for this member exists already",
				   "该成员已有表决,不能再代投");
	if (b->previous && json_integer_value(json_object_get(b->previous, "cast_by")) != req->user.id)
		return refuse_vote(req, res, 409, "conflict", "your deputy has voted for you on this trip",
				   "代投人已代您对该团组表决");
	return 0;
}

/* Write the vote (insert, or change the owner's own) and audit it with before and after. */
static int write_vote(struct request *req, const struct ballot *b)
{
	json_t *after;
	char now[32];
	int rc;

	util_now_rfc3339(now, sizeof(now));
	if (b->previous)
		rc = db_execf(req->db,
			      "UPDATE review_votes SET decision = ?, updated_at = ?"
			      " WHERE session_id = ? AND delegation_id = ? AND reviewer_id = ? AND cast_by = ?",
			      "ttiiii", b->decision, now, b->session_id, b->delegation_id, b->owner, req->user.id);
	else
		rc = db_execf(req->db,
			      "INSERT INTO review_votes (session_id, delegation_id, reviewer_id, cast_by, decision, created_at,"
			      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			      "iiiittt", b->session_id, b->delegation_id, b->owner, req->user.id, b->decision, now, now);
	after = json_pack("{s:I, s:I, s:I, s:s}", "delegation_id", (json_int_t)b->delegation_id, "reviewer_id",
			  (json_int_t)b->owner, "cast_by", (json_int_t)req->user.id, "decision", b->decision);
	if (rc == DB_OK && b->previous) {
		json_object_set_new(b->previous, "delegation_id", json_integer(b->delegation_id));
		json_object_set_new(b->previous, "reviewer_id", json_integer(b->owner));
	}
	if (rc == DB_OK)
		rc = audit_record(req, b->previous ? "vote_change" : "vote", "review_session", b->session_id, b->previous,
				  after);
	json_decref(after);
	return rc;
}

int review_vote(struct request *req, struct response *res)
{
	struct ballot b = {req->ids[0], 0, 0, NULL, NULL};
	int status, rc = validate_body(req, res, req->json, vote_fields, false);

	if (rc)
		return rc;
	b.delegation_id = json_integer_value(json_object_get(req->json, "delegation_id"));
	b.decision = json_string_value(json_object_get(req->json, "decision"));
	rc = db_begin(req->db);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	status = judge_session(req, res, &b);
	if (!status)
		status = judge_owner(req, res, &b);
	if (status) {
		db_rollback(req->db);
		json_decref(b.previous);
		return status;
	}
	rc = record_commit(req, res, write_vote(req, &b));
	json_decref(b.previous);
	return rc ? rc : answer_session(req, res, req->ids[0], 200);
}

/* ---- close and tally ---- */

struct close_ctx {
	const struct policy *p;
	char meeting_date[DATE_LEN]; /* set by the guard from the session as it is */
};

static int set_outcome(struct db *db, int64_t session_id, int64_t did, const char *outcome, const struct tally *t)
{
	return db_execf(db,
			"UPDATE review_items SET outcome = ?, votes_for = ?, votes_against = ?, votes_abstain = ?, panel_size = ?"
			" WHERE session_id = ? AND delegation_id = ?",
			"tiiiiii", outcome, t->votes_for, t->against, t->abstain, t->panel, session_id, did);
}

/* Decide one trip: approved, rejected, no quorum, or passed but held by a block. */
static int tally_one(struct request *req, const struct close_ctx *c, int64_t did)
{
	struct tally t = {0, 0, 0, 0};
	json_t *before = NULL, *after = NULL, *checks = NULL;
	const char *outcome;
	bool blocked = false, overridden;
	char now[32];
	int rc = count_votes(req->db, req->ids[0], did, &t);

	if (rc != DB_OK)
		return rc;
	before = delegation_detail(req->db, did, &rc);
	if (!before)
		return rc;
	overridden = json_is_string(json_object_get(before, "override_reason"));
	if (!quorum_met(c->p, &t))
		outcome = "no_quorum";
	else if (!passes(c->p, &t))
		outcome = "rejected";
	else {
		rc = checks_run(req->db, did, c->p, c->meeting_date, &checks, &blocked);
		json_decref(checks);
		outcome = blocked && !overridden ? "blocked" : "approved";
	}
	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = set_outcome(req->db, req->ids[0], did, outcome, &t);
	if (rc == DB_OK && strcmp(outcome, "approved") == 0)
		rc = delegation_db_approve(req->db, did, c->meeting_date, c->p);
	if (rc == DB_OK && strcmp(outcome, "approved") == 0)
		rc = delegation_db_touch(req->db, did);
	if (rc == DB_OK && strcmp(outcome, "rejected") == 0)
		rc = db_execf(req->db,
			      "UPDATE delegations SET status = 'rejected', version = version + 1, updated_at = ?"
			      " WHERE id = ? AND status = 'preliminary_approved'",
			      "ti", now, did);
	if (rc == DB_OK)
		after = delegation_detail(req->db, did, &rc);
	if (rc == DB_OK)
		rc = audit_record(req, "review_tally", "delegation", did, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int apply_close(struct request *req, void *arg)
{
	const struct close_ctx *c = arg;
	struct db_stmt *st = NULL;
	int64_t ids[64];
	int n = 0, i, rc;
	char now[32];

	/* Trips cancelled or changed since they were put on the agenda are not tallied. */
	rc = db_prepare(req->db,
			"SELECT i.delegation_id FROM review_items i JOIN delegations d ON d.id = i.delegation_id"
			" WHERE i.session_id = ? AND d.status = 'preliminary_approved' ORDER BY i.id",
			&st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, req->ids[0]);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW && n < 64) {
		ids[n++] = db_column_int64(st, 0);
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_DONE && rc != DB_OK && rc != DB_ROW)
		return rc;
	for (i = 0, rc = DB_OK; i < n && rc == DB_OK; i++)
		rc = tally_one(req, c, ids[i]);
	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = db_execf(req->db, "UPDATE review_sessions SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?",
			      "tti", now, now, req->ids[0]);
	return rc;
}

/* Judged on the session as it is inside the transaction: only an open session closes. */
static int guard_open(struct request *req, struct response *res, json_t *session, void *arg)
{
	struct close_ctx *c = arg;

	if (strcmp(json_string_value(json_object_get(session, "status")), "open") != 0)
		return http_error(req, res, 409, "invalid_transition", NULL, "the session is already closed", "会审已结束");
	snprintf(c->meeting_date, sizeof(c->meeting_date), "%s", json_string_value(json_object_get(session, "date")));
	return 0;
}

int review_close(struct request *req, struct response *res)
{
	struct policy p;
	struct close_ctx c = {&p, ""};
	int rc = policy_load(req->db, &p);

	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	rc = record_change(req, res, &session_def, req->ids[0], "close", guard_open, apply_close, &c);
	if (rc != 200)
		return rc;
	json_decref(res->json);
	res->json = NULL;
	return answer_session(req, res, req->ids[0], 200);
}

/* ---- deputies ---- */


static const struct vfield deputy_fields[] = {
	{"reviewer_id", "缺席成员", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"deputy_id", "代投人", V_ID, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int is_panel_member(struct db *db, int64_t user_id, bool *member)
{
	int64_t n = 0;
	int rc = db_query_int(db, &n, "SELECT COUNT(*) FROM users WHERE id = ? AND role = 'reviewer' AND is_active = 1", "i",
			      user_id);

	*member = n > 0;
	return rc;
}

/* An officer (or director, admin) records anyone absent; a reviewer only themself. */
static int may_designate(struct request *req, struct response *res, int64_t reviewer)
{
	if (req->user.role == ROLE_REVIEWER && reviewer != req->user.id)
		return http_error(req, res, 403, "forbidden", "reviewer_id", "a reviewer names a deputy only for themself",
				  "会审成员只能为自己指定代投人");
	return 0;
}

/* Inside the transaction: session open, both on the panel, the deputy not absent themself, no designation yet. */
static int judge_designation(struct request *req, struct response *res, int64_t reviewer, int64_t deputy)
{
	bool reviewer_ok = false, deputy_ok = false;
	int64_t existing = 0, deputy_absent = 0;
	int rc = guard_session_open(req, res);

	if (rc)
		return rc;
	rc = is_panel_member(req->db, reviewer, &reviewer_ok);
	if (rc == DB_OK)
		rc = is_panel_member(req->db, deputy, &deputy_ok);
	if (rc == DB_OK)
		rc = deputy_of(req->db, req->ids[0], reviewer, &existing);
	if (rc == DB_OK)
		rc = deputy_of(req->db, req->ids[0], deputy, &deputy_absent);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (!reviewer_ok)
		return validate_fail(req, res, "reviewer_id", "not an active member of the review panel", "该用户不是会审小组成员");
	if (!deputy_ok)
		return validate_fail(req, res, "deputy_id", "the deputy must be an active member of the review panel",
				     "代投人必须是在任的会审小组成员");
	if (reviewer == deputy)
		return validate_fail(req, res, "deputy_id", "a member cannot be their own deputy", "不能指定本人为代投人");
	if (existing)
		return http_error(req, res, 409, "duplicate", "reviewer_id", "this member already has a deputy for the session",
				  "该成员已指定本次会审的代投人");
	if (deputy_absent)
		return http_error(req, res, 409, "conflict", "deputy_id", "the deputy is recorded absent themself",
				  "代投人本人已登记缺席");
	return 0;
}

int review_deputy_add(struct request *req, struct response *res)
{
	int64_t reviewer, deputy;
	json_t *after = NULL;
	char now[32];
	int rc = validate_body(req, res, req->json, deputy_fields, false);

	if (rc)
		return rc;
	reviewer = json_integer_value(json_object_get(req->json, "reviewer_id"));
	deputy = json_integer_value(json_object_get(req->json, "deputy_id"));
	rc = may_designate(req, res, reviewer);
	if (rc)
		return rc;
	rc = db_begin(req->db);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	rc = judge_designation(req, res, reviewer, deputy);
	if (rc) {
		db_rollback(req->db);
		return rc;
	}
	util_now_rfc3339(now, sizeof(now));
	rc = db_execf(req->db,
		      "INSERT INTO review_deputies (session_id, reviewer_id, deputy_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
		      "iiiit", req->ids[0], reviewer, deputy, req->user.id, now);
	after = json_pack("{s:I, s:I}", "reviewer_id", (json_int_t)reviewer, "deputy_id", (json_int_t)deputy);
	if (rc == DB_OK)
		rc = audit_record(req, "deputy_add", "review_session", req->ids[0], NULL, after);
	json_decref(after);
	rc = record_commit(req, res, rc);
	return rc ? rc : answer_session(req, res, req->ids[0], 201);
}

/* Inside the transaction: the designation exists and its deputy has not voted for the member yet. */
static int judge_revocation(struct request *req, struct response *res, int64_t reviewer, int64_t *deputy)
{
	int64_t proxy_votes = 0;
	int rc = guard_session_open(req, res);

	if (rc)
		return rc;
	rc = deputy_of(req->db, req->ids[0], reviewer, deputy);
	if (rc == DB_OK && *deputy)
		rc = db_query_int(req->db, &proxy_votes,
				  "SELECT COUNT(*) FROM review_votes WHERE session_id = ? AND reviewer_id = ? AND cast_by = ?",
				  "iii", req->ids[0], reviewer, *deputy);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (!*deputy)
		return http_error_not_found(req, res);
	if (proxy_votes)
		return http_error(req, res, 409, "conflict", NULL, "the deputy has already voted on behalf of this member",
				  "代投人已代为表决,不能撤销委托");
	return 0;
}

int review_deputy_revoke(struct request *req, struct response *res)
{
	int64_t reviewer = req->ids[1], deputy = 0;
	json_t *before = NULL;
	int rc = may_designate(req, res, reviewer);

	if (rc)
		return rc;
	rc = db_begin(req->db);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	rc = judge_revocation(req, res, reviewer, &deputy);
	if (rc) {
		db_rollback(req->db);
		return rc;
	}
	rc = db_execf(req->db, "DELETE FROM review_deputies WHERE session_id = ? AND reviewer_id = ?", "ii", req->ids[0],
		      reviewer);
	before = json_pack("{s:I, s:I}", "reviewer_id", (json_int_t)reviewer, "deputy_id", (json_int_t)deputy);
	if (rc == DB_OK)
		rc = audit_record(req, "deputy_revoke", "review_session", req->ids[0], before, NULL);
	json_decref(before);
	rc = record_commit(req, res, rc);
	return rc ? rc : answer_session(req, res, req->ids[0], 200);
}

const char *review_decide(const struct policy *p, int64_t panel, int64_t votes_for, int64_t against, int64_t abstain)
{
	struct tally t = {votes_for, against, abstain, panel};

	if (!quorum_met(p, &t))
		return "no_quorum";
	return passes(p, &t) ? "approved" : "rejected";
}
