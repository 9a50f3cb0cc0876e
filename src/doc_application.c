/*
 * doc_application.c - document applications (办照) and the passport or
 * permit their issue puts in custody (see doc_application.h).
 */
#include "doc_application.h"

#include "dates.h"
#include "labels.h"
#include "db_json.h"
#include "person.h"
#include "record.h"
#include "state.h"
#include "store.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char *const docapp_kinds[] = {"official_passport", "hk_macao_permit", "taiwan_permit", NULL};
const char *const docapp_statuses[] = {"applied", "submitted", "issued", "refused", NULL};
static const char *const reasons[] = {"new", "renewal", "lost", NULL};
static const char *const official_kinds[] = {"service", "official_ordinary", NULL};

#define DOCAPP_SELECT                                                                                             \
	"SELECT a.id, a.person_id, pe.name AS person_name, pe.unit_id, a.kind, a.reason, a.delegation_id,"         \
	" d.code AS delegation_code, a.status, a.applied_on, a.submitted_to, a.submitted_on, a.decided_on,"       \
	" a.number, a.passport_kind, a.expiry_date, a.passport_id, a.refuse_reason, a.notes, a.created_at,"       \
	" a.updated_at, a.version FROM document_applications a JOIN persons pe ON pe.id = a.person_id"            \
	" LEFT JOIN delegations d ON d.id = a.delegation_id"

json_t *docapp_load(struct db *db, int64_t id, int *rc)
{
	return db_fetch_one(db, DOCAPP_SELECT " WHERE a.id = ?", id, rc);
}

static const char *status_zh(const char *status)
{
	const char *zh = labels_zh("document_status", status);

	return zh ? zh : status ? status : "";
}

static const struct state_record docapp_record = {"document_application", "document_applications", "unit_id",
						 docapp_load, status_zh};

/* ---- create ---- */

