/*
 * import.c - spreadsheets of past years into the registers (see import.h).
 *
 * Each register is a table of columns: a Chinese header, the column it
 * fills and how its text is read (dates also as Excel serial numbers,
 * Chinese labels or keys for choices, from the one dictionary of labels.c, country names or codes, unit and
 * sister-city names). Rows are read and checked first; only a file without
 * a bad row is written, in one transaction with one audit entry.
 */
#include "import.h"

#include "audit.h"
#include "buf.h"
#include "country.h"
#include "dates.h"
#include "funding.h"
#include "labels.h"
#include "letter.h"
#include "store.h"
#include "register_rules.h"
#include "table.h"
#include "trip_record.h"
#include "util.h"
#include "validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ERRORS 200

enum ikind { K_TEXT, K_INT, K_DATE, K_MONEY, K_CHOICE, K_COUNTRY, K_COUNTRIES, K_UNIT, K_CITY, K_LIST, K_ADOPTED };

struct icol {
	const char *header;
	const char *column; /* table column it fills, or the field of the register's owner (check and write) */
	enum ikind kind;
	bool required;
	const struct choice_set *choices; /* K_CHOICE */
};

struct idef {
	const char *name;  /* as in the URL */
	const char *table;
	const char *entity;
	const struct icol *cols;
	const char *const *columns; /* table columns written (none when the owner writes) */
	/* Row values complete: derive columns, check across columns; 0 or a reason. */
	const char *(*finish)(struct db *db, json_t *values, json_t *cache);
	/* A register with an owner of its own (trips, letters, funding standards): the owner checks and writes each row. */
	int (*check)(struct db *db, const struct actor *who, json_t *values, struct op_error *err);
	int (*write)(struct db *db, const struct actor *who, json_t *values, struct op_error *err);
	const char *const (*field_columns)[2]; /* {field, column} where the owner's field names another column */
	/* A register the API also writes: each row's fields and checks judged by the API's own rules. */
	const struct record_rules *rules;
};

/* ---- choices ---- */

/*
 * A choice column reads the enumeration's Chinese label (or its key) from the
 * one dictionary, labels.c; `aliases` are older wordings still found in the
 * office's sheets, `only` narrows the keys a register accepts.
 */
struct choice_set {
	const char *kind;                /* enumeration in labels.c */
	const char *const (*aliases)[2]; /* {wording, key}, NULL-terminated, or NULL */
	const char *const *only;         /* the keys accepted, NULL-terminated; NULL: all */
};

static const char *const letter_aliases[][2] = {{"邀请函电", "invitation"}, {"因私签证", "visa_service"}, {NULL, NULL}};
static const char *const relation_aliases[][2] = {{"友好交流关系城市", "friendly_exchange"}, {NULL, NULL}};
static const char *const imported_states[] = {"approved", "closed", NULL};

static const struct choice_set guest_types = {"guest_type", NULL, NULL};
static const struct choice_set reception_categories = {"reception_category", NULL, NULL};
static const struct choice_set letter_kinds = {"letter_kind", letter_aliases, NULL};
static const struct choice_set regions = {"region", NULL, NULL};
static const struct choice_set relations = {"relation", relation_aliases, NULL};
static const struct choice_set city_statuses = {"city_status", NULL, NULL};
static const struct choice_set abtc_statuses = {"abtc_status", NULL, NULL};
static const struct choice_set case_categories = {"case_category", NULL, NULL};
static const struct choice_set case_statuses = {"case_status", NULL, NULL};
static const struct choice_set trip_categories = {"category", NULL, NULL};
static const struct choice_set inviter_types = {"inviter_type", NULL, NULL};
static const struct choice_set budget_sources = {"budget_source", NULL, NULL};
static const struct choice_set trip_statuses = {"status", NULL, imported_states};

/* ---- registers ---- */

