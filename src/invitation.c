/*
 * invitation.c - invitation applications, their checks, approval number and
 * the letter approval creates (see invitation.h).
 */
#include "invitation.h"

#include "country.h"
#include "dates.h"
#include "labels.h"
#include "db_json.h"
#include "record.h"
#include "state.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const invitation_statuses[] = {"draft", "submitted", "approved", "rejected", NULL};

#define INVITATION_SELECT                                                                                         \
	"SELECT i.id, i.unit_id, n.name AS unit_name, i.purpose, i.arrive_date, i.leave_date, i.visa_post,"        \
	" i.status, i.submitted_on, i.decided_on, i.decided_by, i.decision_comment, i.invitation_no,"               \
	" (SELECT MIN(l.id) FROM letters l WHERE l.invitation_id = i.id) AS letter_id, i.created_at,"              \
	" i.updated_at, i.version FROM invitations i JOIN units n ON n.id = i.unit_id"

json_t *invitation_load(struct db *db, int64_t id, int *rc)
{
	json_t *row = db_fetch_one(db, INVITATION_SELECT " WHERE i.id = ?", id, rc), *persons;

	if (!row)
		return NULL;
	persons = db_fetch_all(db,
			       "SELECT name, nationality, passport_no, birth_date, position FROM invitation_persons"
			       " WHERE invitation_id = ? ORDER BY seq",
			       id, rc);
	if (!persons) {
		json_decref(row);
		return NULL;
	}
	json_object_set_new(row, "persons", persons);
	return row;
}

static const char *status_zh(const char *status)
{
	const char *zh = labels_zh("invitation_status", status);

	return zh ? zh : status ? status : "";
}

static const struct state_record invitation_record = {"invitation", "invitations", "unit_id", invitation_load,
						      status_zh};

int invitation_next_seq(struct db *db, int year, int64_t *seq)
{
	return db_query_int(db, seq, "SELECT COALESCE(MAX(no_seq), 0) + 1 FROM invitations WHERE no_year = ?", "i",
			    (int64_t)year);
}

void invitation_number(const struct policy *p, int year, int64_t seq, char *out, size_t len)
{
	policy_number_format(p->invitation_no_format, year, seq, out, len);
}

/* ---- the body and its checks ---- */

