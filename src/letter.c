/*
 * letter.c - letters and their persons: the form's rules, the routes, and
 * the letters of past years recorded by import (see letter.h).
 */
#include "letter_api.h"

#include "auth.h"
#include "country.h"
#include "list.h"
#include "record_api.h"
#include "store.h"
#include "unit_api.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"introduction", "invitation", "visa_service", NULL};

/* ---- storage ---- */

#define LETTER_COLUMNS                                                                                            \
	"l.id, l.kind, l.letter_date AS date, l.unit_id, n.name AS unit_name, l.purpose, l.persons_json,"         \
	" l.person_count, l.invitation_id, iv.invitation_no, l.created_at, l.updated_at, l.version"
#define LETTER_FROM "letters l JOIN units n ON n.id = l.unit_id LEFT JOIN invitations iv ON iv.id = l.invitation_id"

static const char *const letter_columns[] = {"kind", "letter_date", "unit_id", "purpose", "persons_json",
					     "person_count", NULL};

const struct record_def letter_record = {
	.entity = "letter",
	.table = "letters",
	.select_one = "SELECT " LETTER_COLUMNS " FROM " LETTER_FROM " WHERE l.id = ?",
	.columns = letter_columns,
	.unit_field = "unit_id",
};

static const struct list_sort_key letter_sorts[] = {
	{"id", "l.id"}, {"date", "l.letter_date"}, {"kind", "l.kind"}, {NULL, NULL}};
static const char *const letter_search[] = {"l.purpose", "l.persons_json", "n.name", NULL};

static const struct list_spec letter_spec = {
	.select = LETTER_COLUMNS,
	.from = LETTER_FROM,
	.sorts = letter_sorts,
	.default_order = "l.letter_date DESC, l.id DESC",
	.search_columns = letter_search,
	.unit_column = "l.unit_id",
};

/* ---- handlers ---- */

