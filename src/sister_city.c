/*
 * sister_city.c - sister cities, exchanges, school pairings and regional
 * coverage (see sister_city.h).
 *
 * A country's world region comes from country.c (country_region).
 */
#include "sister_city.h"

#include "country.h"

#include <stdio.h>
#include <string.h>

static const char *const relations[] = {"sister", "friendly_exchange", NULL};
static const char *const statuses[] = {"active", "dormant", "ended", NULL};
static const char *const kinds[] = {"government", "student", "education", "business", "culture", "sports", NULL};
static const char *const directions[] = {"inbound", "outbound", NULL};

/* Kept for the report module; the region belongs to country.c. */
const char *sister_city_region_of(const char *alpha2)
{
	return country_region(alpha2);
}

/* ---- sister cities ---- */

#define CITY_COLUMNS                                                                                              \
	"c.id, c.name_zh, c.name_local, c.country, c.region, c.relation, c.established_on, c.status, c.notes,"     \
	" (SELECT COUNT(*) FROM exchanges e WHERE e.sister_city_id = c.id) AS exchange_count, c.created_at, c.updated_at, c.version"

static const char *const city_columns[] = {"name_zh", "name_local", "country", "region", "relation",
					   "established_on", "status", "notes", NULL};

static const struct record_def city_record = {
	.entity = "sister_city",
	.table = "sister_cities",
	.select_one = "SELECT " CITY_COLUMNS " FROM sister_cities c WHERE c.id = ?",
	.columns = city_columns,
	.unit_field = NULL,
};

static const struct list_sort_key city_sorts[] = {
	{"id", "c.id"}, {"name_zh", "c.name_zh"}, {"established_on", "c.established_on"}, {"country", "c.country"}, {NULL, NULL}};
static const char *const city_search[] = {"c.name_zh", "c.name_local", "c.notes", NULL};

static const struct list_spec city_list_spec = {
	.select = CITY_COLUMNS,
	.from = "sister_cities c",
	.sorts = city_sorts,
	.default_order = "c.established_on, c.id",
	.search_columns = city_search,
	.unit_column = NULL,
};

