/*
 * reception.c - receptions of foreign and domestic guests (see reception.h).
 */
#include "reception.h"

#include "unit_api.h"

static const char *const guest_types[] = {"foreign", "domestic", NULL};
static const char *const categories[] = {"sister_city_government", "sister_city_students", "business", "education",
					 "international_org", "embassy", "consulate", "honorary_citizen",
					 "overseas_chinese", "other", NULL};

#define RECEPTION_COLUMNS                                                                                         \
	"r.id, r.title, r.guest_type, r.category, r.country, r.sister_city_id, s.name_zh AS sister_city_name,"     \
	" r.persons, r.arrive_date, r.leave_date, r.host_unit_id, n.name AS host_unit_name, r.programme,"          \
	" r.created_at, r.updated_at, r.version"
#define RECEPTION_FROM                                                                                            \
	"receptions r JOIN units n ON n.id = r.host_unit_id LEFT JOIN sister_cities s ON s.id = r.sister_city_id"

static const char *const reception_columns[] = {"title", "guest_type", "category", "country", "sister_city_id",
						"persons", "arrive_date", "leave_date", "host_unit_id", "programme", NULL};

const struct record_def reception_record = {
	.entity = "reception",
	.table = "receptions",
	.select_one = "SELECT " RECEPTION_COLUMNS " FROM " RECEPTION_FROM " WHERE r.id = ?",
	.columns = reception_columns,
	.unit_field = "host_unit_id",
};

static const struct list_sort_key sorts[] = {
	{"id", "r.id"}, {"arrive_date", "r.arrive_date"}, {"persons", "r.persons"}, {"title", "r.title"}, {NULL, NULL}};
static const char *const search[] = {"r.title", "r.programme", NULL};

static const struct list_spec reception_list_spec = {
	.select = RECEPTION_COLUMNS,
	.from = RECEPTION_FROM,
	.sorts = sorts,
	.default_order = "r.arrive_date DESC, r.id DESC",
	.search_columns = search,
	.unit_column = "r.host_unit_id",
};

static const struct vfield fields[] = {
	{"title", "团组名称", V_STRING, VF_REQUIRED, 1, 200, NULL},
	{"guest_type", "宾客类别", V_ENUM, VF_REQUIRED, 0, 0, guest_types},
	{"category", "团组类别", V_ENUM, VF_REQUIRED, 0, 0, categories},
	{"country", "国家(地区)", V_STRING, VF_NULLABLE, 2, 2, NULL},
	{"sister_city_id", "友好城市", V_ID, VF_NULLABLE, 0, 0, NULL},
	{"persons", "人数", V_INT, VF_REQUIRED, 1, 10000, NULL},
	{"arrive_date", "抵达日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"leave_date", "离开日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"host_unit_id", "接待单位", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"programme", "活动安排", V_STRING, 0, 0, 4000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_query_filter filters[] = {
	{"guest_type", LQ_ENUM, "r.guest_type = ?", guest_types},
	{"category", LQ_ENUM, "r.category = ?", categories},
	{"country", LQ_TEXT, "r.country = ?", NULL},
	{"sister_city_id", LQ_ID, "r.sister_city_id = ?", NULL},
	{"host_unit_id", LQ_ID, "r.host_unit_id = ?", NULL},
	{"from", LQ_DATE, "r.arrive_date >= ?", NULL},
	{"to", LQ_DATE, "r.arrive_date <= ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

/* A foreign group names its country; the host unit exists (and is the caller's own for a unit user). */
static int check(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *guest = json_object_get(body, "guest_type"), *country = json_object_get(body, "country");
	const char *gt = json_string_value(guest ? guest : json_object_get(before, "guest_type"));
	int rc = register_check_country(body, "country", err);

	if (!rc)
		rc = register_check_sister_city(db, body, err);
	if (!rc)
		rc = register_check_order(body, before, "arrive_date", "leave_date", err);
	if (!rc && gt && gt[0] == 'f' && !json_is_string(country ? country : json_object_get(before, "country")))
		rc = op_invalid(err, "country", "a foreign group names its country", "外宾团组须填写国家(地区)");
	if (!rc)
		rc = unit_ref_check(db, who, body, "host_unit_id", err);
	return rc;
}

const struct record_rules reception_rules = {fields, check};

const struct register_def reception_def = {
	.record = &reception_record,
	.list = &reception_list_spec,
	.rules = &reception_rules,
	.filters = filters,
	.renames = NULL,
	.decorate = NULL,
};

