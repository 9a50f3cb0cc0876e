/*
 * report_draft.c - drafts of the work report and their versions as domain
 * operations (see report_draft.h). The draft's content is one JSON document:
 *   {title, period_name, plan_heading, office_name, table,
 *    opening: P, sections: [{key, heading, manual, paragraphs: [P]}], plan: [P]}
 * with P = {key, text, generated_text, edited, missing, manual}.
 */
#include "report_draft.h"

#include "util.h"
#include "validate.h"
#include "work_report.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 20000 /* characters of one paragraph */
#define MAX_ITEMS 200
#define MAX_ADDED 20
#define MAX_DRAFT_TEXT 200000 /* characters of a whole draft: every save writes it whole, thrice */

/* An edit's fields and their bounds (the version is also the caller's argument, checked by it). */
static const struct vfield edit_fields[] = {
	{"version", "版本", V_INT, 0, 1, INT32_MAX, NULL},
	{"title", "标题", V_STRING, 0, 1, 200, NULL},
	{"paragraphs", "段落", V_ARRAY, 0, 0, MAX_ITEMS, NULL},
	{"add", "新增段落", V_ARRAY, 0, 0, MAX_ADDED, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* The parts only people write: added to every new draft, empty. */
static const char *const manual_sections[][2] = {
	{"self_building", "抓好内部管理,深化自身队伍建设"},
	{"problems", "存在的问题和不足"},
};

/* ---- content ---- */

static json_t *generated_paragraph(json_t *p)
{
	const char *t = json_string_value(json_object_get(p, "text"));

	return json_pack("{s:O, s:s, s:s, s:b, s:b, s:b}", "key", json_object_get(p, "key"), "text", t ? t : "",
			 "generated_text", t ? t : "", "edited", 0, "missing", 0, "manual", 0);
}

static json_t *manual_paragraph(const char *key)
{
	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:b}", "key", key, "text", "", "generated_text", "", "edited", 0, "missing",
			 0, "manual", 1);
}

static json_t *generated_list(json_t *paragraphs)
{
	json_t *out = json_array(), *p;
	size_t i;

	json_array_foreach(paragraphs, i, p)
		json_array_append_new(out, generated_paragraph(p));
	return out;
}

/* The content of a new draft from the generated report. */
static json_t *content_of(json_t *report)
{
	json_t *sections = json_array(), *s, *plan = generated_list(json_object_get(report, "plan"));
	json_t *opening = json_pack("{s:s, s:O}", "key", "opening", "text", json_object_get(report, "opening"));
	size_t i;

	json_array_foreach(json_object_get(report, "sections"), i, s)
		json_array_append_new(sections, json_pack("{s:O, s:O, s:b, s:o}", "key", json_object_get(s, "key"), "heading",
							  json_object_get(s, "heading"), "manual", 0, "paragraphs",
							  generated_list(json_object_get(s, "paragraphs"))));
	for (i = 0; i < sizeof(manual_sections) / sizeof(manual_sections[0]); i++) {
		char key[64];
		snprintf(key, sizeof(key), "%s.1", manual_sections[i][0]);
		json_array_append_new(sections, json_pack("{s:s, s:s, s:b, s:[o]}", "key", manual_sections[i][0], "heading",
							  manual_sections[i][1], "manual", 1, "paragraphs", manual_paragraph(key)));
	}
	json_array_append_new(plan, manual_paragraph("plan.targets"));
	s = json_pack("{s:O, s:O, s:O, s:O, s:O, s:o, s:o, s:o}", "title", json_object_get(report, "title"), "period_name",
		      json_object_get(report, "period_name"), "plan_heading", json_object_get(report, "plan_heading"), "office_name",
		      json_object_get(report, "office_name"), "table", json_object_get(report, "table"), "opening",
		      generated_paragraph(opening), "sections", sections, "plan", plan);
	json_decref(opening);
	return s;
}

/* The element of `list` (sections or paragraphs) whose "key" is `key`, or NULL. */
static json_t *find_in(json_t *list, const char *key)
{
	json_t *p;
	size_t i;

	json_array_foreach(list, i, p)
		if (strcmp(json_string_value(json_object_get(p, "key")), key) == 0)
			return p;
	return NULL;
}