static const struct vfield city_fields[] = {
	{"name_zh", "中文名称", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"name_local", "外文名称", V_STRING, VF_REQUIRED, 1, 200, NULL},
	{"country", "国家", V_STRING, VF_REQUIRED, 2, 2, NULL},
	{"region", "地区", V_ENUM, VF_REQUIRED, 0, 0, country_regions},
	{"relation", "关系", V_ENUM, VF_REQUIRED, 0, 0, relations},
	{"established_on", "缔结日期", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"status", "状态", V_ENUM, 0, 0, 0, statuses},
	{"notes", "备注", V_STRING, 0, 0, 4000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_query_filter city_filters[] = {
	{"country", LQ_TEXT, "c.country = ?", NULL},
	{"region", LQ_ENUM, "c.region = ?", country_regions},
	{"relation", LQ_ENUM, "c.relation = ?", relations},
	{"status", LQ_ENUM, "c.status = ?", statuses},
	{"from", LQ_DATE, "c.established_on >= ?", NULL},
	{"to", LQ_DATE, "c.established_on <= ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

static int check_city(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *name = json_object_get(body, "name_zh"), *country = json_object_get(body, "country");
	int64_t n = 0;
	int rc = register_check_country(body, "country", err);

	(void)who;
	if (rc || (!name && !country))
		return rc;
	rc = db_query_int(db, &n, "SELECT COUNT(*) FROM sister_cities WHERE name_zh = ? AND country = ? AND id <> ?", "tti",
			  json_string_value(name ? name : json_object_get(before, "name_zh")),
			  json_string_value(country ? country : json_object_get(before, "country")),
			  (int64_t)json_integer_value(json_object_get(before, "id")));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return n ? op_fail(err, 409, "duplicate", "name_zh", "this city is already registered", "该城市已登记") : 0;
}

static void decorate_city(json_t *row)
{
	const char *zh = country_name_zh(json_string_value(json_object_get(row, "country")));

	json_object_set_new(row, "country_name", zh ? json_string(zh) : json_null());
}

const struct record_rules sister_city_rules = {city_fields, check_city};

const struct register_def sister_city_def = {
	.record = &city_record,
	.list = &city_list_spec,
	.rules = &sister_city_rules,
	.filters = city_filters,
	.renames = NULL,
	.decorate = decorate_city,
};


/* ---- coverage ---- */

static json_t *region_entry(size_t r)
{
	return json_pack("{s:s, s:s, s:i, s:i, s:[], s:[]}", "region", country_regions[r], "label_zh", country_regions_zh[r],
			 "sister", 0, "friendly_exchange", 0, "countries_with", "countries_without");
}

static json_t *find_region(json_t *list, const char *region)
{
	json_t *r;
	size_t i;

	json_array_foreach(list, i, r)
		if (strcmp(json_string_value(json_object_get(r, "region")), region) == 0)
			return r;
	return NULL;
}

/* Cities by region and country: counts and the countries that have one. */
static int count_cities(struct db *db, json_t *list, json_t *covered)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, "SELECT region, relation, country, name_zh FROM sister_cities WHERE status <> 'ended'"
				" ORDER BY country, name_zh", &st);

	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_t *r = find_region(list, db_column_text(st, 0)), *with, *c;
		const char *relation = db_column_text(st, 1), *code = db_column_text(st, 2);
		size_t i;
		bool found = false;

		rc = DB_OK;
		if (!r)
			continue;
		json_object_set_new(r, relation, json_integer(json_integer_value(json_object_get(r, relation)) + 1));
		with = json_object_get(r, "countries_with");
		json_array_foreach(with, i, c)
			if (strcmp(json_string_value(json_object_get(c, "code")), code) == 0) {
				json_array_append_new(json_object_get(c, "cities"), json_string(db_column_text(st, 3)));
				found = true;
			}
		if (!found)
			json_array_append_new(with, json_pack("{s:s, s:s?, s:[s]}", "code", code, "name_zh", country_name_zh(code),
							     "cities", db_column_text(st, 3)));
		json_object_set_new(covered, code, json_true());
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int sister_city_coverage(struct request *req, struct response *res)
{
	json_t *list = json_array(), *covered = json_object();
	const char *code, *name_zh;
	size_t r, i;
	int rc;

	for (r = 0; country_regions[r]; r++)
		json_array_append_new(list, region_entry(r));
	rc = count_cities(req->db, list, covered);
	if (rc != DB_OK) {
		json_decref(list);
		json_decref(covered);
		return http_error_db(req, res, rc);
	}
	/* every other country of each region is a blank area (空白区) */
	for (i = 0; country_at(i, &code, &name_zh); i++) {
		const char *region = sister_city_region_of(code);
		json_t *entry = region ? find_region(list, region) : NULL;

		if (entry && !json_object_get(covered, code))
			json_array_append_new(json_object_get(entry, "countries_without"),
					      json_pack("{s:s, s:s}", "code", code, "name_zh", name_zh));
	}
	json_decref(covered);
	return http_json(res, 200, json_pack("{s:o}", "regions", list));
}

/* ---- exchanges ---- */

#define EXCHANGE_COLUMNS                                                                                          \
	"e.id, e.sister_city_id, c.name_zh AS sister_city_name, e.kind, e.direction, e.exchange_date AS date,"    \
	" e.persons, e.school, e.partner_school, e.notes, e.created_at, e.updated_at, e.version"
#define EXCHANGE_FROM "exchanges e JOIN sister_cities c ON c.id = e.sister_city_id"

static const char *const exchange_columns[] = {"sister_city_id", "kind", "direction", "exchange_date", "persons",
					       "school", "partner_school", "notes", NULL};

const struct record_def exchange_record = {
	.entity = "exchange",
	.table = "exchanges",
	.select_one = "SELECT " EXCHANGE_COLUMNS " FROM " EXCHANGE_FROM " WHERE e.id = ?",
	.columns = exchange_columns,
	.unit_field = NULL,
};

static const struct list_sort_key exchange_sorts[] = {
	{"id", "e.id"}, {"date", "e.exchange_date"}, {"persons", "e.persons"}, {NULL, NULL}};
static const char *const exchange_search[] = {"e.notes", "e.school", "e.partner_school", "c.name_zh", NULL};

static const struct list_spec exchange_list_spec = {
	.select = EXCHANGE_COLUMNS,
	.from = EXCHANGE_FROM,
	.sorts = exchange_sorts,
	.default_order = "e.exchange_date DESC, e.id DESC",
	.search_columns = exchange_search,
	.unit_column = NULL,
};

static const struct vfield exchange_fields[] = {
	{"sister_city_id", "友好城市", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"kind", "交流类别", V_ENUM, VF_REQUIRED, 0, 0, kinds},
	{"direction", "方向", V_ENUM, VF_REQUIRED, 0, 0, directions},
	{"date", "日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"persons", "人数", V_INT, VF_REQUIRED, 1, 10000, NULL},
	{"school", "我方学校", V_STRING, VF_NULLABLE, 1, 100, NULL},
	{"partner_school", "对方学校", V_STRING, VF_NULLABLE, 1, 200, NULL},
	{"notes", "备注", V_STRING, 0, 0, 4000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_query_filter exchange_filters[] = {
	{"sister_city_id", LQ_ID, "e.sister_city_id = ?", NULL},
	{"kind", LQ_ENUM, "e.kind = ?", kinds},
	{"direction", LQ_ENUM, "e.direction = ?", directions},
	{"school", LQ_TEXT, "e.school = ?", NULL},
	{"from", LQ_DATE, "e.exchange_date >= ?", NULL},
	{"to", LQ_DATE, "e.exchange_date <= ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

static const char *const exchange_renames[] = {"date", "exchange_date", NULL};

/* A school pairing names both schools. */
static int check_exchange(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *a = json_object_get(body, "school"), *b = json_object_get(body, "partner_school");
	bool has_a = json_is_string(a ? a : json_object_get(before, "school"));
	bool has_b = json_is_string(b ? b : json_object_get(before, "partner_school"));

	(void)who;
	if (has_a != has_b)
		return op_invalid(err, has_a ? "partner_school" : "school", "a school pairing names both schools",
				  "学校结对须同时填写双方学校");
	return register_check_sister_city(db, body, err);
}

const struct record_rules exchange_rules = {exchange_fields, check_exchange};

const struct register_def exchange_def = {
	.record = &exchange_record,
	.list = &exchange_list_spec,
	.rules = &exchange_rules,
	.filters = exchange_filters,
	.renames = exchange_renames,
	.decorate = NULL,
};


/* School pairings: each pair of schools with its sister city, exchanges and persons. */
int exchange_pairings(struct request *req, struct response *res)
{
	static const struct list_sort_key sorts[] = {{"school", "e.school"}, {NULL, NULL}};
	static const struct list_spec spec = {
		.select = "e.school, e.partner_school, e.sister_city_id, c.name_zh AS sister_city_name,"
			  " COUNT(*) AS exchanges, SUM(e.persons) AS persons, MAX(e.exchange_date) AS last_date",
		.from = EXCHANGE_FROM,
		.sorts = sorts,
		.default_order = "e.school, e.partner_school",
		.search_columns = NULL,
		.unit_column = NULL,
		.group_by = "e.school, e.partner_school, e.sister_city_id, c.name_zh",
	};
	static const struct list_query_filter filters[] = {
		{"school", LQ_TEXT, "e.school = ? OR e.partner_school = ?", NULL},
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
		rc = list_filter_add(&f, "e.school IS NOT NULL", "");
		if (rc == DB_OK)
			rc = list_run(req->db, &spec, &lp, &f, &out);
		rc = list_answer(req, res, rc, out);
	}
	list_filter_free(&f);
	return rc;
}