static const struct vfield create_fields[] = {
	{"person_id", "申请人", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"kind", "证件种类", V_ENUM, VF_REQUIRED, 0, 0, docapp_kinds},
	{"reason", "申办原因", V_ENUM, VF_REQUIRED, 0, 0, reasons},
	{"delegation_id", "出访团组", V_ID, VF_NULLABLE, 0, 0, NULL},
	{"applied_on", "申请日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"notes", "备注", V_STRING, 0, 0, 500, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const char *const create_columns[] = {"person_id", "kind", "reason", "delegation_id", "applied_on", "notes", NULL};

/* The person visible to the actor; the trip (if any) visible and the person one of its members. */
static int check_refs(struct db *db, const struct actor *who, json_t *body, struct op_error *err)
{
	int64_t person = json_integer_value(json_object_get(body, "person_id")), unit = 0, member = 0;
	json_t *trip_id = json_object_get(body, "delegation_id");
	int rc = person_db_unit(db, person, &unit);

	if (rc == DB_DONE)
		return op_invalid(err, "person_id", "no such person", "人员不存在");
	if (rc != DB_ROW)
		return op_fail_db(err, rc);
	if ((rc = op_require_unit(db, who, unit, "person_id", "the person belongs to another unit", "该人员属于其他单位,无权引用",
				  err)))
		return rc;
	if (!json_is_integer(trip_id))
		return 0;
	rc = db_query_int(db, &member,
			  "SELECT COUNT(*) FROM delegation_members WHERE delegation_id = ? AND person_id = ?", "ii",
			  json_integer_value(trip_id), person);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (!member)
		return op_invalid(err, "delegation_id", "the person is not a member of this trip", "申请人不是该团组成员");
	return 0;
}

static int check_open(struct db *db, json_t *body, struct op_error *err)
{
	int64_t open = 0;
	int rc = db_query_int(db, &open,
			      "SELECT COUNT(*) FROM document_applications WHERE person_id = ? AND kind = ?"
			      " AND status IN ('applied','submitted')",
			      "it", (int64_t)json_integer_value(json_object_get(body, "person_id")),
			      state_str(body, "kind"));

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	if (open)
		return op_fail(err, 409, "duplicate", "kind", "the person already has an open application of this kind",
			       "该人员已有同类证件的办理中申请");
	return 0;
}

static int not_future(const char *date, const char *field, struct op_error *err)
{
	char today[DATE_LEN];

	date_today(today);
	if (date && strcmp(date, today) > 0)
		return op_invalid(err, field, "the date is in the future", "日期不能晚于今天");
	return 0;
}

int docapp_create_in(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	int64_t id = 0;
	int status = validate_fields(body, create_fields, false, err), rc;

	*out = NULL;
	if (!status)
		status = not_future(state_str(body, "applied_on"), "applied_on", err);
	if (!status)
		status = check_refs(db, who, body, err);
	if (!status)
		status = check_open(db, body, err);
	if (status)
		return status;
	rc = store_insert(db, "document_applications", create_columns, body, &id);
	if (rc == DB_OK)
		*out = docapp_load(db, id, &rc);
	if (rc == DB_OK)
		rc = op_audit(db, who, "create", "document_application", id, NULL, *out);
	if (rc == DB_OK)
		return 0;
	json_decref(*out);
	*out = NULL;
	return op_fail_db(err, rc);
}

int docapp_create(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	int rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return op_finish_out(db, docapp_create_in(db, who, body, out, err), DB_OK, out, err);
}

/* ---- moves ---- */

static const char *arg(const struct state_op *op, const char *key)
{
	return state_str(op->args, key);
}

/* The move's date: not in the future, not before the state it leaves. */
static int check_date_after(struct state_op *op, const char *since_field)
{
	const char *since = state_str(op->current, since_field);

	if (since && strcmp(arg(op, "date"), since) < 0)
		return op_invalid(op->err, "date", "the date comes before the previous step", "日期不能早于上一步的日期");
	return not_future(arg(op, "date"), "date", op->err);
}

/* UPDATE ... WHERE id = ? AND status = <found>: RECORD_CONFLICT when the state moved. */
static int cas_done(int rc)
{
	return rc == DB_DONE ? RECORD_CONFLICT : rc;
}

static const struct vfield submit_fields[] = {
	{"date", "递交日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"submitted_to", "受理机关", V_STRING, VF_REQUIRED, 2, 100, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_submit(struct state_op *op)
{
	return check_date_after(op, "applied_on");
}

static int apply_submit(struct state_op *op)
{
	char now[32];
	int64_t changed = 0;

	util_now_rfc3339(now, sizeof(now));
	return cas_done(db_query_int(op->db, &changed,
				     "UPDATE document_applications SET status = 'submitted', submitted_on = ?, submitted_to = ?,"
				     " updated_at = ? WHERE id = ? AND status = 'applied' RETURNING id",
				     "ttti", arg(op, "date"), arg(op, "submitted_to"), now, op->id));
}

static const struct vfield issue_fields[] = {
	{"date", "签发日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"number", "证件号码", V_STRING, VF_REQUIRED, 5, 20, NULL},
	{"expiry_date", "有效期至", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"passport_kind", "护照种类", V_ENUM, 0, 0, 0, official_kinds},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The kind of the passport or permit in custody: an official passport says which; a permit is its own kind. */
static const char *custody_kind(const struct state_op *op)
{
	const char *kind = state_str(op->current, "kind");

	return strcmp(kind, "official_passport") == 0 ? arg(op, "passport_kind") : kind;
}

static int check_issue(struct state_op *op)
{
	const char *s;
	int64_t n = 0;
	int rc;

	for (s = arg(op, "number"); *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return op_invalid(op->err, "number", "a document number has capital letters and digits only",
					  "证件号码只能包含大写字母和数字");
	if (!custody_kind(op))
		return op_invalid(op->err, "passport_kind", "say whether the official passport is a service or an ordinary one",
				  "因公护照须注明护照种类(公务护照或因公普通护照)");
	if (strcmp(arg(op, "expiry_date"), arg(op, "date")) <= 0)
		return op_invalid(op->err, "expiry_date", "the expiry comes after the issue", "有效期须晚于签发日期");
	rc = db_query_int(op->db, &n, "SELECT COUNT(*) FROM passports WHERE number = ?", "t", arg(op, "number"));
	if (rc != DB_OK)
		return op_fail_db(op->err, rc);
	if (n)
		return op_fail(op->err, 409, "duplicate", "number", "a passport or permit with this number is registered",
			       "该证件号码已登记");
	return check_date_after(op, "submitted_on");
}

/* The passport or permit goes into custody, and the application records it. */
static int apply_issue(struct state_op *op)
{
	json_t *values = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "number", arg(op, "number"), "kind", custody_kind(op),
				   "person_id", json_integer_value(json_object_get(op->current, "person_id")), "issue_date",
				   arg(op, "date"), "expiry_date", arg(op, "expiry_date"), "status", "in_custody");
	static const char *const columns[] = {"number", "kind", "person_id", "issue_date", "expiry_date", "status", NULL};
	int64_t passport = 0, changed = 0;
	char now[32];
	int rc = values ? store_insert(op->db, "passports", columns, values, &passport) : DB_ERR;

	json_decref(values);
	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = cas_done(db_query_int(op->db, &changed,
					   "UPDATE document_applications SET status = 'issued', decided_on = ?, number = ?,"
					   " passport_kind = ?, expiry_date = ?, passport_id = ?, updated_at = ?"
					   " WHERE id = ? AND status = 'submitted' RETURNING id",
					   "ttttiti", arg(op, "date"), arg(op, "number"), custody_kind(op), arg(op, "expiry_date"),
					   passport, now, op->id));
	return rc;
}

static const struct vfield refuse_fields[] = {
	{"date", "日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"reason", "原因", V_STRING, VF_REQUIRED, 2, 500, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static int check_refuse(struct state_op *op)
{
	return check_date_after(op, "submitted_on");
}

static int apply_refuse(struct state_op *op)
{
	char now[32];
	int64_t changed = 0;

	util_now_rfc3339(now, sizeof(now));
	return cas_done(db_query_int(op->db, &changed,
				     "UPDATE document_applications SET status = 'refused', decided_on = ?, refuse_reason = ?,"
				     " updated_at = ? WHERE id = ? AND status = 'submitted' RETURNING id",
				     "ttti", arg(op, "date"), arg(op, "reason"), now, op->id));
}

static const char *const from_applied[] = {"applied", NULL};
static const char *const from_submitted[] = {"submitted", NULL};

static const struct state_move moves[DOCAPP_MOVE_COUNT] = {
	[DOCAPP_SUBMIT] = {"submit", "递交", from_applied, submit_fields, check_submit, apply_submit},
	[DOCAPP_ISSUE] = {"issue", "登记签发", from_submitted, issue_fields, check_issue, apply_issue},
	[DOCAPP_REFUSE] = {"refuse", "登记不予签发", from_submitted, refuse_fields, check_refuse, apply_refuse},
};

int docapp_act_in(struct db *db, const struct actor *who, int64_t id, enum docapp_move move, json_t *args,
		  int64_t expected_version, json_t **out, struct op_error *err)
{
	*out = NULL;
	if ((unsigned)move >= DOCAPP_MOVE_COUNT)
		return op_not_found(err);
	return state_move_in(db, who, &docapp_record, &moves[move], id, args, expected_version, NULL, out, err);
}

int docapp_act(struct db *db, const struct actor *who, int64_t id, enum docapp_move move, json_t *args,
	       int64_t expected_version, json_t **out, struct op_error *err)
{
	*out = NULL;
	if ((unsigned)move >= DOCAPP_MOVE_COUNT)
		return op_not_found(err);
	return state_move(db, who, &docapp_record, &moves[move], id, args, expected_version, NULL, out, err);
}
