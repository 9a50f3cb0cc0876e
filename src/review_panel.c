/*
 * review_panel.c - the joint review as domain operations (see review.h):
 * opening a session with its agenda, the panel's votes (in person or by a
 * named deputy), deputies named and revoked, and closing the session, which
 * tallies each trip on its agenda. Each operation judges and writes inside
 * one write transaction, so two at once end as if one ran after the other.
 */
#include "review.h"

#include "checks.h"
#include "dates.h"
#include "delegation.h"
#include "db_json.h"
#include "state.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static const char *const session_columns[] = {"meeting_date", "title", "status", NULL};

const struct record_def review_session_def = {
	.entity = "review_session",
	.table = "review_sessions",
	.select_one = "SELECT id, meeting_date AS date, title, status, closed_at, created_at, updated_at, version"
		      " FROM review_sessions WHERE id = ?",
	.columns = session_columns,
	.unit_field = NULL,
};

/* ---- the tally ---- */

static int panel_size(struct db *db, int64_t *n)
{
	return db_query_int(db, n, "SELECT COUNT(*) FROM users WHERE role = 'reviewer' AND is_active = 1", "");
}

int review_count_votes(struct db *db, int64_t session_id, int64_t delegation_id, struct review_tally *t)
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

bool review_quorum_met(const struct policy *p, const struct review_tally *t)
{
	int64_t cast = t->votes_for + t->against + t->abstain;

	return t->panel > 0 && cast * p->joint_review_quorum.den >= t->panel * p->joint_review_quorum.num;
}

bool review_passes(const struct policy *p, const struct review_tally *t)
{
	int64_t cast = t->votes_for + t->against + t->abstain;

	if (p->joint_review_veto && t->against > 0)
		return false;
	return cast > 0 && t->votes_for * p->joint_review_pass.den > cast * p->joint_review_pass.num;
}

const char *review_decide(const struct policy *p, int64_t panel, int64_t votes_for, int64_t against, int64_t abstain)
{
	struct review_tally t = {votes_for, against, abstain, panel};

	if (!review_quorum_met(p, &t))
		return "no_quorum";
	return review_passes(p, &t) ? "approved" : "rejected";
}

/* ---- opening a session ---- */

/* Each trip exists, waits for review and is on no other open agenda. */
static int check_agenda(struct db *db, json_t *ids, struct op_error *err)
{
	json_t *v, *w;
	size_t i, j;
	int64_t n = 0;
	int rc;

	json_array_foreach(ids, i, v) {
		json_t *trip;

		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return op_invalid(err, "delegation_ids", "each element is a trip id", "每一项必须是团组编号");
		json_array_foreach(ids, j, w)
			if (j < i && json_equal(v, w))
				return op_invalid(err, "delegation_ids", "a trip is listed twice", "团组重复列入议程");
		trip = db_fetch_one(db, "SELECT status, code FROM delegations WHERE id = ?", json_integer_value(v), &rc);
		if (!trip)
			return rc == DB_DONE ? op_invalid(err, "delegation_ids", "no such trip", "团组不存在") : op_fail_db(err, rc);
		rc = strcmp(json_string_value(json_object_get(trip, "status")), "preliminary_approved") == 0;
		json_decref(trip);
		if (!rc)
			return op_fail(err, 409, "invalid_transition", "delegation_ids",
				       "only trips that passed the preliminary review go to joint review",
				       "只有初审通过的团组可以提交会审");
		rc = db_query_int(db, &n,
				  "SELECT COUNT(*) FROM review_items i JOIN review_sessions s ON s.id = i.session_id"
				  " WHERE i.delegation_id = ? AND s.status = 'open'",
				  "i", (int64_t)json_integer_value(v));
		if (rc != DB_OK)
			return op_fail_db(err, rc);
		if (n)
			return op_fail(err, 409, "conflict", "delegation_ids", "a trip is already on the agenda of an open session",
				       "团组已列入其他未结束的会审");
	}
	return 0;
}

