/*
 * case.c - foreign-related cases and their steps (see case.h).
 */
#include "case.h"

#include "country.h"

#include <string.h>

static const char *const categories[] = {"economic", "labour", "death_injury", "public_order", "consular", "other", NULL};
static const char *const statuses[] = {"received", "in_progress", "answered", "closed", NULL};

#define CASE_COLUMNS                                                                                              \
	"c.id, c.received_on, c.category, c.nationalities_json, c.parties, c.summary, c.status, c.started_on,"     \
	" c.answered_on, c.closed_on, c.resolution, c.created_at, c.updated_at, c.version"

static const char *const case_columns[] = {"received_on", "category", "nationalities_json", "parties", "summary",
					   "resolution", NULL};

const struct record_def case_record = {
	.entity = "case",
	.table = "cases",
	.select_one = "SELECT " CASE_COLUMNS " FROM cases c WHERE c.id = ?",
	.columns = case_columns,
	.unit_field = NULL,
};

static const struct list_sort_key sorts[] = {{"id", "c.id"}, {"received_on", "c.received_on"}, {"status", "c.status"}, {NULL, NULL}};
static const char *const search[] = {"c.parties", "c.summary", "c.resolution", "c.nationalities_json", NULL};

static const struct list_spec case_list_spec = {
	.select = CASE_COLUMNS,
	.from = "cases c",
	.sorts = sorts,
	.default_order = "c.received_on DESC, c.id DESC",
	.search_columns = search,
	.unit_column = NULL,
};

static const struct vfield fields[] = {
	{"received_on", "受理日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"category", "类别", V_ENUM, VF_REQUIRED, 0, 0, categories},
	{"nationalities", "涉及国籍", V_ARRAY, VF_REQUIRED, 1, 20, NULL},
	{"parties", "当事人", V_STRING, VF_REQUIRED, 1, 1000, NULL},
	{"summary", "案情摘要", V_STRING, VF_REQUIRED, 1, 10000, NULL},
	{"resolution", "处理结果", V_STRING, 0, 0, 10000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct list_query_filter filters[] = {
	{"status", LQ_ENUM, "c.status = ?", statuses},
	{"category", LQ_ENUM, "c.category = ?", categories},
	{"from", LQ_DATE, "c.received_on >= ?", NULL},
	{"to", LQ_DATE, "c.received_on <= ?", NULL},
	{NULL, LQ_TEXT, NULL, NULL},
};

static int check(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	json_t *v;
	size_t i;

	(void)db;
	(void)who;
	(void)before;
	json_array_foreach(json_object_get(body, "nationalities"), i, v)
		if (!json_is_string(v) || !country_valid(json_string_value(v)))
			return op_invalid(err, "nationalities", "each nationality is an ISO 3166 code such as US",
					  "国籍须为 ISO 3166 代码,如 US");
	return 0;
}

const struct record_rules case_rules = {fields, check};

const struct register_def case_def = {
	.record = &case_record,
	.list = &case_list_spec,
	.rules = &case_rules,
	.filters = filters,
	.renames = NULL,
	.decorate = NULL,
	.filter = NULL,
};


/* ---- steps: received -> in_progress -> answered -> closed ---- */

static const struct vfield date_fields[] = {
	{"date", "日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield close_fields[] = {
	{"date", "结案日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"resolution", "处理结果", V_STRING, VF_REQUIRED, 1, 10000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* A step's date is not before the case was received. */
static int check_step(struct db *db, json_t *body, json_t *before, struct op_error *err)
{
	(void)db;
	if (strcmp(json_string_value(json_object_get(body, "date")), json_string_value(json_object_get(before, "received_on"))) < 0)
		return op_invalid(err, "date", "the date comes before the case was received", "日期早于受理日期");
	return 0;
}

int case_start(struct request *req, struct response *res)
{
	static const char *const from[] = {"received", NULL};
	static const struct transition_def t = {"start", from, "in_progress", date_fields, "started_on", check_step};

	return register_transition(req, res, &case_def, &t);
}

int case_answer(struct request *req, struct response *res)
{
	static const char *const from[] = {"in_progress", NULL};
	static const struct transition_def t = {"answer", from, "answered", date_fields, "answered_on", check_step};

	return register_transition(req, res, &case_def, &t);
}

int case_close(struct request *req, struct response *res)
{
	static const char *const from[] = {"answered", NULL};
	static const struct transition_def t = {"close", from, "closed", close_fields, "closed_on", check_step};

	return register_transition(req, res, &case_def, &t);
}
