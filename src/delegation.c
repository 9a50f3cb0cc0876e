/*
 * delegation.c - trips abroad: storage, detail, create, edit and list
 * (see delegation.h). State changes live in lifecycle.c.
 */
#include "delegation_api.h"

#include "audit_api.h"
#include "country.h"
#include "dates.h"
#include "list.h"
#include "state.h"
#include "store.h"
#include "trip.h"
#include "trip_body.h"
#include "util.h"
#include "validate.h"
#include "record_api.h"

#include <stdio.h>
#include <string.h>

const char *const delegation_categories[] = {"inspection", "investment", "sister_city", "training",
					 "conference", "student",    "business",    "other",
					 NULL};
const char *const delegation_categories_zh[] = {"考察", "招商", "友城交流", "培训", "会议", "学生交流", "商务", "其他", NULL};
const char *const delegation_inviter_types[] = {"foreign_government", "foreign_organisation", "foreign_company",
						"university", "international_organisation",
						"overseas_chinese_association", "foreign_office_in_china",
						"chinese_company_abroad", "other", NULL};
const char *const delegation_inviter_types_zh[] = {"外国政府", "外国机构团体", "外国企业", "大学", "国际组织",
						   "海外华侨华人社团", "外国驻华机构", "中资境外企业", "其他", NULL};
static const char *const statuses[] = {"draft",    "submitted", "county_reviewed", "preliminary_approved", "approved", "rejected",
				       "departed", "returned",  "closed",               "cancelled", NULL};
static const char *const statuses_zh[] = {"草稿",   "已申报", "县级初审通过", "初审通过", "已批准", "未通过",
					  "已出访", "已回国", "已办结",   "已取消", NULL};

const char *delegation_status_zh(const char *status)
{
	size_t i;

	for (i = 0; status && statuses[i]; i++)
		if (strcmp(statuses[i], status) == 0)
			return statuses_zh[i];
	return status ? status : "";
}

/* ---- storage ---- */

#define DELEGATION_COLUMNS                                                                                        \
	"d.id, d.code, d.unit_id, n.name AS unit_name, d.title, d.task, d.category, d.inviter, d.inviter_type,"   \
	" d.inviter_country, d.budget_source, d.depart_date,"                                                      \
	" d.return_date, d.budget_fen, d.official_days, d.out_of_plan_reason, d.status, d.submitted_on,"           \
	" d.county_reviewed_on, d.county_comment,"                                                                  \
	" CASE WHEN d.unit_id IN " UNITS_UNDER_COUNTY_SQL " THEN 1 ELSE 0 END AS is_under_county,"                  \
	" d.preliminary_comment, d.publicity_start, d.approved_on, d.approval_no, d.override_reason,"              \
	" d.briefing_date, d.is_reminder_card, d.actual_depart, d.actual_return, d.countries_visited_json,"        \
	" d.report_date, d.report_summary, d.closed_on, d.cancel_reason, d.cancelled_on, d.imported_persons,"       \
	" d.imported_members, d.created_at, d.updated_at, d.version"

static const char *const delegation_columns[] = {"unit_id",     "title",         "task",       "category",
						 "inviter",     "inviter_type",  "inviter_country", "budget_source",
						 "depart_date",   "return_date", "budget_fen",
						 "official_days", "out_of_plan_reason", NULL};

const struct record_def delegation_def = {
	.entity = "delegation",
	.table = "delegations",
	.select_one = "SELECT " DELEGATION_COLUMNS " FROM delegations d JOIN units n ON n.id = d.unit_id WHERE d.id = ?",
	.columns = delegation_columns,
	.unit_field = "unit_id",
	.detail = delegation_detail,
};

/* Destinations get the country's Chinese name beside the code. */
static void name_countries(json_t *destinations)
{
	json_t *d;
	size_t i;

	json_array_foreach(destinations, i, d) {
		const char *zh = country_name_zh(json_string_value(json_object_get(d, "country")));
		json_object_set_new(d, "country_name", zh ? json_string(zh) : json_null());
	}
}