/* Inside the transaction: the session and its items written, audited. */
static int write_session(struct db *db, const struct actor *who, const char *date, const char *title,
			 json_t *delegation_ids, int64_t *id)
{
	json_t *values, *v, *after = NULL;
	size_t i;
	int rc;

	values = json_pack("{s:s, s:s, s:s}", "meeting_date", date, "title", title, "status", "open");
	rc = values ? store_insert(db, "review_sessions", session_columns, values, id) : DB_ERR;
	json_array_foreach(delegation_ids, i, v) {
		if (rc != DB_OK)
			break;
		rc = db_execf(db, "INSERT INTO review_items (session_id, delegation_id) VALUES (?, ?)", "ii", *id,
			      (int64_t)json_integer_value(v));
	}
	if (rc == DB_OK)
		after = db_fetch_one(db, review_session_def.select_one, *id, &rc);
	if (after)
		json_object_set(after, "delegation_ids", delegation_ids);
	if (rc == DB_OK)
		rc = op_audit(db, who, "create", "review_session", *id, NULL, after);
	json_decref(values);
	json_decref(after);
	return rc;
}

int review_open_session(struct db *db, const struct actor *who, const char *date, const char *title,
			json_t *delegation_ids, int64_t *id, struct op_error *err)
{
	int status, rc = db_begin(db);

	*id = 0;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = check_agenda(db, delegation_ids, err);
	if (!status)
		rc = write_session(db, who, date, title, delegation_ids, id);
	return op_finish(db, status, rc, err);
}

/* ---- votes ---- */

/* In the caller's transaction: the session exists (404) and is open (409). */
static int require_open(struct db *db, const struct actor *who, int64_t session_id, struct op_error *err)
{
	json_t *session = NULL;
	int status = record_read(db, who, &review_session_def, session_id, &session, err);

	if (status)
		return status;
	status = strcmp(json_string_value(json_object_get(session, "status")), "open") == 0
			 ? 0
			 : op_fail(err, 409, "invalid_transition", NULL, "the session is closed", "会审已结束");
	json_decref(session);
	return status;
}

/* A vote and who decides it, judged inside the transaction. */
struct ballot {
	const struct actor *who;
	int64_t session_id, delegation_id;
	int64_t owner;    /* the panel member the vote counts for */
	const char *decision;
	json_t *previous; /* the owner's vote before this one, or NULL */
};

static int refuse_vote(struct op_error *err, int status, const char *code, const char *en, const char *zh)
{
	return op_fail(err, status, code, "on_behalf_of", en, zh);
}