/* The paragraph `key` anywhere in the content (opening, sections, plan), or NULL. */
static json_t *find_paragraph(json_t *content, const char *key)
{
	json_t *s, *p;
	size_t i;

	if (strcmp(key, "opening") == 0)
		return json_object_get(content, "opening");
	json_array_foreach(json_object_get(content, "sections"), i, s)
		if ((p = find_in(json_object_get(s, "paragraphs"), key)))
			return p;
	return find_in(json_object_get(content, "plan"), key);
}

/* An old paragraph brought up to date with the new generated text (NULL: its key is gone). */
static json_t *refreshed(json_t *old, json_t *now)
{
	json_t *p = json_deep_copy(old);

	if (json_is_true(json_object_get(p, "manual")))
		return p;
	if (now) {
		json_object_set_new(p, "generated_text", json_string(json_string_value(json_object_get(now, "text"))));
		if (!json_is_true(json_object_get(p, "edited")))
			json_object_set(p, "text", json_object_get(p, "generated_text"));
		json_object_set_new(p, "missing", json_false());
	} else {
		json_object_set_new(p, "missing", json_true());
	}
	return p;
}

/*
 * Merge two ordered lists by key: the new list's order, each old item kept
 * right after the item that preceded it in the old list. `merge(old, now)`
 * makes the result item (old or now may be NULL).
 */
static json_t *merge_lists(json_t *old, json_t *now, json_t *(*merge)(json_t *old, json_t *now))
{
	json_t *out = json_array(), *o, *n;
	size_t i, j;

	json_array_foreach(now, i, n) {
		const char *key = json_string_value(json_object_get(n, "key"));
		json_array_append_new(out, merge(find_in(old, key), n));
	}
	json_array_foreach(old, i, o) {
		const char *key = json_string_value(json_object_get(o, "key"));
		size_t at = 0;

		if (find_in(now, key))
			continue;
		if (i > 0) {
			const char *prev = json_string_value(json_object_get(json_array_get(old, i - 1), "key"));
			json_array_foreach(out, j, n)
				if (strcmp(json_string_value(json_object_get(n, "key")), prev) == 0)
					at = j + 1;
		}
		json_array_insert_new(out, at, merge(o, NULL));
	}
	return out;
}

static json_t *merge_paragraph(json_t *old, json_t *now)
{
	return old ? refreshed(old, now) : generated_paragraph(now);
}

static json_t *merge_section(json_t *old, json_t *now)
{
	json_t *s;

	if (!now) {
		s = json_deep_copy(old);
		json_object_set_new(s, "paragraphs", merge_lists(json_object_get(old, "paragraphs"), NULL, merge_paragraph));
		return s;
	}
	s = json_pack("{s:O, s:O, s:b}", "key", json_object_get(now, "key"), "heading", json_object_get(now, "heading"), "manual", 0);
	json_object_set_new(s, "paragraphs", merge_lists(old ? json_object_get(old, "paragraphs") : NULL,
							 json_object_get(now, "paragraphs"), merge_paragraph));
	return s;
}

/* The draft's content after 「刷新数据」 from a newly generated report. */
static json_t *refresh_content(json_t *content, json_t *report)
{
	json_t *out = json_deep_copy(content);
	json_t *opening = json_pack("{s:s, s:O}", "key", "opening", "text", json_object_get(report, "opening"));

	json_object_set_new(out, "opening", refreshed(json_object_get(content, "opening"), opening));
	json_object_set_new(out, "sections", merge_lists(json_object_get(content, "sections"), json_object_get(report, "sections"),
							 merge_section));
	json_object_set_new(out, "plan", merge_lists(json_object_get(content, "plan"), json_object_get(report, "plan"),
						     merge_paragraph));
	json_object_set(out, "table", json_object_get(report, "table"));
	json_object_set(out, "plan_heading", json_object_get(report, "plan_heading"));
	json_object_set(out, "period_name", json_object_get(report, "period_name"));
	json_decref(opening);
	return out;
}

/* ---- storage ---- */

struct draft {
	int64_t id, version;
	char status[16], from[16], to[16];
	json_t *row; /* the answer without content */
	json_t *content;
};