static const struct vfield invitation_fields[] = {
	{"unit_id", "邀请单位", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"purpose", "邀请事由", V_STRING, VF_REQUIRED, 2, 500, NULL},
	{"arrive_date", "抵达日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"leave_date", "离开日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"visa_post", "签证机构", V_STRING, VF_REQUIRED, 2, 100, NULL},
	{"persons", "被邀请人", V_ARRAY, VF_REQUIRED, 1, 50, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield person_fields[] = {
	{"name", "姓名", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"nationality", "国籍", V_STRING, VF_REQUIRED, 2, 2, NULL},
	{"passport_no", "护照号码", V_STRING, VF_REQUIRED, 5, 20, NULL},
	{"birth_date", "出生日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"position", "职务", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static bool alnum_only(const char *s)
{
	for (; s && *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/* Each person complete and plausible; nobody twice in the one application. */
static int check_persons(json_t *persons, struct op_error *err)
{
	char today[DATE_LEN], zh[sizeof(err->zh)], en[sizeof(err->en)];
	json_t *p, *q;
	size_t i, j;
	int rc;

	date_today(today);
	json_array_foreach(persons, i, p) {
		if (!json_is_object(p))
			return op_invalid(err, "persons", "each person is an object", "每位被邀请人必须是对象");
		if ((rc = validate_fields(p, person_fields, false, err)) != 0) {
			snprintf(en, sizeof(en), "person %zu: %.300s", i + 1, err->en);
			snprintf(zh, sizeof(zh), "第%zu位被邀请人:%.700s", i + 1, err->zh);
			return op_fail(err, rc, err->code, "persons", en, zh);
		}
		if (!country_valid(state_str(p, "nationality")) || strcmp(state_str(p, "nationality"), "CN") == 0) {
			snprintf(zh, sizeof(zh), "第%zu位被邀请人的国籍代码无效(ISO 3166 代码,如 US;不能是中国)", i + 1);
			return op_invalid(err, "persons", "unknown or Chinese nationality (ISO 3166 code such as US)", zh);
		}
		if (!alnum_only(state_str(p, "passport_no"))) {
			snprintf(zh, sizeof(zh), "第%zu位被邀请人的护照号码只能包含字母和数字", i + 1);
			return op_invalid(err, "persons", "a passport number has letters and digits only", zh);
		}
		if (strcmp(state_str(p, "birth_date"), today) >= 0) {
			snprintf(zh, sizeof(zh), "第%zu位被邀请人的出生日期须早于今天", i + 1);
			return op_invalid(err, "persons", "the date of birth lies in the past", zh);
		}
		for (j = 0; j < i; j++) {
			q = json_array_get(persons, j);
			if (strcmp(state_str(p, "nationality"), state_str(q, "nationality")) == 0 &&
			    strcmp(state_str(p, "passport_no"), state_str(q, "passport_no")) == 0) {
				snprintf(zh, sizeof(zh), "第%zu位与第%zu位被邀请人的国籍和护照号码相同", j + 1, i + 1);
				return op_invalid(err, "persons", "the same person is listed twice", zh);
			}
		}
	}
	return 0;
}

/* The visit lies ahead: arrival after today, departure not before arrival. */
static int check_dates(const char *arrive, const char *leave, struct op_error *err)
{
	char today[DATE_LEN];

	date_today(today);
	if (strcmp(arrive, today) <= 0)
		return op_invalid(err, "arrive_date", "the arrival lies in the future", "抵达日期须晚于今天");
	if (strcmp(leave, arrive) < 0)
		return op_invalid(err, "leave_date", "the departure comes after the arrival", "离开日期不能早于抵达日期");
	return 0;
}

/* The inviting unit exists, is active and is the actor's to use. */
static int check_unit(struct db *db, const struct actor *who, int64_t unit_id, struct op_error *err)
{
	int64_t active = 0;
	int rc = db_query_int(db, &active, "SELECT is_active FROM units WHERE id = ?", "i", unit_id);

	if (rc == DB_DONE)
		return op_invalid(err, "unit_id", "no such unit", "单位不存在");
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if ((rc = op_require_unit(db, who, unit_id, "unit_id", "the unit is another unit", "不能以其他单位名义邀请", err)))
		return rc;
	if (!active)
		return op_invalid(err, "unit_id", "the inviting unit is deactivated", "邀请单位已停用");
	return 0;
}

/* Nobody of this invitation is in another submitted or approved one whose dates overlap. */
static int check_overlap(struct db *db, json_t *inv, struct op_error *err)
{
	struct db_stmt *st = NULL;
	char zh[400];
	int rc = db_prepare(db,
			    "SELECT p.name, q.invitation_id, i.arrive_date, i.leave_date FROM invitation_persons p"
			    " JOIN invitation_persons q ON q.nationality = p.nationality AND q.passport_no = p.passport_no"
			    " JOIN invitations i ON i.id = q.invitation_id"
			    " WHERE p.invitation_id = ? AND q.invitation_id <> p.invitation_id"
			    " AND i.status IN ('submitted','approved') AND i.arrive_date <= ? AND i.leave_date >= ?"
			    " ORDER BY p.seq LIMIT 1",
			    &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, json_integer_value(json_object_get(inv, "id")));
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, state_str(inv, "leave_date"));
	if (rc == DB_OK)
		rc = db_bind_text(st, 3, state_str(inv, "arrive_date"));
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		snprintf(zh, sizeof(zh), "%s已在另一邀请申请(编号%lld,%s至%s)中被邀请,日期重叠", db_column_text(st, 0),
			 (long long)db_column_int64(st, 1), db_column_text(st, 2), db_column_text(st, 3));
		db_finalize(st);
		return op_fail(err, 409, "duplicate_person", "persons",
			       "a person is already invited for overlapping dates by another application", zh);
	}
	db_finalize(st);
	return rc == DB_DONE ? 0 : op_fail_db(err, rc);
}

/* ---- storage ---- */

static const char *const columns[] = {"unit_id", "purpose", "arrive_date", "leave_date", "visa_post", NULL};

static int write_persons(struct db *db, int64_t id, json_t *persons)
{
	json_t *p;
	size_t i;
	int rc = db_execf(db, "DELETE FROM invitation_persons WHERE invitation_id = ?", "i", id);

	json_array_foreach(persons, i, p) {
		if (rc != DB_OK)
			break;
		rc = db_execf(db,
			      "INSERT INTO invitation_persons (invitation_id, seq, name, nationality, passport_no, birth_date,"
			      " position) VALUES (?, ?, ?, ?, ?, ?, ?)",
			      "iittttt", id, (int64_t)i + 1, state_str(p, "name"), state_str(p, "nationality"),
			      state_str(p, "passport_no"), state_str(p, "birth_date"), state_str(p, "position"));
	}
	return rc;
}

int invitation_create_in(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	int64_t id = 0;
	int status = validate_fields(body, invitation_fields, false, err), rc;

	*out = NULL;
	if (!status)
		status = check_persons(json_object_get(body, "persons"), err);
	if (!status)
		status = check_dates(state_str(body, "arrive_date"), state_str(body, "leave_date"), err);
	if (!status)
		status = check_unit(db, who, json_integer_value(json_object_get(body, "unit_id")), err);
	if (status)
		return status;
	rc = store_insert(db, "invitations", columns, body, &id);
	if (rc == DB_OK)
		rc = write_persons(db, id, json_object_get(body, "persons"));
	if (rc == DB_OK)
		*out = invitation_load(db, id, &rc);
	if (rc == DB_OK)
		rc = op_audit(db, who, "create", "invitation", id, NULL, *out);
	if (rc == DB_OK)
		return 0;
	json_decref(*out);
	*out = NULL;
	return op_fail_db(err, rc);
}

int invitation_create(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	int rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return op_finish_out(db, invitation_create_in(db, who, body, out, err), DB_OK, out, err);
}

/* ---- edit of a draft ---- */

static const char *arg(const struct state_op *op, const char *key)
{
	return state_str(op->args, key);
}

/* The edited invitation: the stored one with the body's fields laid over it. */
static const char *merged(const struct state_op *op, const char *key)
{
	return arg(op, key) ? arg(op, key) : state_str(op->current, key);
}

static int check_update(struct state_op *op)
{
	json_t *unit = json_object_get(op->args, "unit_id");
	int status = validate_fields(op->args, invitation_fields, true, op->err);

	if (!status && json_object_get(op->args, "persons"))
		status = check_persons(json_object_get(op->args, "persons"), op->err);
	if (!status)
		status = check_dates(merged(op, "arrive_date"), merged(op, "leave_date"), op->err);
	if (!status && json_is_integer(unit))
		status = check_unit(op->db, op->who, json_integer_value(unit), op->err);
	return status;
}

static int apply_update(struct state_op *op)
{
	int rc = store_update(op->db, "invitations", columns, op->args, op->id);

	if (rc == DB_OK && json_object_get(op->args, "persons"))
		rc = write_persons(op->db, op->id, json_object_get(op->args, "persons"));
	return rc;
}

static const char *const from_draft[] = {"draft", NULL};
static const struct state_move update_move = {"update", "修改", from_draft, NULL, check_update, apply_update};

int invitation_update(struct db *db, const struct actor *who, int64_t id, json_t *body, int64_t expected_version,
		      json_t **out, struct op_error *err)
{
	return state_move(db, who, &invitation_record, &update_move, id, body, expected_version, NULL, out, err);
}

/* ---- submit, approve, reject ---- */

static int cas_done(int rc)
{
	return rc == DB_DONE ? RECORD_CONFLICT : rc;
}

/* Everything certain about the application as it stands, judged again at each step. */
static int check_all(struct state_op *op)
{
	int status = check_persons(json_object_get(op->current, "persons"), op->err);

	if (!status)
		status = check_dates(state_str(op->current, "arrive_date"), state_str(op->current, "leave_date"), op->err);
	if (!status)
		status = check_unit(op->db, op->who, json_integer_value(json_object_get(op->current, "unit_id")), op->err);
	if (!status)
		status = check_overlap(op->db, op->current, op->err);
	return status;
}

static int apply_submit(struct state_op *op)
{
	char today[DATE_LEN], now[32];
	int64_t changed = 0;

	date_today(today);
	util_now_rfc3339(now, sizeof(now));
	return cas_done(db_query_int(op->db, &changed,
				     "UPDATE invitations SET status = 'submitted', submitted_on = ?, updated_at = ?"
				     " WHERE id = ? AND status = 'draft' RETURNING id",
				     "tti", today, now, op->id));
}

static const struct vfield decide_fields[] = {
	{"date", "审批日期", V_DATE, 0, 0, 0, NULL},
	{"comment", "审批意见", V_STRING, VF_NULLABLE, 0, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The decision's date: the body's or today; not in the future, not before the submission. */
static void decision_date(const struct state_op *op, char out[DATE_LEN])
{
	if (arg(op, "date"))
		snprintf(out, DATE_LEN, "%s", arg(op, "date"));
	else
		date_today(out);
}

/* Only the approver the setting names decides (the administrator always may). */
static int check_decider(struct state_op *op)
{
	const struct policy *p = op->ctx;
	const char *submitted = state_str(op->current, "submitted_on");
	char date[DATE_LEN], today[DATE_LEN];
	int allowed = ROLE_ADMIN | (p->invitation_by_officer ? ROLE_OFFICER : ROLE_DIRECTOR);

	if (!(op->who->role & allowed))
		return op_fail(op->err, 403, "forbidden", NULL,
			       p->invitation_by_officer ? "invitations are decided by the office's officers"
							: "invitations are decided by the director",
			       p->invitation_by_officer ? "邀请申请由外办经办人审批" : "邀请申请由外办主任审批");
	decision_date(op, date);
	date_today(today);
	if (strcmp(date, today) > 0)
		return op_invalid(op->err, "date", "the date is in the future", "日期不能晚于今天");
	if (submitted && strcmp(date, submitted) < 0)
		return op_invalid(op->err, "date", "the decision comes after the submission", "审批日期不能早于提交日期");
	return 0;
}

static int check_approve(struct state_op *op)
{
	int status = check_decider(op);

	return status ? status : check_all(op);
}

/* The letter (函件) the register and the reports count: one batch, the invited persons. */
static int add_letter(struct state_op *op, const char *date)
{
	json_t *persons = json_object_get(op->current, "persons");
	char *text = json_dumps(persons, JSON_COMPACT), now[32];
	int rc;

	if (!text)
		return DB_ERR;
	util_now_rfc3339(now, sizeof(now));
	rc = db_execf(op->db,
		      "INSERT INTO letters (kind, letter_date, unit_id, purpose, persons_json, person_count, invitation_id,"
		      " created_at, updated_at) VALUES ('invitation', ?, ?, ?, ?, ?, ?, ?, ?)",
		      "tittiitt", date, (int64_t)json_integer_value(json_object_get(op->current, "unit_id")),
		      state_str(op->current, "purpose"), text, (int64_t)json_array_size(persons), op->id, now, now);
	free(text);
	return rc;
}

static int apply_approve(struct state_op *op)
{
	char date[DATE_LEN], number[160], now[32];
	int64_t seq = 0, changed = 0;
	int year, rc;

	decision_date(op, date);
	year = date_year(date);
	util_now_rfc3339(now, sizeof(now));
	rc = invitation_next_seq(op->db, year, &seq);
	invitation_number(op->ctx, year, seq, number, sizeof(number));
	if (rc == DB_OK)
		rc = cas_done(db_query_int(op->db, &changed,
					   "UPDATE invitations SET status = 'approved', decided_on = ?, decided_by = ?,"
					   " decision_comment = ?, invitation_no = ?, no_year = ?, no_seq = ?, updated_at = ?"
					   " WHERE id = ? AND status = 'submitted' RETURNING id",
					   "tzttiiti", date, op->who->id, arg(op, "comment"), number, (int64_t)year, seq, now,
					   op->id));
	return rc == DB_OK ? add_letter(op, date) : rc;
}

static int check_reject(struct state_op *op)
{
	const char *comment = arg(op, "comment");
	int status = check_decider(op);

	if (!status && (!comment || strlen(comment) < 2))
		return op_invalid(op->err, "comment", "say why the invitation is rejected", "不予批准须说明理由");
	return status;
}

static int apply_reject(struct state_op *op)
{
	char date[DATE_LEN], now[32];
	int64_t changed = 0;

	decision_date(op, date);
	util_now_rfc3339(now, sizeof(now));
	return cas_done(db_query_int(op->db, &changed,
				     "UPDATE invitations SET status = 'rejected', decided_on = ?, decided_by = ?,"
				     " decision_comment = ?, updated_at = ? WHERE id = ? AND status = 'submitted' RETURNING id",
				     "tztti", date, op->who->id, arg(op, "comment"), now, op->id));
}

static const char *const from_submitted[] = {"submitted", NULL};

static const struct state_move moves[INVITATION_MOVE_COUNT] = {
	[INVITATION_SUBMIT] = {"submit", "提交", from_draft, NULL, check_all, apply_submit},
	[INVITATION_APPROVE] = {"approve", "批准", from_submitted, decide_fields, check_approve, apply_approve},
	[INVITATION_REJECT] = {"reject", "不予批准", from_submitted, decide_fields, check_reject, apply_reject},
};

int invitation_act_in(struct db *db, const struct actor *who, int64_t id, enum invitation_move move, json_t *args,
		      int64_t expected_version, json_t **out, struct op_error *err)
{
	struct policy p;
	int rc;

	*out = NULL;
	if ((unsigned)move >= INVITATION_MOVE_COUNT)
		return op_not_found(err);
	rc = policy_load(db, &p);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return state_move_in(db, who, &invitation_record, &moves[move], id, args, expected_version, &p, out, err);
}

int invitation_act(struct db *db, const struct actor *who, int64_t id, enum invitation_move move, json_t *args,
		   int64_t expected_version, json_t **out, struct op_error *err)
{
	int rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return op_finish_out(db, invitation_act_in(db, who, id, move, args, expected_version, out, err), DB_OK, out, err);
}
