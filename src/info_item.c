/*
 * info_item.c - information items and their adoption (see info_item.h).
 */
#include "info_item.h"

#include "dates.h"

#include <string.h>

static const char *const bodies[] = {"province", "prefecture", "national", "other", NULL};

#define INFO_COLUMNS "i.id, i.title, i.sent_on, i.author, i.sent_to_json, i.adopted_by_json, i.created_at, i.updated_at, i.version"

static const char *const info_columns[] = {"title", "sent_on", "author", "sent_to_json", "adopted_by_json", NULL};

static const struct record_def info_record = {
	.entity = "info_item",
	.table = "info_items",
	.select_one = "SELECT " INFO_COLUMNS " FROM info_items i WHERE i.id = ?",
	.columns = info_columns,
	.unit_field = NULL,
};

static const struct list_sort_key sorts[] = {{"id", "i.id"}, {"sent_on", "i.sent_on"}, {"title", "i.title"}, {NULL, NULL}};
static const char *const search[] = {"i.title", "i.author", NULL};

static const struct list_spec info_list_spec = {
	.select = INFO_COLUMNS,
	.from = "info_items i",
	.sorts = sorts,
	.default_order = "i.sent_on DESC, i.id DESC",
	.search_columns = search,
	.unit_column = NULL,
};

static const struct vfield fields[] = {
	{"title", "标题", V_STRING, VF_REQUIRED, 1, 300, NULL},
	{"sent_on", "报送日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"author", "撰稿人", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"sent_to", "报送单位", V_ARRAY, VF_REQUIRED, 1, 20, NULL},
	{"adopted_by", "录用情况", V_ARRAY, VF_REQUIRED, 0, 10, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield adoption_fields[] = {
	{"body", "录用单位", V_ENUM, VF_REQUIRED, 0, 0, bodies},
	{"on", "录用日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_query_filter filters[] = {
	{"from", LQ_DATE, "i.sent_on >= ?", NULL},
	{"to", LQ_DATE, "i.sent_on <= ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

/* Recipients are non-empty texts; each adoption names a body once, not before the item was sent. */
static int check(struct db *db, const struct actor *who, json_t *body_in, json_t *before, struct op_error *err)
{
	json_t *sent = json_object_get(body_in, "sent_on"), *a, *v, *seen = json_object();
	const char *sent_on = json_string_value(sent ? sent : json_object_get(before, "sent_on"));
	size_t i;
	int rc = 0;

	(void)db;
	(void)who;
	json_array_foreach(json_object_get(body_in, "sent_to"), i, v)
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 100) {
			json_decref(seen);
			return op_invalid(err, "sent_to", "each recipient is a name", "报送单位须为名称");
		}
	json_array_foreach(json_object_get(body_in, "adopted_by"), i, a) {
		const char *body;

		if (!json_is_object(a)) {
			rc = op_invalid(err, "adopted_by", "each adoption is an object", "录用情况须为对象");
			break;
		}
		rc = validate_fields(a, adoption_fields, false, err);
		if (rc)
			break;
		body = json_string_value(json_object_get(a, "body"));
		if (json_object_get(seen, body) ||
		    (sent_on && strcmp(json_string_value(json_object_get(a, "on")), sent_on) < 0)) {
			rc = op_invalid(err, "adopted_by", "a body adopts an item once, after it was sent",
					"同一单位只能录用一次,且录用日期不早于报送日期");
			break;
		}
		json_object_set_new(seen, body, json_true());
	}
	json_decref(seen);
	return rc;
}

const struct record_rules info_item_rules = {fields, check};

const struct register_def info_item_def = {
	.record = &info_record,
	.list = &info_list_spec,
	.rules = &info_item_rules,
	.filters = filters,
	.renames = NULL,
	.decorate = NULL,
	.filter = NULL,
};


int info_item_db_stats(struct db *db, const char *from, const char *to, json_t **out)
{
	struct db_stmt *st = NULL;
	json_t *adopted = json_object(), *list, *a;
	int64_t sent = 0;
	size_t i;
	int rc;

	for (i = 0; bodies[i]; i++)
		json_object_set_new(adopted, bodies[i], json_integer(0));
	rc = db_prepare(db, "SELECT adopted_by_json FROM info_items WHERE sent_on >= ? AND sent_on <= ?", &st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, to);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		sent++;
		list = json_loads(db_column_text(st, 0), 0, NULL);
		json_array_foreach(list, i, a) {
			const char *body = json_string_value(json_object_get(a, "body"));
			json_t *n = body ? json_object_get(adopted, body) : NULL;
			if (n)
				json_object_set_new(adopted, body, json_integer(json_integer_value(n) + 1));
		}
		json_decref(list);
		rc = DB_OK;
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		json_decref(adopted);
		return rc;
	}
	*out = json_pack("{s:I, s:o}", "sent", (json_int_t)sent, "adopted", adopted);
	return *out ? DB_OK : DB_ERR;
}

int info_item_stats(struct request *req, struct response *res)
{
	const char *from = NULL, *to = NULL;
	char jan1[DATE_LEN], today[DATE_LEN];
	json_t *out = NULL;
	int rc = list_query_date(req, res, "from", &from);

	if (!rc)
		rc = list_query_date(req, res, "to", &to);
	if (rc)
		return rc;
	date_today(today);
	date_from_days(date_year_start(date_year(today)), jan1);
	rc = info_item_db_stats(req->db, from ? from : jan1, to ? to : today, &out);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	json_object_set_new(out, "from", json_string(from ? from : jan1));
	json_object_set_new(out, "to", json_string(to ? to : today));
	return http_json(res, 200, out);
}