static void draft_free(struct draft *d)
{
	json_decref(d->row);
	json_decref(d->content);
	memset(d, 0, sizeof(*d));
}

/* Draft `id`'s columns into d: DB_OK, DB_DONE when there is none, or the failure (d freed). */
static int draft_row(struct db *db, int64_t id, struct draft *d)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db,
			    "SELECT d.id, d.from_date, d.to_date, d.status, d.version, d.content_json, d.created_at, d.updated_at,"
			    " u.username, d.finalized_at, f.username FROM report_drafts d JOIN users u ON u.id = d.created_by"
			    " LEFT JOIN users f ON f.id = d.finalized_by WHERE d.id = ?", &st);

	memset(d, 0, sizeof(*d));
	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, id);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		d->id = db_column_int64(st, 0);
		snprintf(d->from, sizeof(d->from), "%s", db_column_text(st, 1));
		snprintf(d->to, sizeof(d->to), "%s", db_column_text(st, 2));
		snprintf(d->status, sizeof(d->status), "%s", db_column_text(st, 3));
		d->version = db_column_int64(st, 4);
		d->content = json_loads(db_column_text(st, 5), 0, NULL);
		d->row = json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)d->id, "from", d->from,
				   "to", d->to, "status", d->status, "version", (json_int_t)d->version, "created_at",
				   db_column_text(st, 6), "updated_at", db_column_text(st, 7), "created_by", db_column_text(st, 8),
				   "finalized_at", db_column_is_null(st, 9) ? json_null() : json_string(db_column_text(st, 9)),
				   "finalized_by", db_column_is_null(st, 10) ? json_null() : json_string(db_column_text(st, 10)));
		rc = d->content && d->row ? DB_OK : DB_ERR;
	}
	db_finalize(st);
	if (rc != DB_OK)
		draft_free(d);
	return rc;
}

/* Load draft `id`: 0, or 404 or the database failure in err. */
static int draft_load(struct db *db, int64_t id, struct draft *d, struct op_error *err)
{
	int rc = draft_row(db, id, d);

	if (rc == DB_DONE)
		return op_not_found(err);
	return rc == DB_OK ? 0 : op_fail_db(err, rc);
}

/* The answer: the row, the content, each section numbered when it has text. */
static json_t *draft_json(const struct draft *d)
{
	json_t *out = json_deep_copy(d->row), *s, *p;
	const char *key;
	json_t *v;
	size_t i, j, n = 0;

	json_object_foreach(d->content, key, v)
		json_object_set(out, key, v);
	json_array_foreach(json_object_get(out, "sections"), i, s) {
		bool text = false;
		json_array_foreach(json_object_get(s, "paragraphs"), j, p)
			text = text || json_string_length(json_object_get(p, "text")) > 0;
		json_object_set_new(s, "number", json_string(text ? work_report_numeral(++n) : ""));
	}
	json_object_set_new(out, "plan_number", json_string(work_report_numeral(n + 1)));
	json_object_set_new(out, "period", json_pack("{s:s, s:s}", "from", d->from, "to", d->to));
	return out;
}

int report_draft_read(struct db *db, int64_t id, json_t **out, struct op_error *err)
{
	struct draft d;
	int status = draft_load(db, id, &d, err);

	*out = NULL;
	if (status)
		return status;
	*out = draft_json(&d);
	draft_free(&d);
	return *out ? 0 : op_fail_db(err, DB_ERR);
}

/* Write the new content (and status) as the next version, with its audit entry. Inside a transaction. */
static int save_version(struct db *db, const struct actor *who, const struct draft *d, json_t *content,
			const char *status, const char *action)
{
	char now[32];
	char *text = json_dumps(content, JSON_COMPACT);
	json_t *before = json_pack("{s:I, s:s}", "version", (json_int_t)d->version, "status", d->status);
	json_t *after = json_pack("{s:I, s:s, s:O}", "version", (json_int_t)d->version + 1, "status", status, "content", content);
	bool final = strcmp(status, "final") == 0;
	int rc = text ? DB_OK : DB_ERR;

	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = db_execf(db,
			      "UPDATE report_drafts SET content_json = ?, status = ?, version = version + 1, updated_at = ?,"
			      " title = ?, finalized_by = ?, finalized_at = ? WHERE id = ? AND version = ?",
			      "ttttztii", text, status, now, json_string_value(json_object_get(content, "title")),
			      final ? who->id : (int64_t)0, final ? now : NULL, d->id, d->version);
	if (rc == DB_OK)
		rc = db_execf(db,
			      "INSERT INTO report_draft_versions (draft_id, version, action, status, content_json, saved_by, saved_at)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?)", "iitttit", d->id, d->version + 1, action, status, text, who->id, now);
	if (rc == DB_OK)
		rc = op_audit(db, who, action, "report_draft", d->id, before, after);
	free(text);
	json_decref(before);
	json_decref(after);
	return rc;
}