json_t *delegation_detail(struct db *db, int64_t id, int *rc)
{
	json_t *row = db_fetch_one(db, delegation_def.select_one, id, rc), *part;
	static const struct {
		const char *key, *sql;
	} parts[] = {
		{"destinations", "SELECT country, city, days, transit FROM delegation_destinations WHERE delegation_id = ? ORDER BY position"},
		{"members", "SELECT m.person_id, p.name, p.gender, p.position, p.rank, p.is_cadre, m.is_leader,"
			    " m.commitment_date, (SELECT pp.number FROM passports pp WHERE pp.delegation_id = m.delegation_id"
			    " AND pp.person_id = m.person_id AND pp.status = 'issued') AS passport_issued"
			    " FROM delegation_members m JOIN persons p ON p.id = m.person_id"
			    " WHERE m.delegation_id = ? ORDER BY m.is_leader DESC, m.id"},
		{"violations", "SELECT kind, detail, found_on FROM delegation_violations WHERE delegation_id = ? ORDER BY id"},
		{"reviews", "SELECT i.session_id, s.meeting_date, s.title, i.outcome, i.votes_for, i.votes_against,"
			    " i.votes_abstain, i.panel_size FROM review_items i JOIN review_sessions s ON s.id = i.session_id"
			    " WHERE i.delegation_id = ? ORDER BY i.id"},
	};
	size_t i;

	if (!row)
		return NULL;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		part = db_fetch_all(db, parts[i].sql, id, rc);
		if (!part) {
			json_decref(row);
			return NULL;
		}
		if (i == 0)
			name_countries(part);
		json_object_set_new(row, parts[i].key, part);
	}
	json_object_set_new(row, "status_zh", json_string(delegation_status_zh(json_string_value(json_object_get(row, "status")))));
	json_object_set_new(row, "days", json_integer(date_span_days(json_string_value(json_object_get(row, "depart_date")),
								     json_string_value(json_object_get(row, "return_date")))));
	*rc = DB_OK;
	return row;
}

int delegation_load(struct request *req, struct response *res, int64_t id, json_t **out)
{
	return record_load(req, res, &delegation_def, id, out);
}

int delegation_db_approve(struct db *db, int64_t id, const char *date, const struct policy *p)
{
	int year = date_year(date);
	int64_t seq = 0, changed = 0;
	char number[160], now[32];
	int rc = trip_next_seq(db, TRIP_SEQ_APPROVAL, year, &seq);

	if (rc != DB_OK)
		return rc;
	policy_approval_no(p, year, seq, number, sizeof(number));
	util_now_rfc3339(now, sizeof(now));
	rc = db_query_int(db, &changed,
			  "UPDATE delegations SET status = 'approved', approved_on = ?, approval_year = ?, approval_seq = ?,"
			  " approval_no = ?, updated_at = ? WHERE id = ? AND status = 'preliminary_approved' RETURNING id",
			  "tiitti", date, (int64_t)year, seq, number, now, id);
	return rc == DB_DONE ? RECORD_CONFLICT : rc;
}

int delegation_db_touch(struct db *db, int64_t id)
{
	return db_execf(db, "UPDATE delegations SET version = version + 1 WHERE id = ?", "i", id);
}

int trip_next_seq(struct db *db, enum trip_sequence which, int year, int64_t *seq)
{
	return db_query_int(db, seq,
			    which == TRIP_SEQ_CODE
				    ? "SELECT COALESCE(MAX(code_seq), 0) + 1 FROM delegations WHERE code_year = ?"
				    : "SELECT COALESCE(MAX(approval_seq), 0) + 1 FROM delegations WHERE approval_year = ?",
			    "i", (int64_t)year);
}

void trip_code_format(int year, int64_t seq, char code[16])
{
	snprintf(code, 16, "%04d-%04lld", year, (long long)seq);
}