/* The session is open and the trip on its agenda, still waiting for the vote. */
static int judge_session(struct db *db, const struct ballot *b, struct op_error *err)
{
	int64_t on_agenda = 0;
	int status = require_open(db, b->who, b->session_id, err), rc;

	if (status)
		return status;
	rc = db_query_int(db, &on_agenda,
			  "SELECT COUNT(*) FROM review_items i JOIN delegations d ON d.id = i.delegation_id"
			  " WHERE i.session_id = ? AND i.delegation_id = ? AND d.status = 'preliminary_approved'",
			  "ii", b->session_id, b->delegation_id);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return on_agenda ? 0
			 : op_invalid(err, "delegation_id", "the trip is not on this session's agenda or no longer waits for it",
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
static int judge_owner(struct db *db, struct ballot *b, struct op_error *err)
{
	bool in_person = b->owner == b->who->id;
	int64_t deputy = 0;
	int rc = deputy_of(db, b->session_id, b->owner, &deputy);

	if (rc == DB_OK)
		rc = load_previous(db, b);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (in_person && deputy)
		return refuse_vote(err, 409, "conflict", "you are recorded absent with a deputy; revoke it to vote in person",
				   "您已登记缺席并委托代投,须先撤销委托才能亲自投票");
	if (!in_person && deputy != b->who->id)
		return refuse_vote(err, 403, "forbidden", "you are not the deputy this member named for the session",
				   "您未被该成员指定为本次会审的代投人");
	if (b->previous && !in_person)
		return refuse_vote(err, 409, "conflict", "a vote for this member exists already", "该成员已有表决,不能再代投");
	if (b->previous && json_integer_value(json_object_get(b->previous, "cast_by")) != b->who->id)
		return refuse_vote(err, 409, "conflict", "your deputy has voted for you on this trip", "代投人已代您对该团组表决");
	return 0;
}

/* Write the vote (insert, or change the owner's own) and audit it with before and after. */
static int write_vote(struct db *db, const struct ballot *b)
{
	json_t *after;
	char now[32];
	int rc;

	util_now_rfc3339(now, sizeof(now));
	if (b->previous)
		rc = db_execf(db,
			      "UPDATE review_votes SET decision = ?, updated_at = ?"
			      " WHERE session_id = ? AND delegation_id = ? AND reviewer_id = ? AND cast_by = ?",
			      "ttiiii", b->decision, now, b->session_id, b->delegation_id, b->owner, b->who->id);
	else
		rc = db_execf(db,
			      "INSERT INTO review_votes (session_id, delegation_id, reviewer_id, cast_by, decision, created_at,"
			      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			      "iiiittt", b->session_id, b->delegation_id, b->owner, b->who->id, b->decision, now, now);
	after = json_pack("{s:I, s:I, s:I, s:s}", "delegation_id", (json_int_t)b->delegation_id, "reviewer_id",
			  (json_int_t)b->owner, "cast_by", (json_int_t)b->who->id, "decision", b->decision);
	if (rc == DB_OK && b->previous) {
		json_object_set_new(b->previous, "delegation_id", json_integer(b->delegation_id));
		json_object_set_new(b->previous, "reviewer_id", json_integer(b->owner));
	}
	if (rc == DB_OK)
		rc = op_audit(db, b->who, b->previous ? "vote_change" : "vote", "review_session", b->session_id,
				 b->previous, after);
	json_decref(after);
	return rc;
}

int review_cast_vote(struct db *db, const struct actor *who, int64_t session_id, int64_t delegation_id,
		     const char *decision, int64_t on_behalf_of, struct op_error *err)
{
	struct ballot b = {who, session_id, delegation_id, on_behalf_of ? on_behalf_of : who->id, decision, NULL};
	int status, rc = db_begin(db);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = judge_session(db, &b, err);
	if (!status)
		status = judge_owner(db, &b, err);
	if (!status)
		rc = write_vote(db, &b);
	json_decref(b.previous);
	return op_finish(db, status, rc, err);
}

/* ---- deputies ---- */

static int is_panel_member(struct db *db, int64_t user_id, bool *member)
{
	int64_t n = 0;
	int rc = db_query_int(db, &n, "SELECT COUNT(*) FROM users WHERE id = ? AND role = 'reviewer' AND is_active = 1", "i",
			      user_id);

	*member = n > 0;
	return rc;
}

/* An officer (or director, admin) records anyone absent; a reviewer only themself. */
static int may_designate(const struct actor *who, int64_t reviewer, struct op_error *err)
{
	if (who->role == ROLE_REVIEWER && reviewer != who->id)
		return op_fail(err, 403, "forbidden", "reviewer_id", "a reviewer names a deputy only for themself",
			       "会审成员只能为自己指定代投人");
	return 0;
}

/* Inside the transaction: session open, both on the panel, the deputy not absent themself, no designation yet. */
static int judge_designation(struct db *db, const struct actor *who, int64_t session_id, int64_t reviewer,
			     int64_t deputy, struct op_error *err)
{
	bool reviewer_ok = false, deputy_ok = false;
	int64_t existing = 0, deputy_absent = 0;
	int rc = require_open(db, who, session_id, err);

	if (rc)
		return rc;
	rc = is_panel_member(db, reviewer, &reviewer_ok);
	if (rc == DB_OK)
		rc = is_panel_member(db, deputy, &deputy_ok);
	if (rc == DB_OK)
		rc = deputy_of(db, session_id, reviewer, &existing);
	if (rc == DB_OK)
		rc = deputy_of(db, session_id, deputy, &deputy_absent);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (!reviewer_ok)
		return op_invalid(err, "reviewer_id", "not an active member of the review panel", "该用户不是会审小组成员");
	if (!deputy_ok)
		return op_invalid(err, "deputy_id", "the deputy must be an active member of the review panel",
				  "代投人必须是在任的会审小组成员");
	if (reviewer == deputy)
		return op_invalid(err, "deputy_id", "a member cannot be their own deputy", "不能指定本人为代投人");
	if (existing)
		return op_fail(err, 409, "duplicate", "reviewer_id", "this member already has a deputy for the session",
			       "该成员已指定本次会审的代投人");
	if (deputy_absent)
		return op_fail(err, 409, "conflict", "deputy_id", "the deputy is recorded absent themself", "代投人本人已登记缺席");
	return 0;
}

int review_name_deputy(struct db *db, const struct actor *who, int64_t session_id, int64_t reviewer, int64_t deputy,
		       struct op_error *err)
{
	json_t *after;
	char now[32];
	int status = may_designate(who, reviewer, err), rc;

	if (status)
		return status;
	rc = db_begin(db);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = judge_designation(db, who, session_id, reviewer, deputy, err);
	if (status)
		return op_finish(db, status, DB_OK, err);
	util_now_rfc3339(now, sizeof(now));
	rc = db_execf(db,
		      "INSERT INTO review_deputies (session_id, reviewer_id, deputy_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
		      "iiiit", session_id, reviewer, deputy, who->id, now);
	after = json_pack("{s:I, s:I}", "reviewer_id", (json_int_t)reviewer, "deputy_id", (json_int_t)deputy);
	if (rc == DB_OK)
		rc = op_audit(db, who, "deputy_add", "review_session", session_id, NULL, after);
	json_decref(after);
	return op_finish(db, 0, rc, err);
}

/* Inside the transaction: the designation exists and its deputy has not voted for the member yet. */
static int judge_revocation(struct db *db, const struct actor *who, int64_t session_id, int64_t reviewer,
			    int64_t *deputy, struct op_error *err)
{
	int64_t proxy_votes = 0;
	int rc = require_open(db, who, session_id, err);

	if (rc)
		return rc;
	rc = deputy_of(db, session_id, reviewer, deputy);
	if (rc == DB_OK && *deputy)
		rc = db_query_int(db, &proxy_votes,
				  "SELECT COUNT(*) FROM review_votes WHERE session_id = ? AND reviewer_id = ? AND cast_by = ?",
				  "iii", session_id, reviewer, *deputy);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (!*deputy)
		return op_not_found(err);
	if (proxy_votes)
		return op_fail(err, 409, "conflict", NULL, "the deputy has already voted on behalf of this member",
			       "代投人已代为表决,不能撤销委托");
	return 0;
}

int review_revoke_deputy(struct db *db, const struct actor *who, int64_t session_id, int64_t reviewer,
			 struct op_error *err)
{
	int64_t deputy = 0;
	json_t *before;
	int status = may_designate(who, reviewer, err), rc;

	if (status)
		return status;
	rc = db_begin(db);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = judge_revocation(db, who, session_id, reviewer, &deputy, err);
	if (status)
		return op_finish(db, status, DB_OK, err);
	rc = db_execf(db, "DELETE FROM review_deputies WHERE session_id = ? AND reviewer_id = ?", "ii", session_id, reviewer);
	before = json_pack("{s:I, s:I}", "reviewer_id", (json_int_t)reviewer, "deputy_id", (json_int_t)deputy);
	if (rc == DB_OK)
		rc = op_audit(db, who, "deputy_revoke", "review_session", session_id, before, NULL);
	json_decref(before);
	return op_finish(db, 0, rc, err);
}

/* ---- closing a session ---- */

struct close_ctx {
	struct policy *p;            /* the policies in force, read by the guard inside the transaction */
	char meeting_date[DATE_LEN]; /* set by the guard from the session as it is */
};

static int set_outcome(struct db *db, int64_t session_id, int64_t did, const char *outcome, const struct review_tally *t)
{
	return db_execf(db,
			"UPDATE review_items SET outcome = ?, votes_for = ?, votes_against = ?, votes_abstain = ?, panel_size = ?"
			" WHERE session_id = ? AND delegation_id = ?",
			"tiiiiii", outcome, t->votes_for, t->against, t->abstain, t->panel, session_id, did);
}

/* Decide one trip: approved, rejected, no quorum, or passed but held by a block. */
static int tally_one(struct record_op *op, const struct close_ctx *c, int64_t did)
{
	struct review_tally t = {0, 0, 0, 0};
	json_t *before = NULL, *after = NULL, *checks = NULL;
	const char *outcome;
	bool blocked = false, overridden;
	char now[32];
	int rc = review_count_votes(op->db, op->id, did, &t);

	if (rc != DB_OK)
		return rc;
	before = delegation_detail(op->db, did, &rc);
	if (!before)
		return rc;
	overridden = json_is_string(json_object_get(before, "override_reason"));
	if (!review_quorum_met(c->p, &t))
		outcome = "no_quorum";
	else if (!review_passes(c->p, &t))
		outcome = "rejected";
	else {
		rc = checks_run(op->db, did, c->p, c->meeting_date, &checks, &blocked);
		json_decref(checks);
		outcome = blocked && !overridden ? "blocked" : "approved";
	}
	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = set_outcome(op->db, op->id, did, outcome, &t);
	if (rc == DB_OK && strcmp(outcome, "approved") == 0)
		rc = delegation_db_approve(op->db, did, c->meeting_date, c->p);
	if (rc == DB_OK && strcmp(outcome, "approved") == 0)
		rc = delegation_db_touch(op->db, did);
	if (rc == DB_OK && strcmp(outcome, "rejected") == 0)
		rc = db_execf(op->db,
			      "UPDATE delegations SET status = 'rejected', version = version + 1, updated_at = ?"
			      " WHERE id = ? AND status = 'preliminary_approved'",
			      "ti", now, did);
	if (rc == DB_OK)
		after = delegation_detail(op->db, did, &rc);
	if (rc == DB_OK)
		rc = op_audit(op->db, op->who, "review_tally", "delegation", did, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

static int apply_close(struct record_op *op)
{
	const struct close_ctx *c = op->arg;
	struct db_stmt *st = NULL;
	int64_t ids[64];
	int n = 0, i, rc;
	char now[32];

	/* Trips cancelled or changed since they were put on the agenda are not tallied. */
	rc = db_prepare(op->db,
			"SELECT i.delegation_id FROM review_items i JOIN delegations d ON d.id = i.delegation_id"
			" WHERE i.session_id = ? AND d.status = 'preliminary_approved' ORDER BY i.id",
			&st);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, op->id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW && n < 64) {
		ids[n++] = db_column_int64(st, 0);
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_DONE && rc != DB_OK && rc != DB_ROW)
		return rc;
	for (i = 0, rc = DB_OK; i < n && rc == DB_OK; i++)
		rc = tally_one(op, c, ids[i]);
	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = db_execf(op->db, "UPDATE review_sessions SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ?",
			      "tti", now, now, op->id);
	return rc;
}

/* Judged on the session as it is inside the transaction: only an open session closes. */
static int guard_open(struct record_op *op)
{
	struct close_ctx *c = op->arg;
	json_t *session = op->current;
	int rc;

	if (strcmp(json_string_value(json_object_get(session, "status")), "open") != 0)
		return op_fail(op->err, 409, "invalid_transition", NULL, "the session is already closed", "会审已结束");
	rc = policy_load(op->db, c->p); /* quorum, pass share and veto as they are now */
	if (rc != DB_OK)
		return op_fail_db(op->err, rc);
	snprintf(c->meeting_date, sizeof(c->meeting_date), "%s", json_string_value(json_object_get(session, "date")));
	return 0;
}

int review_close_session(struct db *db, const struct actor *who, int64_t session_id, int64_t expected_version,
			 struct op_error *err)
{
	struct policy p;
	struct close_ctx c = {&p, ""};
	struct record_edit edit = {"close", guard_open, apply_close, &c};
	json_t *after = NULL;
	int status = record_apply(db, who, &review_session_def, session_id, expected_version, &edit, &after, err);
	json_decref(after);
	return status;
}