/* The version the change was based on (0: none given) must be the stored one: 0 or 409 stale. */
static int check_version(const struct draft *d, int64_t expected, struct op_error *err)
{
	return expected && expected != d->version ? op_stale(err, d->version) : 0;
}

/*
 * Open the write transaction and load draft `id` in it (so the judgement
 * and the write are one), refuse a stale `expected` version and, when
 * `editable`, a final draft. 0 with the transaction open, else the status
 * (rolled back).
 */
static int open_for_write(struct db *db, int64_t id, int64_t expected, bool editable, struct draft *d,
			  struct op_error *err)
{
	int status, rc = db_begin(db);

	memset(d, 0, sizeof(*d));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = draft_load(db, id, d, err);
	if (!status)
		status = check_version(d, expected, err);
	if (!status && editable && strcmp(d->status, "final") == 0)
		status = op_fail(err, 409, "conflict", "status", "the draft is final (定稿); the director may reopen it",
				 "草稿已定稿,只读;如需修改请主任先重新打开");
	if (status) {
		db_rollback(db);
		draft_free(d);
	}
	return status;
}

/* End the write of draft `id`: reread it as *out and commit, or roll back; the final status. */
static int finish(struct db *db, int status, int rc, int64_t id, json_t **out, struct op_error *err)
{
	if (!status && rc == DB_OK)
		status = report_draft_read(db, id, out, err);
	return op_finish_out(db, status, rc, out, err);
}

/* ---- operations ---- */

/* Store a new draft of `content` as version 1 with its audit entry; *id the new draft's. Inside a transaction. */
static int insert_draft(struct db *db, const struct actor *who, const char *from, const char *to, json_t *content,
			int64_t *id)
{
	char *text = json_dumps(content, JSON_COMPACT), now[32];
	int rc = text ? DB_OK : DB_ERR;

	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = db_execf(db,
			      "INSERT INTO report_drafts (from_date, to_date, title, status, content_json, version, created_by,"
			      " created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, 1, ?, ?, ?)", "ttttitt", from, to,
			      json_string_value(json_object_get(content, "title")), text, who->id, now, now);
	if (rc == DB_OK) {
		*id = db_last_id(db);
		rc = db_execf(db,
			      "INSERT INTO report_draft_versions (draft_id, version, action, status, content_json, saved_by, saved_at)"
			      " VALUES (?, 1, 'create', 'draft', ?, ?, ?)", "itit", *id, text, who->id, now);
	}
	if (rc == DB_OK)
		rc = op_audit(db, who, "create", "report_draft", *id, NULL, content);
	free(text);
	return rc;
}

/*
 * The report of a period, built from one read snapshot before any write
 * lock: the write that follows does not depend on it, and other writers
 * need not wait while two periods are aggregated.
 */
static int build_report(struct db *db, const char *from, const char *to, json_t **report)
{
	int rc = db_read_begin(db);

	if (rc == DB_OK)
		rc = work_report_build(db, from, to, 0, report);
	db_read_end(db);
	return rc;
}

int report_draft_new(struct db *db, const struct actor *who, const char *from, const char *to, json_t **out,
		     struct op_error *err)
{
	json_t *report = NULL, *content = NULL;
	int64_t id = 0;
	int rc;