static const struct icol reception_cols[] = {
	{"团组名称", "title", K_TEXT, true, NULL}, {"宾客类别", "guest_type", K_CHOICE, true, &guest_types},
	{"团组类别", "category", K_CHOICE, true, &reception_categories}, {"国家(地区)", "country", K_COUNTRY, false, NULL},
	{"友好城市", "sister_city_id", K_CITY, false, NULL}, {"人数", "persons", K_INT, true, NULL},
	{"抵达日期", "arrive_date", K_DATE, true, NULL}, {"离开日期", "leave_date", K_DATE, true, NULL},
	{"接待单位", "host_unit_id", K_UNIT, true, NULL}, {"活动安排", "programme", K_TEXT, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};
static const char *const reception_columns[] = {"title", "guest_type", "category", "country", "sister_city_id", "persons",
						"arrive_date", "leave_date", "host_unit_id", "programme", NULL};

static const struct icol letter_cols[] = {
	{"类别", "kind", K_CHOICE, true, &letter_kinds}, {"日期", "date", K_DATE, true, NULL},
	{"申请单位", "unit_id", K_UNIT, true, NULL}, {"事由", "purpose", K_TEXT, true, NULL},
	{"人数", "person_count", K_INT, false, NULL}, {"人员", "persons", K_LIST, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};

static const struct icol city_cols[] = {
	{"中文名称", "name_zh", K_TEXT, true, NULL}, {"外文名称", "name_local", K_TEXT, true, NULL},
	{"国家", "country", K_COUNTRY, true, NULL}, {"地区", "region", K_CHOICE, true, &regions},
	{"关系", "relation", K_CHOICE, true, &relations}, {"缔结日期", "established_on", K_DATE, false, NULL},
	{"状态", "status", K_CHOICE, false, &city_statuses}, {"备注", "notes", K_TEXT, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};
static const char *const city_columns[] = {"name_zh", "name_local", "country", "region", "relation", "established_on", "status",
					   "notes", NULL};

static const struct icol abtc_cols[] = {
	{"申请人", "person_name", K_TEXT, true, NULL}, {"企业", "company", K_TEXT, true, NULL},
	{"状态", "status", K_CHOICE, true, &abtc_statuses}, {"申请日期", "applied_on", K_DATE, true, NULL},
	{"报送日期", "submitted_on", K_DATE, false, NULL}, {"批准日期", "approved_on", K_DATE, false, NULL},
	{"卡号", "card_no", K_TEXT, false, NULL}, {"有效期至", "expiry_date", K_DATE, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};
static const char *const abtc_columns[] = {"person_name", "company", "status", "applied_on", "submitted_on", "approved_on",
					   "card_no", "expiry_date", NULL};

static const struct icol case_cols[] = {
	{"受理日期", "received_on", K_DATE, true, NULL}, {"类别", "category", K_CHOICE, true, &case_categories},
	{"涉及国籍", "nationalities", K_COUNTRIES, true, NULL}, {"当事人", "parties", K_TEXT, true, NULL},
	{"案情摘要", "summary", K_TEXT, true, NULL}, {"状态", "status", K_CHOICE, true, &case_statuses},
	{"答复日期", "answered_on", K_DATE, false, NULL}, {"办结日期", "closed_on", K_DATE, false, NULL},
	{"处理结果", "resolution", K_TEXT, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};
static const char *const case_columns[] = {"received_on", "category", "nationalities_json", "parties", "summary", "status",
					   "answered_on", "closed_on", "resolution", NULL};

static const struct icol info_cols[] = {
	{"标题", "title", K_TEXT, true, NULL}, {"报送日期", "sent_on", K_DATE, true, NULL},
	{"撰稿人", "author", K_TEXT, true, NULL}, {"报送单位", "sent_to", K_LIST, true, NULL},
	{"录用单位", "adopted_by", K_ADOPTED, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};
static const char *const info_columns[] = {"title", "sent_on", "author", "sent_to_json", "adopted_by_json", NULL};

static const struct icol trip_cols[] = {
	{"申报单位", "unit_id", K_UNIT, true, NULL}, {"团组名称", "title", K_TEXT, true, NULL},
	{"出访任务", "task", K_TEXT, false, NULL}, {"出访类别", "category", K_CHOICE, true, &trip_categories},
	{"邀请单位", "inviter", K_TEXT, false, NULL}, {"邀请单位类别", "inviter_type", K_CHOICE, false, &inviter_types},
	{"邀请单位国家(地区)", "inviter_country", K_COUNTRY, false, NULL}, {"出访国家(地区)", "countries", K_COUNTRIES, true, NULL},
	{"出发日期", "depart_date", K_DATE, true, NULL}, {"回国日期", "return_date", K_DATE, true, NULL},
	{"经费预算(元)", "budget_fen", K_MONEY, true, NULL}, {"经费来源", "budget_source", K_CHOICE, false, &budget_sources},
	{"批准日期", "approved_on", K_DATE, true, NULL},
	{"批件号", "approval_no", K_TEXT, false, NULL}, {"状态", "status", K_CHOICE, false, &trip_statuses},
	{"人数", "imported_persons", K_INT, false, NULL}, {"成员", "members", K_LIST, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};
static const struct icol standard_cols[] = {
	{"国家(地区)", "country", K_COUNTRY, true, NULL}, {"城市", "city", K_TEXT, false, NULL},
	{"币种", "currency", K_TEXT, true, NULL}, {"住宿费(每人每晚)", "accommodation_minor", K_MONEY, true, NULL},
	{"伙食费(每人每天)", "meals_minor", K_MONEY, true, NULL}, {"公杂费(每人每天)", "incidentals_minor", K_MONEY, true, NULL},
	{"依据", "source", K_TEXT, false, NULL}, {NULL, NULL, K_TEXT, false, NULL}};

/* ---- per-register finishing ---- */

static const char *finish_dates(json_t *v, const char *first, const char *second)
{
	const char *a = json_string_value(json_object_get(v, first)), *b = json_string_value(json_object_get(v, second));

	return a && b && strcmp(a, b) > 0 ? "日期先后顺序不对" : NULL;
}

static const char *finish_abtc(struct db *db, json_t *v, json_t *cache)
{
	const char *status = json_string_value(json_object_get(v, "status"));

	(void)db;
	(void)cache;
	if (strcmp(status, "approved") == 0 && (!json_object_get(v, "approved_on") || !json_object_get(v, "card_no") ||
						 !json_object_get(v, "expiry_date")))
		return "已批准的卡须填写批准日期、卡号和有效期";
	return finish_dates(v, "applied_on", "approved_on");
}

static const char *finish_case(struct db *db, json_t *v, json_t *cache)
{
	(void)db;
	(void)cache;
	if (strcmp(json_string_value(json_object_get(v, "status")), "closed") == 0 && !json_object_get(v, "closed_on"))
		return "已办结的案件须填写办结日期";
	return finish_dates(v, "received_on", "closed_on");
}

static const char *finish_info(struct db *db, json_t *v, json_t *cache)
{
	json_t *a;
	size_t i;

	(void)db;
	(void)cache;
	if (!json_object_get(v, "adopted_by"))
		json_object_set_new(v, "adopted_by", json_array());
	json_array_foreach(json_object_get(v, "adopted_by"), i, a)
		json_object_set(a, "on", json_object_get(v, "sent_on"));
	return NULL;
}

/* A file names each country and city ('' for the rest of the country) once; the standard is funding.c's to judge. */
static const char *finish_standard(struct db *db, json_t *v, json_t *cache)
{
	const char *city = json_string_value(json_object_get(v, "city"));
	char key[160];

	(void)db;
	snprintf(key, sizeof(key), "%s/%s", json_string_value(json_object_get(v, "country")), city ? city : "");
	if (json_object_get(cache, key))
		return "同一国家、城市的标准重复";
	json_object_set_new(cache, key, json_true());
	return NULL;
}

/*
 * Historical trips: the cells as the fields of the trip module's historical
 * record (trip_record.h), which checks them by the trip's own rules and
 * numbers and writes them: the budget in yuan, the itinerary as the trip's
 * days shared among its countries, the persons by count or names.
 */
static const char *finish_trip(struct db *db, json_t *v, json_t *cache)
{
	json_t *members = json_object_get(v, "members"), *countries = json_object_get(v, "countries"), *dests, *c;
	int64_t fen = json_integer_value(json_object_get(v, "budget_fen")), days, n, each;
	size_t i;

	(void)db;
	(void)cache;
	if (finish_dates(v, "depart_date", "return_date"))
		return "回国日期早于出发日期";
	if (members) {
		char *names = NULL;
		struct buf b;
		json_t *m;

		buf_init(&b, 65536);
		json_array_foreach(members, i, m)
			if (buf_addf(&b, "%s%s", i ? "、" : "", json_string_value(m)) != BUF_OK)
				break;
		names = buf_detach(&b, NULL);
		json_object_set_new(v, "imported_members", json_string(names ? names : ""));
		free(names);
		if (!json_object_get(v, "imported_persons"))
			json_object_set_new(v, "imported_persons", json_integer((json_int_t)json_array_size(members)));
		json_object_del(v, "members");
	}
	if (json_integer_value(json_object_get(v, "imported_persons")) < 1)
		return "须填写人数或成员";
	json_object_set_new(v, "budget_cny", fen % 100 ? json_real((double)fen / 100.0) : json_integer(fen / 100));
	json_object_del(v, "budget_fen");
	days = date_span_days(json_string_value(json_object_get(v, "depart_date")),
			      json_string_value(json_object_get(v, "return_date")));
	n = (int64_t)json_array_size(countries);
	each = n ? days / n : days;
	dests = json_array();
	json_array_foreach(countries, i, c) {
		const char *zh = country_name_zh(json_string_value(c));
		json_array_append_new(dests, json_pack("{s:O, s:s, s:I}", "country", c, "city", zh ? zh : json_string_value(c),
						       "days", (json_int_t)(i == 0 ? days - each * (n - 1) : each)));
	}
	json_object_set_new(v, "destinations", dests);
	json_object_del(v, "countries");
	return NULL;
}

static int write_trip(struct db *db, const struct actor *who, json_t *v, struct op_error *err)
{
	int64_t id = 0;

	return trip_past_write(db, who, v, &id, err);
}

/* The column of the sheet a field of the historical record was read from. */
static const char *const trip_field_columns[][2] = {
	{"budget_cny", "budget_fen"}, {"destinations", "countries"}, {"members", "imported_persons"}, {"imported_members", "members"}, {NULL, NULL}};

/* A letter's person is the sheet's 人员 column. */
static const char *const letter_field_columns[][2] = {{"name", "persons"}, {NULL, NULL}};

static const struct idef registers[] = {
	{"delegations", "delegations", "delegation", trip_cols, NULL, finish_trip, trip_past_check, write_trip, trip_field_columns, NULL},
	{"letters", "letters", "letter", letter_cols, NULL, NULL, letter_past_check, letter_past_write, letter_field_columns, NULL},
	{"receptions", "receptions", "reception", reception_cols, reception_columns, NULL, NULL, NULL, NULL, &reception_rules},
	{"sister-cities", "sister_cities", "sister_city", city_cols, city_columns, NULL, NULL, NULL, NULL, &sister_city_rules},
	{"abtc", "abtc_cards", "abtc", abtc_cols, abtc_columns, finish_abtc, NULL, NULL, NULL, &abtc_rules},
	{"cases", "cases", "case", case_cols, case_columns, finish_case, NULL, NULL, NULL, &case_rules},
	{"info-items", "info_items", "info_item", info_cols, info_columns, finish_info, NULL, NULL, NULL, &info_item_rules},
	{"funding-standards", "funding_standards", "funding_standard", standard_cols, NULL, finish_standard, funding_standard_check, funding_standard_write, NULL, NULL},
};

static const struct idef *find_def(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(registers) / sizeof(registers[0]); i++)
		if (strcmp(registers[i].name, name) == 0)
			return &registers[i];
	return NULL;
}

bool import_known(const char *name)
{
	return find_def(name) != NULL;
}

/* ---- reading one cell ---- */

static char *trim(const char *s)
{
	size_t len;
	char *out;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	out = malloc(len + 1);
	if (out) {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return out;
}

/* YYYY-MM-DD, YYYY/M/D, YYYY.M.D or an Excel serial day number. */
static bool read_date(const char *s, char out[DATE_LEN])
{
	char *end;
	double serial;
	long y, m, d;

	if (util_valid_date(s)) {
		snprintf(out, DATE_LEN, "%s", s);
		return true;
	}
	serial = strtod(s, &end);
	if (end != s && *end == '\0' && serial > 1000 && serial < 100000) {
		date_from_days(date_to_days("1899-12-30") + (int64_t)floor(serial), out);
		return true;
	}
	y = strtol(s, &end, 10);
	if (*end != '/' && *end != '.' && *end != '-')
		return false;
	m = strtol(end + 1, &end, 10);
	if (*end != '/' && *end != '.' && *end != '-')
		return false;
	d = strtol(end + 1, &end, 10);
	if (*end || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	snprintf(out, DATE_LEN, "%04ld-%02ld-%02ld", y % 10000, m % 100, d % 100);
	return util_valid_date(out);
}

/* Split on 、,,;; into trimmed non-empty parts. */
static json_t *split_list(const char *s)
{
	static const char *const seps[] = {"、", ",", ",", ";", ";"};
	json_t *out = json_array();
	const char *p = s;

	while (*p) {
		const char *next = NULL;
		size_t i, seplen = 0, partlen;
		char *part, *clean;

		for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
			const char *hit = strstr(p, seps[i]);
			if (hit && (!next || hit < next)) {
				next = hit;
				seplen = strlen(seps[i]);
			}
		}
		partlen = next ? (size_t)(next - p) : strlen(p);
		part = strndup(p, partlen);
		clean = part ? trim(part) : NULL;
		if (clean && *clean)
			json_array_append_new(out, json_string(clean));
		free(clean);
		free(part);
		p += partlen + (next ? seplen : 0);
	}
	return out;
}

static bool accepted(const struct choice_set *c, const char *key)
{
	size_t i;

	for (i = 0; key && c->only && c->only[i]; i++)
		if (strcmp(c->only[i], key) == 0)
			return true;
	return key && !c->only;
}

/* The key a cell names: a label or key of the dictionary, or an older wording; NULL when none. */
static const char *choice(const struct choice_set *c, const char *s)
{
	const char *key = labels_key_of(c->kind, s);
	size_t i;

	for (i = 0; !key && c->aliases && c->aliases[i][0]; i++)
		if (strcmp(c->aliases[i][0], s) == 0)
			key = c->aliases[i][1];
	return accepted(c, key) ? key : NULL;
}

/* Name -> id of units or sister cities, cached for the file. */
static int64_t lookup_id(struct db *db, json_t *cache, const char *sql, const char *prefix, const char *name)
{
	char key[600];
	int64_t id = 0;
	json_t *hit;

	snprintf(key, sizeof(key), "%s:%s", prefix, name);
	hit = json_object_get(cache, key);
	if (hit)
		return json_integer_value(hit);
	if (db_query_int(db, &id, sql, "t", name) != DB_OK)
		id = 0;
	json_object_set_new(cache, key, json_integer(id));
	return id;
}

static const char *read_cell(struct db *db, json_t *cache, const struct icol *c, const char *text, json_t *values)
{
	char date[DATE_LEN], *end;
	double money;
	long long n;
	const char *key;
	json_t *list, *v;
	size_t i;
	int64_t id;

	switch (c->kind) {
	case K_TEXT:
		if (util_utf8_length(text) < 0 || util_utf8_length(text) > 4000)
			return "文字过长或编码错误";
		json_object_set_new(values, c->column, json_string(text));
		return NULL;
	case K_INT:
		n = strtoll(text, &end, 10);
		if (*end || n < 0 || n > 1000000)
			return "应为非负整数";
		json_object_set_new(values, c->column, json_integer(n));
		return NULL;
	case K_DATE:
		if (!read_date(text, date))
			return "日期格式应为 YYYY-MM-DD";
		json_object_set_new(values, c->column, json_string(date));
		return NULL;
	case K_MONEY:
		money = strtod(text, &end);
		if (*end || money < 0 || money > 1e12 || fabs(round(money * 100) - money * 100) > 1e-6)
			return "金额应为不超过两位小数的非负数";
		json_object_set_new(values, c->column, json_integer((json_int_t)round(money * 100)));
		return NULL;
	case K_CHOICE:
		key = choice(c->choices, text);
		if (!key)
			return "取值不在允许范围内";
		json_object_set_new(values, c->column, json_string(key));
		return NULL;
	case K_COUNTRY:
		key = country_code_of(text);
		if (!key)
			return "国家(地区)无法识别";
		json_object_set_new(values, c->column, json_string(key));
		return NULL;
	case K_COUNTRIES:
		list = split_list(text);
		json_array_foreach(list, i, v) {
			key = country_code_of(json_string_value(v));
			if (!key) {
				json_decref(list);
				return "国家(地区)无法识别";
			}
			json_array_set_new(list, i, json_string(key));
		}
		if (!json_array_size(list)) {
			json_decref(list);
			return "至少填写一个国家(地区)";
		}
		json_object_set_new(values, c->column, list);
		return NULL;
	case K_UNIT:
		id = lookup_id(db, cache, "SELECT id FROM units WHERE name = ?", "unit", text);
		if (!id)
			return "单位不存在(请先在单位管理中添加)";
		json_object_set_new(values, c->column, json_integer(id));
		return NULL;
	case K_CITY:
		id = lookup_id(db, cache, "SELECT id FROM sister_cities WHERE name_zh = ?", "city", text);
		if (!id)
			return "友好城市不存在";
		json_object_set_new(values, c->column, json_integer(id));
		return NULL;
	case K_LIST:
		json_object_set_new(values, c->column, split_list(text));
		return NULL;
	case K_ADOPTED: {
		static const char *const body_aliases[][2] = {{"市外办", "prefecture"}, {"国家", "national"}, {NULL, NULL}};
		static const struct choice_set bodies = {"body", body_aliases, NULL};
		json_t *adopted = json_array();
		list = split_list(text);
		json_array_foreach(list, i, v) {
			key = choice(&bodies, json_string_value(v));
			if (!key) {
				json_decref(list);
				json_decref(adopted);
				return "录用单位应为 省外办、上级市外办、国家级 或 其他";
			}
			json_array_append_new(adopted, json_pack("{s:s}", "body", key));
		}
		json_decref(list);
		json_object_set_new(values, c->column, adopted);
		return NULL;
	}
	}
	return "无法读取";
}

/* ---- a file ---- */

struct header_map {
	int col_of[32]; /* icol index -> table column, -1 when absent */
};

static void add_error(json_t *errors, size_t row, const char *column, const char *reason)
{
	if (json_array_size(errors) < MAX_ERRORS)
		json_array_append_new(errors, json_pack("{s:I, s:s?, s:s}", "row", (json_int_t)row, "column", column, "reason", reason));
}

static void map_headers(const struct idef *def, const struct table *t, struct header_map *m, json_t *errors)
{
	size_t i, c;

	for (i = 0; def->cols[i].header; i++) {
		m->col_of[i] = -1;
		for (c = 0; c < (t->nrows ? t->ncols[0] : 0); c++) {
			char *h = trim(table_cell(t, 0, c));
			bool hit = h && strcmp(h, def->cols[i].header) == 0;
			free(h);
			if (hit) {
				m->col_of[i] = (int)c;
				break;
			}
		}
		if (m->col_of[i] < 0 && def->cols[i].required)
			add_error(errors, 1, def->cols[i].header, "缺少此列");
	}
}

/* Row r of the table as column values; errors added. */
/* The sheet's header of the column a field of the register's owner came from (NULL: the row as a whole). */
static const char *header_of(const struct idef *def, const char *field)
{
	size_t i;

	for (i = 0; field && def->field_columns && def->field_columns[i][0]; i++)
		if (strcmp(def->field_columns[i][0], field) == 0) {
			field = def->field_columns[i][1];
			break;
		}
	for (i = 0; field && def->cols[i].header; i++)
		if (strcmp(def->cols[i].column, field) == 0)
			return def->cols[i].header;
	return NULL;
}

/*
 * A row of a register the API also writes, judged as the API judges a new
 * record: the fields its form has (the row's history columns, e.g. a
 * status reached or its dates, are the import's own) and the register's
 * checks; a refusal is named by the sheet's column.
 */
static void judge_by_rules(struct db *db, const struct actor *who, const struct idef *def, json_t *values, size_t r,
			   json_t *errors)
{
	const struct vfield *f;
	struct op_error err;
	json_t *body = json_object();

	for (f = def->rules->fields; f->name; f++)
		if (json_object_get(values, f->name))
			json_object_set(body, f->name, json_object_get(values, f->name));
	if (record_rules_judge(def->rules, db, who, body, NULL, false, &err))
		add_error(errors, r + 1, header_of(def, err.field), err.zh);
	json_decref(body);
}

static json_t *read_row(struct db *db, const struct actor *who, const struct idef *def, const struct table *t,
			const struct header_map *m, size_t r, json_t *cache, json_t *errors)
{
	json_t *values = json_object();
	const char *reason;
	size_t i, before = json_array_size(errors);

	for (i = 0; def->cols[i].header; i++) {
		char *text = m->col_of[i] >= 0 ? trim(table_cell(t, r, (size_t)m->col_of[i])) : strdup("");

		if (!text || !*text) {
			if (def->cols[i].required)
				add_error(errors, r + 1, def->cols[i].header, "必填");
		} else if ((reason = read_cell(db, cache, &def->cols[i], text, values))) {
			add_error(errors, r + 1, def->cols[i].header, reason);
		}
		free(text);
	}
	if (json_array_size(errors) == before && def->finish && (reason = def->finish(db, values, cache)))
		add_error(errors, r + 1, NULL, reason);
	if (json_array_size(errors) == before && def->check) {
		struct op_error err;

		if (def->check(db, who, values, &err))
			add_error(errors, r + 1, header_of(def, err.field), err.zh);
	}
	if (json_array_size(errors) == before && def->rules)
		judge_by_rules(db, who, def, values, r, errors);
	return values;
}

static bool blank_row(const struct table *t, size_t r)
{
	size_t c;

	for (c = 0; c < t->ncols[r]; c++)
		if (*table_cell(t, r, c))
			return false;
	return true;
}

/* A row its owner refused as it wrote it: import_run's "refused" (1), the row named in the errors. */
#define ROW_REFUSED 1

/*
 * Write the rows (`lines`: each row's line in the sheet): DB_OK, a database
 * failure, or ROW_REFUSED with the row and the owner's reason added to
 * `errors` — a row that passed when the file was read but not inside the
 * write transaction, which sees the rows written before it (the same
 * country and city twice in one file) and what another writer added.
 */
static int write_rows(struct db *db, const struct actor *who, const struct idef *def, json_t *rows, json_t *lines,
		      import_progress_fn progress, json_t *errors)
{
	json_t *v, *values;
	size_t i, n = json_array_size(rows);
	int64_t id = 0;
	int rc = DB_OK;

	json_array_foreach(rows, i, v) {
		struct op_error err;
		int status = def->write ? def->write(db, who, v, &err) : 0;

		if (status >= 400 && status < 500) {
			add_error(errors, (size_t)json_integer_value(json_array_get(lines, i)), header_of(def, err.field), err.zh);
			rc = ROW_REFUSED;
		} else if (def->write) {
			rc = !status ? DB_OK : status == 503 ? DB_BUSY : DB_ERR;
		} else {
			values = store_values_from_body(v);
			rc = values ? store_insert(db, def->table, def->columns, values, &id) : DB_ERR;
			json_decref(values);
		}
		if (rc != DB_OK)
			break;
		if (progress && (i + 1) % 1000 == 0)
			progress(i + 1, n);
	}
	if (rc == DB_OK && progress)
		progress(n, n);
	return rc;
}

int import_run(struct db *db, const struct actor *who, const char *name, int fd, import_progress_fn progress,
	       size_t *imported, json_t **errors, char *err, size_t errlen)
{
	const struct idef *def = find_def(name);
	struct audit_actor by = {who->id, who->username, who->client_ip};
	struct header_map map;
	struct table t;
	json_t *rows = json_array(), *lines = json_array(), *cache = json_object(), *after;
	char hash[65];
	bool header_ok;
	size_t r;
	int rc = TABLE_BAD;

	*imported = 0;
	*errors = json_array();
	if (!def || (rc = table_read_fd(fd, &t, err, errlen)) != TABLE_OK) {
		if (!def)
			snprintf(err, errlen, "未知的登记簿 %s", name ? name : "");
		json_decref(rows);
		json_decref(lines);
		json_decref(cache);
		return rc == TABLE_TOO_LARGE ? 2 : 1;
	}
	map_headers(def, &t, &map, *errors);
	/* with a column missing the rows cannot be read; otherwise every bad row is named */
	header_ok = json_array_size(*errors) == 0;
	for (r = 1; header_ok && r < t.nrows && json_array_size(*errors) < MAX_ERRORS; r++) {
		json_t *row;

		if (blank_row(&t, r))
			continue;
		row = read_row(db, who, def, &t, &map, r, cache, *errors);
		if (json_array_size(*errors) == 0) {
			json_array_append_new(rows, row);
			json_array_append_new(lines, json_integer((json_int_t)r + 1));
		} else
			json_decref(row); /* once a row is bad nothing is written: keep only the reasons */
	}
	table_free(&t);
	json_decref(cache);
	if (json_array_size(*errors) || json_array_size(rows) == 0) {
		if (json_array_size(*errors) == 0)
			snprintf(err, errlen, "文件中没有数据行");
		json_decref(rows);
		json_decref(lines);
		return 1;
	}
	if (util_sha256_fd_hex(fd, hash) != 0)
		snprintf(hash, sizeof(hash), "unreadable");
	rc = db_begin(db);
	if (rc == DB_OK)
		rc = write_rows(db, who, def, rows, lines, progress, *errors);
	after = json_pack("{s:s, s:I, s:s}", "register", name, "rows", (json_int_t)json_array_size(rows), "file_sha256", hash);
	if (rc == DB_OK)
		rc = audit_write(db, &by, "import", def->entity, 0, NULL, after);
	json_decref(after);
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
	else
		*imported = json_array_size(rows);
	if (rc != ROW_REFUSED) {
		json_decref(*errors);
		*errors = NULL;
	}
	json_decref(rows);
	json_decref(lines);
	return rc;
}

/* ---- the template ---- */

/* What a column of the template accepts, in words. */
static void column_hint(const struct icol *c, char *out, size_t len)
{
	static const char *const kinds[][2] = {
		{"", "文字"}, {"", "整数,如 12"}, {"", "日期,如 2025-06-01(也可 2025/6/1 或 Excel 日期)"},
		{"", "金额(元),如 86000.50"}, {"", ""}, {"", "国家(地区)中文名、英文名或代码,如 泰国、TH"},
		{"", "国家(地区),多个以、分隔,如 德国、法国"}, {"", "系统中已有的单位名称,如 市外事办公室"},
		{"", "系统中已有的友好城市中文名称"}, {"", "多项以、分隔"}, {"", "录用单位,多个以、分隔:省外办、上级市外办、国家级、其他"}};
	const char *key, *zh;
	size_t used = 0, i;

	if (c->kind != K_CHOICE || !c->choices) {
		snprintf(out, len, "%s", kinds[c->kind][1]);
		return;
	}
	out[0] = '\0';
	for (i = 0; (key = labels_nth(c->choices->kind, i, &zh)) && used < len; i++)
		if (accepted(c->choices, key))
			used += (size_t)snprintf(out + used, len - used, "%s%s", used ? "、" : "可填:", zh);
}

int import_template_rows(const char *register_name, json_t **header, json_t **help)
{
	const struct idef *def = find_def(register_name);
	char hint[512];
	size_t i;

	*header = NULL;
	*help = NULL;
	if (!def)
		return 1;
	*header = json_object();
	*help = json_array();
	if (!*header || !*help) {
		json_decref(*header);
		json_decref(*help);
		*header = *help = NULL;
		return -1;
	}
	for (i = 0; def->cols[i].header; i++) {
		json_object_set_new(*header, def->cols[i].header, json_null());
		column_hint(&def->cols[i], hint, sizeof(hint));
		json_array_append_new(*help, json_pack("{s:s, s:s, s:s}", "列名", def->cols[i].header, "是否必填",
						       def->cols[i].required ? "必填" : "选填", "填写说明", hint));
	}
	return 0;
}