/* The next code of this year: YYYY-NNNN. */
static int next_code(struct db *db, int *year, int64_t *seq, char code[16])
{
	char today[DATE_LEN];
	int rc;

	date_today(today);
	*year = date_year(today);
	rc = trip_next_seq(db, TRIP_SEQ_CODE, *year, seq);
	trip_code_format(*year, *seq, code);
	return rc;
}

/* Body to the columns of delegations (budget in fen); children are written apart. */
static json_t *row_values(json_t *body)
{
	json_t *values = store_values_from_body(body);

	json_object_del(values, "destinations");
	json_object_del(values, "members");
	return values;
}

/* ---- create and edit ---- */

static const char *const create_columns[] = {"code", "code_year", "code_seq", "unit_id", "title", "task", "category",
					     "inviter", "inviter_type", "inviter_country", "budget_source", "depart_date",
					     "return_date", "budget_fen", "official_days", "out_of_plan_reason", NULL};

/* Inside the transaction: the checked body stored as a new draft with the next code of the year; *id. */
static int insert_draft(struct db *db, json_t *body, int64_t *id)
{
	json_t *values = row_values(body);
	char code[16];
	int64_t seq = 0;
	int year = 0;
	int rc = values ? next_code(db, &year, &seq, code) : DB_ERR;

	if (rc == DB_OK) {
		json_object_set_new(values, "code", json_string(code));
		json_object_set_new(values, "code_year", json_integer(year));
		json_object_set_new(values, "code_seq", json_integer(seq));
		rc = store_insert(db, "delegations", create_columns, values, id);
	}
	if (rc == DB_OK)
		rc = trip_body_write_children(db, *id, body);
	json_decref(values);
	return rc;
}

int trip_create_in(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	int64_t id = 0;
	int status = trip_body_check(db, who, body, NULL, false, err);
	int rc = status ? DB_OK : insert_draft(db, body, &id);

	*out = NULL;
	if (!status && rc == DB_OK)
		*out = delegation_detail(db, id, &rc);
	if (!status && rc == DB_OK)
		rc = op_audit(db, who, "create", "delegation", id, NULL, *out);
	if (!status && rc != DB_OK)
		status = op_fail_db(err, rc);
	if (status) {
		json_decref(*out);
		*out = NULL;
	}
	return status;
}

int trip_create(struct db *db, const struct actor *who, json_t *body, json_t **out, struct op_error *err)
{
	int status, rc = db_begin(db);

	*out = NULL;
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = trip_create_in(db, who, body, out, err);
	return op_finish_out(db, status, DB_OK, out, err);
}

/* An edit of a draft: the body, and its row's values; the itinerary and members replace the trip's. */
struct trip_edit {
	const struct actor *who;
	json_t *body;
	json_t *values;
};

/* Judged on the trip as it is inside the transaction: the body against it, and only a draft is edited. */
static int guard_edit(struct record_op *op)
{
	const struct trip_edit *e = op->arg;
	int status = trip_body_check(op->db, e->who, e->body, op->current, false, op->err);

	if (status)
		return status;
	if (strcmp(json_string_value(json_object_get(op->current, "status")), "draft") != 0)
		return op_fail(op->err, 409, "invalid_transition", NULL, "a trip can be edited only as a draft",
			       "只有草稿状态的团组可以修改");
	return 0;
}

static int apply_edit(struct record_op *op)
{
	const struct trip_edit *e = op->arg;
	int rc = store_update(op->db, "delegations", delegation_columns, e->values, op->id);

	return rc == DB_OK ? trip_body_write_children(op->db, op->id, e->body) : rc;
}

int trip_edit(struct db *db, const struct actor *who, int64_t id, json_t *body, int64_t expected_version,
	      json_t **out, struct op_error *err)
{
	struct trip_edit edit = {who, body, row_values(body)};
	struct record_edit step = {"update", guard_edit, apply_edit, &edit};
	int status;

	*out = NULL;
	if (!edit.values)
		return op_fail_db(err, DB_ERR);
	status = record_apply(db, who, &delegation_def, id, expected_version, &step, out, err);
	json_decref(edit.values);
	return status;
}