	*out = NULL;
	if (strcmp(from, to) > 0)
		return op_invalid(err, "to", "'to' comes before 'from'", "结束日期早于开始日期");
	rc = build_report(db, from, to, &report);
	if (rc == DB_OK)
		content = content_of(report);
	json_decref(report);
	if (rc == DB_OK && !content)
		rc = DB_ERR;
	if (rc == DB_OK)
		rc = db_begin(db);
	if (rc != DB_OK) {
		json_decref(content);
		return op_fail_db(err, rc);
	}
	rc = insert_draft(db, who, from, to, content, &id);
	json_decref(content);
	return finish(db, 0, rc, id, out, err);
}

/* The paragraphs of an edit (a list within its bounds) judged on the draft's content: 0 or 422. */
static int check_paragraphs(json_t *list, json_t *content, struct op_error *err)
{
	json_t *p;
	size_t i;

	json_array_foreach(list, i, p) {
		const char *key = json_string_value(json_object_get(p, "key"));
		json_t *text = json_object_get(p, "text");
		if (!key || !json_is_string(text) || json_object_size(p) != 2)
			return op_invalid(err, "paragraphs", "each paragraph is {key, text}", "每个段落须为 {key, text}");
		if (util_utf8_length(json_string_value(text)) < 0 || util_utf8_length(json_string_value(text)) > MAX_TEXT)
			return op_invalid(err, "paragraphs", "a paragraph is at most 20000 characters", "段落不得超过20000个字符");
		if (!find_paragraph(content, key)) {
			char en[160], zh[160];
			snprintf(en, sizeof(en), "the draft has no paragraph '%.60s'", key);
			snprintf(zh, sizeof(zh), "草稿中没有段落「%.60s」", key);
			return op_invalid(err, "paragraphs", en, zh);
		}
	}
	return 0;
}

static int check_additions(json_t *add, json_t *content, struct op_error *err)
{
	json_t *p;
	size_t i;

	json_array_foreach(add, i, p) {
		const char *section = json_string_value(json_object_get(p, "section"));
		json_t *text = json_object_get(p, "text");
		if (!section || !json_is_string(text) || json_object_size(p) != 2 ||
		    (strcmp(section, "plan") != 0 && !find_in(json_object_get(content, "sections"), section)))
			return op_invalid(err, "add", "each addition is {section, text} naming a section of the draft or 'plan'",
					  "每项新增须为 {section, text},section 为草稿中的部分或 plan");
		if (util_utf8_length(json_string_value(text)) < 1 || util_utf8_length(json_string_value(text)) > MAX_TEXT)
			return op_invalid(err, "add", "an added paragraph is 1 to 20000 characters", "新增段落须为1至20000个字符");
	}
	return 0;
}

/* The characters of a paragraph list's texts. */
static long list_text(json_t *list)
{
	json_t *p;
	size_t i;
	long chars = 0;

	json_array_foreach(list, i, p)
		chars += util_utf8_length(json_string_value(json_object_get(p, "text")));
	return chars;
}

/* The draft as edited within MAX_DRAFT_TEXT characters (opening, sections, plan): 0 or 422. */
static int check_size(json_t *content, struct op_error *err)
{
	json_t *s;
	size_t i;
	long chars = util_utf8_length(json_string_value(json_object_get(json_object_get(content, "opening"), "text"))) +
		     list_text(json_object_get(content, "plan"));

	json_array_foreach(json_object_get(content, "sections"), i, s)
		chars += list_text(json_object_get(s, "paragraphs"));
	if (chars <= MAX_DRAFT_TEXT)
		return 0;
	return op_invalid(err, "add", "a draft is at most 200000 characters in all", "草稿全文不得超过200000个字符");
}

/* An edit (its fields already within edit_fields) judged on the draft's content: 0 or 422. */
static int check_edit(json_t *edit, json_t *content, struct op_error *err)
{
	json_t *list = json_object_get(edit, "paragraphs"), *add = json_object_get(edit, "add");
	json_t *title = json_object_get(edit, "title");
	int status = check_paragraphs(list, content, err);

	if (!status)
		status = check_additions(add, content, err);
	if (!status && !title && !json_array_size(list) && !json_array_size(add))
		status = op_invalid(err, NULL, "send a title, paragraphs or additions", "请提交标题、修改的段落或新增段落");
	return status;
}