static const struct vfield letter_fields[] = {
	{"kind", "函件类别", V_ENUM, VF_REQUIRED, 0, 0, kinds},
	{"date", "日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"unit_id", "申请单位", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"purpose", "事由", V_STRING, VF_REQUIRED, 1, 500, NULL},
	{"persons", "人员", V_ARRAY, VF_REQUIRED, 1, 200, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield letter_person_fields[] = {
	{"name", "姓名", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"nationality", "国籍", V_STRING, VF_NULLABLE, 2, 2, NULL},
	{"passport_no", "护照号码", V_STRING, VF_NULLABLE, 3, 30, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* Every person valid; an invitation (kind NULL: none asked) needs each foreigner's nationality and passport. */
static int check_persons(json_t *persons, const char *kind, struct op_error *err)
{
	json_t *p;
	size_t i;
	int rc;

	json_array_foreach(persons, i, p) {
		json_t *nat;

		if (!json_is_object(p))
			return op_invalid(err, "persons", "each person is an object", "每位人员必须是对象");
		rc = validate_fields(p, letter_person_fields, false, err);
		if (rc)
			return rc;
		nat = json_object_get(p, "nationality");
		if (json_is_string(nat) && !country_valid(json_string_value(nat)))
			return op_invalid(err, "persons", "unknown nationality (ISO 3166 code such as US)",
					  "国籍代码无效(ISO 3166 代码,如 US)");
		if (kind && strcmp(kind, "invitation") == 0 &&
		    (!json_is_string(nat) || !json_is_string(json_object_get(p, "passport_no"))))
			return op_invalid(err, "persons", "an invitation names each foreigner's nationality and passport number",
					  "邀请函须写明每位外国人的国籍和护照号码");
	}
	return 0;
}

/*
 * A letter's unit is one the actor sees; its persons fit its kind (a letter
 * turned into an invitation is judged with the persons it has); the letter
 * of an approved invitation application stays as it was approved.
 */
static int check_letter(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *kind = json_object_get(body, "kind") ? json_object_get(body, "kind") : json_object_get(before, "kind");
	json_t *persons = json_object_get(body, "persons");
	int rc = unit_ref_check(db, who, body, "unit_id", err);

	if (!rc && persons)
		rc = check_persons(persons, json_string_value(kind), err);
	else if (!rc && json_object_get(body, "kind") && strcmp(json_string_value(kind), "invitation") == 0)
		rc = check_persons(json_object_get(before, "persons"), "invitation", err);
	if (!rc && before && json_is_integer(json_object_get(before, "invitation_id")))
		rc = op_fail(err, 409, "invalid_transition", NULL,
			     "this letter belongs to an approved invitation application and cannot be edited",
			     "该函件由已批准的邀请申请生成,不能修改");
	return rc;
}

static const struct record_rules letter_rules = {letter_fields, check_letter};

/* Body to columns: date -> letter_date, persons -> persons_json and person_count. */
static json_t *letter_values(json_t *body)
{
	json_t *values = body ? json_deep_copy(body) : json_object(), *persons = json_object_get(body, "persons");
	char *text;

	if (!values)
		return NULL;
	if (json_object_get(body, "date")) {
		json_object_set(values, "letter_date", json_object_get(body, "date"));
		json_object_del(values, "date");
	}
	if (persons) {
		text = json_dumps(persons, JSON_COMPACT);
		json_object_set_new(values, "persons_json", json_string(text ? text : "[]"));
		json_object_set_new(values, "person_count", json_integer((json_int_t)json_array_size(persons)));
		json_object_del(values, "persons");
		free(text);
	}
	return values;
}

int letter_list(struct request *req, struct response *res)
{
	static const struct list_query_filter filters[] = {
		{"kind", LQ_ENUM, "l.kind = ?", kinds},
		{"unit_id", LQ_ID, "l.unit_id = ?", NULL},
		{"from", LQ_DATE, "l.letter_date >= ?", NULL},
		{"to", LQ_DATE, "l.letter_date <= ?", NULL},
		{NULL, LQ_TEXT, NULL, NULL},
	};

	return list_serve_filtered(req, res, &letter_spec, filters);
}

int letter_get(struct request *req, struct response *res)
{
	json_t *row;
	int rc = record_load(req, res, &letter_record, req->ids[0], &row);

	return rc ? rc : http_json(res, 200, row);
}

int letter_create(struct request *req, struct response *res)
{
	json_t *values = letter_values(req->json);
	int rc = values ? record_create_as(req, res, &letter_record, &letter_rules, values) : http_error_internal(req, res);

	json_decref(values);
	return rc;
}

int letter_update(struct request *req, struct response *res)
{
	json_t *values = letter_values(req->json);
	int rc = values ? record_update_as(req, res, &letter_record, &letter_rules, req->ids[0], values)
			: http_error_internal(req, res);

	json_decref(values);
	return rc;
}

/* ---- letters of past years ---- */

/* The form's body of a past letter: its fields, the names listed as its persons (none: absent). */
static json_t *past_body(json_t *fields)
{
	json_t *body = json_deep_copy(fields), *names = json_object_get(fields, "persons"), *persons, *n;
	size_t i;

	if (!body)
		return NULL;
	json_object_del(body, "person_count");
	json_object_del(body, "persons");
	if (json_array_size(names) == 0)
		return body;
	persons = json_array();
	json_array_foreach(names, i, n)
		json_array_append_new(persons, json_pack("{s:O}", "name", n));
	json_object_set_new(body, "persons", persons);
	return body;
}

/* The head count of a past letter: the sheet's count, else its names. */
static json_int_t past_count(json_t *fields, json_t *body)
{
	json_t *count = json_object_get(fields, "person_count");

	return json_is_integer(count) ? json_integer_value(count)
				      : (json_int_t)json_array_size(json_object_get(body, "persons"));
}

/* A past letter's body by the form's rules, its persons named or counted. */
static int judge_past(struct db *db, const struct actor *who, json_t *fields, json_t *body, struct op_error *err)
{
	json_t *persons = json_object_get(body, "persons");
	int status = validate_fields_except(body, letter_fields, persons ? NULL : "persons", err);

	if (!status)
		status = unit_ref_check(db, who, body, "unit_id", err);
	if (!status && persons)
		status = check_persons(persons, NULL, err);
	if (!status && past_count(fields, body) < 1)
		status = op_invalid(err, NULL, "a letter counts or names its persons", "须填写人数或人员");
	return status;
}

int letter_past_check(struct db *db, const struct actor *who, json_t *fields, struct op_error *err)
{
	json_t *body = past_body(fields);
	int status = body ? judge_past(db, who, fields, body, err) : op_fail_db(err, DB_ERR);

	json_decref(body);
	return status;
}

int letter_past_write(struct db *db, const struct actor *who, json_t *fields, struct op_error *err)
{
	json_t *body = past_body(fields), *values = NULL;
	int64_t id = 0;
	int rc = DB_OK, status = body ? judge_past(db, who, fields, body, err) : op_fail_db(err, DB_ERR);

	if (!status) {
		values = letter_values(body);
		rc = values ? DB_OK : DB_ERR;
	}
	if (values) {
		if (!json_object_get(values, "persons_json"))
			json_object_set_new(values, "persons_json", json_string("[]"));
		json_object_set_new(values, "person_count", json_integer(past_count(fields, body)));
		rc = store_insert(db, letter_record.table, letter_columns, values, &id);
	}
	if (!status && rc != DB_OK)
		status = op_fail_db(err, rc);
	json_decref(body);
	json_decref(values);
	return status;
}