/* ---- handlers ---- */

int delegation_create(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int status = trip_create(req->db, &who, req->json, &after, &err);

	return http_answer_op(req, res, status, &err, 201, after);
}

int delegation_update(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *after = NULL;
	int64_t version = 0;
	int status = record_version_arg(req, res, &version);

	if (status)
		return status;
	status = trip_edit(req->db, &who, req->ids[0], req->json, version, &after, &err);
	return http_answer_op(req, res, status, &err, 200, after);
}

/* ---- list ---- */

#define DELEGATION_LIST_COLUMNS                                                                                   \
	"d.id, d.code, d.unit_id, n.name AS unit_name, d.title, d.category, d.depart_date, d.return_date,"        \
	" d.budget_fen, d.status, d.approved_on, d.approval_no, d.actual_return, d.report_date,"                   \
	" (SELECT COUNT(*) FROM delegation_members m WHERE m.delegation_id = d.id) + d.imported_persons AS member_count," \
	" (SELECT p.name FROM delegation_members m JOIN persons p ON p.id = m.person_id"                          \
	"  WHERE m.delegation_id = d.id AND m.is_leader = 1) AS leader_name"

static const struct list_sort_key delegation_sorts[] = {{"id", "d.id"},
							{"code", "d.code"},
							{"depart_date", "d.depart_date"},
							{"status", "d.status"},
							{"budget_cny", "d.budget_fen"},
							{"approved_on", "d.approved_on"},
							{NULL, NULL}};

/* status is column 9 of DELEGATION_LIST_COLUMNS */
static int list_status_zh(struct db_stmt *st, struct buf *out)
{
	if (buf_adds(out, ",\"status_zh\":") != BUF_OK)
		return DB_ERR;
	return list_json_string(out, delegation_status_zh(db_column_text(st, 9)));
}

static const struct list_spec delegation_spec = {
	.select = DELEGATION_LIST_COLUMNS,
	.row_extra = list_status_zh,
	.from = "delegations d JOIN units n ON n.id = d.unit_id",
	.sorts = delegation_sorts,
	.default_order = "d.id DESC",
	.search_columns = NULL, /* q also searches member names: see below */
	.unit_column = "d.unit_id",
	.id_column = "d.id",
	.id_from = "delegations d", /* every filter reads the trip itself */
};