/* A key for a new paragraph of `section` not used yet: 「self_building.manual2」. */
static void new_key(json_t *content, const char *section, char *out, size_t len)
{
	int n;

	for (n = 1; n < 10000; n++) {
		snprintf(out, len, "%s.manual%d", section, n);
		if (!find_paragraph(content, out))
			return;
	}
}

/* The content after a judged edit: the title, the paragraphs' texts, the additions. */
static json_t *edited_content(json_t *content, json_t *edit)
{
	json_t *out = json_deep_copy(content), *p, *list;
	size_t i;

	if (json_object_get(edit, "title"))
		json_object_set(out, "title", json_object_get(edit, "title"));
	json_array_foreach(json_object_get(edit, "paragraphs"), i, p) {
		json_t *q = find_paragraph(out, json_string_value(json_object_get(p, "key")));
		const char *text = json_string_value(json_object_get(p, "text"));
		json_object_set_new(q, "text", json_string(text));
		json_object_set_new(q, "edited", json_boolean(json_is_true(json_object_get(q, "manual")) ||
							    strcmp(text, json_string_value(json_object_get(q, "generated_text"))) != 0));
	}
	json_array_foreach(json_object_get(edit, "add"), i, p) {
		const char *section = json_string_value(json_object_get(p, "section"));
		char key[96];
		json_t *q;

		list = strcmp(section, "plan") == 0 ? json_object_get(out, "plan")
						    : json_object_get(find_in(json_object_get(out, "sections"), section), "paragraphs");
		new_key(out, section, key, sizeof(key));
		q = manual_paragraph(key);
		json_object_set(q, "text", json_object_get(p, "text"));
		json_object_set_new(q, "edited", json_true());
		json_array_append_new(list, q);
	}
	return out;
}

int report_draft_edit(struct db *db, const struct actor *who, int64_t id, int64_t expected_version, json_t *edit,
		      json_t **out, struct op_error *err)
{
	struct draft d;
	json_t *content = NULL;
	int rc = DB_OK, status = validate_fields(edit, edit_fields, false, err);

	*out = NULL;
	if (!status)
		status = open_for_write(db, id, expected_version, true, &d, err);
	if (status)
		return status;
	status = check_edit(edit, d.content, err);
	if (!status)
		content = edited_content(d.content, edit);
	if (!status && content)
		status = check_size(content, err);
	if (!status)
		rc = content ? save_version(db, who, &d, content, "draft", "edit") : DB_ERR;
	json_decref(content);
	draft_free(&d);
	return finish(db, status, rc, id, out, err);
}

int report_draft_regenerate(struct db *db, const struct actor *who, int64_t id, int64_t expected_version,
			    json_t **out, struct op_error *err)
{
	struct draft d;
	json_t *report = NULL, *content = NULL;
	int rc, status = draft_load(db, id, &d, err); /* its period, which never changes, read before the lock */

	*out = NULL;
	if (status)
		return status;
	rc = build_report(db, d.from, d.to, &report);
	draft_free(&d);
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = open_for_write(db, id, expected_version, true, &d, err);
	if (status) {
		json_decref(report);
		return status;
	}
	content = refresh_content(d.content, report);
	rc = content ? save_version(db, who, &d, content, "draft", "refresh") : DB_ERR;
	json_decref(content);
	json_decref(report);
	draft_free(&d);
	return finish(db, 0, rc, id, out, err);
}

int report_draft_set_final(struct db *db, const struct actor *who, int64_t id, int64_t expected_version, bool final,
			   json_t **out, struct op_error *err)
{
	const char *from = final ? "draft" : "final";
	struct draft d;
	int rc = DB_OK, status = open_for_write(db, id, expected_version, false, &d, err);

	*out = NULL;
	if (status)
		return status;
	if (strcmp(d.status, from) != 0)
		status = final ? op_fail(err, 409, "conflict", "status", "the draft is already final", "草稿已经定稿")
			       : op_fail(err, 409, "conflict", "status", "the draft is not final", "草稿尚未定稿,无需重新打开");
	else
		rc = save_version(db, who, &d, d.content, final ? "final" : "draft", final ? "finalize" : "reopen");
	draft_free(&d);
	return finish(db, status, rc, id, out, err);
}
