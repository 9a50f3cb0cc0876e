/*
 * contact.c - contacts and their greeting days (see contact.h).
 * birthday is a date (YYYY-MM-DD); national_day a yearly day (MM-DD).
 */
#include "contact.h"

#include "util.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"consulate", "embassy", "chamber", "honorary_citizen", "mayor", "friend", "other", NULL};

#define CONTACT_COLUMNS                                                                                           \
	"p.id, p.name, p.organisation, p.kind, p.country, p.sister_city_id, s.name_zh AS sister_city_name,"       \
	" p.birthday, p.national_day, p.email, p.phone, p.notes, p.created_at, p.updated_at, p.version"
#define CONTACT_FROM "contacts p LEFT JOIN sister_cities s ON s.id = p.sister_city_id"

static const char *const contact_columns[] = {"name", "organisation", "kind", "country", "sister_city_id", "birthday",
					      "national_day", "email", "phone", "notes", NULL};

static const struct record_def contact_record = {
	.entity = "contact",
	.table = "contacts",
	.select_one = "SELECT " CONTACT_COLUMNS " FROM " CONTACT_FROM " WHERE p.id = ?",
	.columns = contact_columns,
	.unit_field = NULL,
};

static const struct list_sort_key sorts[] = {{"id", "p.id"}, {"name", "p.name"}, {"kind", "p.kind"}, {NULL, NULL}};
static const char *const search[] = {"p.name", "p.organisation", "p.notes", NULL};

static const struct list_spec contact_list_spec = {
	.select = CONTACT_COLUMNS,
	.from = CONTACT_FROM,
	.sorts = sorts,
	.default_order = "p.name, p.id",
	.search_columns = search,
	.unit_column = NULL,
};

static const struct vfield fields[] = {
	{"name", "姓名", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"organisation", "机构", V_STRING, 0, 0, 200, NULL},
	{"kind", "类别", V_ENUM, VF_REQUIRED, 0, 0, kinds},
	{"country", "国家(地区)", V_STRING, VF_NULLABLE, 2, 2, NULL},
	{"sister_city_id", "友好城市", V_ID, VF_NULLABLE, 0, 0, NULL},
	{"birthday", "生日", V_DATE, VF_NULLABLE, 0, 0, NULL},
	{"national_day", "国庆日", V_STRING, VF_NULLABLE, 5, 5, NULL},
	{"email", "电子邮箱", V_STRING, 0, 0, 200, NULL},
	{"phone", "电话", V_STRING, 0, 0, 50, NULL},
	{"notes", "备注", V_STRING, 0, 0, 4000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_query_filter filters[] = {
	{"kind", LQ_ENUM, "p.kind = ?", kinds},
	{"country", LQ_TEXT, "p.country = ?", NULL},
	{"sister_city_id", LQ_ID, "p.sister_city_id = ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

static int check(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *nd = json_object_get(body, "national_day"), *email = json_object_get(body, "email");
	char probe[16];
	int rc = register_check_country(body, "country", err);

	(void)who;
	(void)before;
	if (!rc)
		rc = register_check_sister_city(db, body, err);
	if (!rc && json_is_string(nd)) {
		snprintf(probe, sizeof(probe), "2000-%s", json_string_value(nd));
		if (!util_valid_date(probe))
			rc = op_invalid(err, "national_day", "a national day is MM-DD, e.g. 07-14", "国庆日格式为「月-日」,如 07-14");
	}
	if (!rc && json_is_string(email) && json_string_length(email) > 0 && !strchr(json_string_value(email), '@'))
		rc = op_invalid(err, "email", "not an e-mail address", "电子邮箱格式不正确");
	return rc;
}

const struct record_rules contact_rules = {fields, check};

const struct register_def contact_def = {
	.record = &contact_record,
	.list = &contact_list_spec,
	.rules = &contact_rules,
	.filters = filters,
	.renames = NULL,
	.decorate = NULL,
	.filter = NULL,
};