static const struct list_query_filter list_filters[] = {
	{"status", LQ_ENUM, "d.status = ?", statuses},
	{"unit_id", LQ_ID, "d.unit_id = ?", NULL},
	{"country", LQ_TEXT, "EXISTS (SELECT 1 FROM delegation_destinations x WHERE x.delegation_id = d.id AND x.country = ?)",
	 NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

/*
 * The declared filters, then two that are not declarative: year (checked as
 * a year, and two bounds of the departure date) and q (one pattern matched
 * against the title, the code and the members' names).
 */
static int add_list_filters(struct request *req, struct response *res, struct list_filter *f, char *pattern,
			    size_t patlen)
{
	const char *q = http_query(req, "q");
	int64_t year = 0;
	char from[DATE_LEN], to[DATE_LEN];
	int rc = list_query_filters(req, res, list_filters, f);

	if (!rc)
		rc = list_query_id(req, res, "year", &year);
	if (!rc && year && (year < 1990 || year > 2200))
		rc = validate_fail(req, res, "year", "'year' must be a year such as 2026", "「year」必须是年份");
	if (rc)
		return rc;
	if (year) {
		snprintf(from, sizeof(from), "%04d-01-01", (int)year);
		snprintf(to, sizeof(to), "%04d-12-31", (int)year);
		if (list_filter_add(f, "d.depart_date >= ? AND d.depart_date <= ?", "tt", from, to) != DB_OK)
			return http_error_internal(req, res);
	}
	if (q && *q) {
		list_like_pattern(q, pattern, patlen);
		if (list_filter_add(f,
				    "LOWER(d.title) LIKE LOWER(?) ESCAPE '!' OR LOWER(d.code) LIKE LOWER(?) ESCAPE '!'"
				    " OR EXISTS (SELECT 1 FROM delegation_members m JOIN persons p ON p.id = m.person_id"
				    " WHERE m.delegation_id = d.id AND p.name LIKE ? ESCAPE '!')",
				    "ttt", pattern, pattern, pattern) != DB_OK)
			return http_error_internal(req, res);
	}
	return 0;
}

static void add_status_zh(json_t *row, void *arg)
{
	(void)arg;
	json_object_set_new(row, "status_zh", json_string(delegation_status_zh(json_string_value(json_object_get(row, "status")))));
}

/*
 * An exported row: the status in Chinese, and the trip's destinations as
 * the office reads them (「德国、法国、新加坡(经停)」) placed after the title.
 * `arg` is the database; a failed read leaves the column empty.
 */
static void add_export_columns(json_t *row, void *arg)
{
	struct db *db = arg;
	struct db_stmt *st = NULL;
	char out[TRIP_MAX_DESTINATIONS * 64] = "", seen[TRIP_MAX_DESTINATIONS][3];
	size_t nseen = 0, len = 0, i;
	json_t *tail = json_object(), *v;
	const char *k;
	bool after_title = false;
	int rc = db_prepare(db, "SELECT country, transit FROM delegation_destinations WHERE delegation_id = ? ORDER BY position",
			    &st);

	add_status_zh(row, NULL);
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, json_integer_value(json_object_get(row, "id")));
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		const char *code = db_column_text(st, 0), *zh = country_name_zh(code);
		bool transit = db_column_int64(st, 1) != 0, dup = false;

		rc = DB_OK;
		for (i = 0; i < nseen && !transit; i++)
			dup = dup || strcmp(seen[i], code) == 0;
		if (dup || len >= sizeof(out) - 1)
			continue;
		if (!transit && nseen < TRIP_MAX_DESTINATIONS)
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", code);
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s%s", len ? "、" : "", zh ? zh : code,
					transit ? "(经停)" : "");
		if (len > sizeof(out) - 1)
			len = sizeof(out) - 1;
	}
	db_finalize(st);
	if (!tail)
		return;
	/* the columns after the title move behind the new one, keeping their order */
	json_object_foreach(row, k, v) {
		if (after_title)
			json_object_set(tail, k, v);
		after_title = after_title || strcmp(k, "title") == 0;
	}
	json_object_foreach(tail, k, v)
		json_object_del(row, k);
	json_object_set_new(row, "destinations", json_string(out));
	json_object_update(row, tail);
	json_decref(tail);
}

int delegation_list(struct request *req, struct response *res)
{
	struct list_params lp;
	struct list_filter f;
	char pattern[512];
	json_t *out = NULL, *row;
	size_t i;
	int rc = list_params(req, res, &lp);

	if (rc)
		return rc;
	lp.q = NULL; /* handled by add_list_filters */
	lp.decorate = add_export_columns;
	lp.decorate_arg = req->db;
	list_filter_init(&f);
	rc = add_list_filters(req, res, &f, pattern, sizeof(pattern));
	if (rc) {
		list_filter_free(&f);
		return rc;
	}
	if (!list_wants_xlsx(req)) {
		rc = list_serve(req, res, &delegation_spec, &lp, &f);
		list_filter_free(&f);
		return rc;
	}
	rc = list_run(req->db, &delegation_spec, &lp, &f, &out);
	list_filter_free(&f);
	/* a page of JSON keeps its columns (the interface reads the codes); only a spreadsheet gains the destinations */
	json_array_foreach(json_object_get(out, "items"), i, row)
		add_status_zh(row, NULL);
	return list_answer(req, res, rc, out);
}
