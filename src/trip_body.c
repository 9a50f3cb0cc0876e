/*
 * trip_body.c - a trip's body checked and its children written (see
 * trip_body.h): the field table of the trip, its stops and its members,
 * and the checks across fields, each answering a typed error.
 */
#include "trip_body.h"

#include "country.h"
#include "dates.h"
#include "delegation.h"
#include "person.h"
#include "unit.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

static const char *const budget_sources[] = {"fiscal", "self_raised", "other", NULL};

static const struct vfield trip_fields[] = {
	{"unit_id", "申报单位", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"title", "团组名称", V_STRING, VF_REQUIRED, 1, 200, NULL},
	{"task", "出访任务", V_STRING, VF_REQUIRED, 1, 4000, NULL},
	{"category", "出访类别", V_ENUM, VF_REQUIRED, 0, 0, delegation_categories},
	{"inviter", "邀请单位", V_STRING, VF_REQUIRED, 1, 200, NULL},
	{"inviter_type", "邀请单位类别", V_ENUM, 0, 0, 0, delegation_inviter_types},
	{"inviter_country", "邀请单位所在国家(地区)", V_STRING, VF_NULLABLE, 2, 2, NULL},
	{"budget_source", "经费来源", V_ENUM, VF_NULLABLE, 0, 0, budget_sources},
	{"depart_date", "出发日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"return_date", "回国日期", V_DATE, VF_REQUIRED, 0, 0, NULL},
	{"destinations", "行程", V_ARRAY, VF_REQUIRED, 1, TRIP_MAX_DESTINATIONS, NULL},
	{"members", "团组成员", V_ARRAY, VF_REQUIRED, 1, TRIP_MAX_MEMBERS, NULL},
	{"budget_cny", "经费预算(元)", V_MONEY, VF_REQUIRED, 0, 0, NULL},
	{"official_days", "实质性公务活动天数", V_INT, VF_NULLABLE, 0, 365, NULL},
	{"out_of_plan_reason", "计划外理由", V_STRING, VF_NULLABLE, 1, 1000, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

/* What a past year's record may lack (its sheets often have no task or inviter, or only a head count). */
static const char *const past_may_lack[] = {"task", "inviter", "members", NULL};

static const struct vfield destination_fields[] = {
	{"country", "国家(地区)", V_STRING, VF_REQUIRED, 2, 2, NULL},
	{"city", "城市", V_STRING, VF_REQUIRED, 1, 100, NULL},
	{"days", "停留天数", V_INT, VF_REQUIRED, 1, 365, NULL},
	{"transit", "经停(不出机场)", V_BOOL, 0, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static const struct vfield member_fields[] = {
	{"person_id", "出访人员", V_ID, VF_REQUIRED, 0, 0, NULL},
	{"is_leader", "团长", V_BOOL, 0, 0, 0, NULL},
	{NULL, NULL, V_STRING, 0, 0, 0, NULL},
};

static bool listed(const char *const *names, const char *name)
{
	for (; *names; names++)
		if (strcmp(*names, name) == 0)
			return true;
	return false;
}

/* The required fields of the table present, but those a past record may lack (validate_fields' wording). */
static int require_past(json_t *body, struct op_error *err)
{
	const struct vfield *f;
	char en[160], zh[200];

	for (f = trip_fields; f->name; f++) {
		json_t *v = json_object_get(body, f->name);

		if (!(f->flags & VF_REQUIRED) || listed(past_may_lack, f->name) || (v && !json_is_null(v)))
			continue;
		snprintf(en, sizeof(en), "field '%s' is required", f->name);
		snprintf(zh, sizeof(zh), "缺少必填项「%s」", f->label_zh);
		return op_fail(err, 422, "required", f->name, en, zh);
	}
	return 0;
}

static int check_country(const char *code, const char *field, struct op_error *err)
{
	if (!country_valid(code))
		return op_invalid(err, field, "unknown country or region (ISO 3166 code such as DE)",
				  "国家(地区)代码无效(ISO 3166 代码,如 DE)");
	return 0;
}

static int check_destinations(json_t *dests, struct op_error *err)
{
	json_t *d;
	size_t i;
	int rc;

	json_array_foreach(dests, i, d) {
		if (!json_is_object(d))
			return op_invalid(err, "destinations", "each destination is an object", "每一站行程必须是对象");
		rc = validate_fields(d, destination_fields, false, err);
		if (!rc)
			rc = check_country(json_string_value(json_object_get(d, "country")), "destinations", err);
		if (rc)
			return rc;
		if (country_is_china(json_string_value(json_object_get(d, "country"))))
			return op_invalid(err, "destinations",
					  "China itself is no destination (Hong Kong, Macao and Taiwan are: HK, MO, TW)",
					  "出访目的地不能是中国(赴港澳台请选择中国香港、中国澳门或中国台湾)");
	}
	return 0;
}

static int check_members(struct db *db, const struct actor *who, json_t *members, struct op_error *err)
{
	json_t *m, *other;
	size_t i, j;
	int leaders = 0, rc;

	json_array_foreach(members, i, m) {
		if (!json_is_object(m))
			return op_invalid(err, "members", "each member is an object", "每位成员必须是对象");
		rc = validate_fields(m, member_fields, false, err);
		if (rc)
			return rc;
		leaders += json_is_true(json_object_get(m, "is_leader"));
		json_array_foreach(members, j, other) {
			if (j < i && json_equal(json_object_get(other, "person_id"), json_object_get(m, "person_id")))
				return op_invalid(err, "members", "a person is listed twice", "成员重复");
		}
		rc = person_ref_check(db, who, json_integer_value(json_object_get(m, "person_id")), "members", err);
		if (rc)
			return rc;
	}
	if (leaders != 1)
		return op_invalid(err, "members", "name exactly one member as leader", "须指定且只能指定一名团长");
	return 0;
}

/* Dates in order; the stops fit between departure and return. */
static int check_dates(json_t *body, json_t *before, struct op_error *err)
{
	json_t *dv = json_object_get(body, "depart_date"), *rv = json_object_get(body, "return_date");
	json_t *dests = json_object_get(body, "destinations"), *d;
	const char *depart = json_string_value(dv ? dv : json_object_get(before, "depart_date"));
	const char *ret = json_string_value(rv ? rv : json_object_get(before, "return_date"));
	int64_t total = 0;
	size_t i;

	if (!depart || !ret)
		return 0;
	if (strcmp(ret, depart) < 0)
		return op_invalid(err, "return_date", "the return comes after the departure", "回国日期不能早于出发日期");
	json_array_foreach(dests, i, d)
		total += json_integer_value(json_object_get(d, "days"));
	if (dests && total > date_span_days(depart, ret))
		return op_invalid(err, "destinations", "the stops have more days than the trip",
				  "各站停留天数之和超过出访天数");
	return 0;
}

int trip_body_check(struct db *db, const struct actor *who, json_t *body, json_t *before, bool past,
		    struct op_error *err)
{
	json_t *inviter_country = json_object_get(body, "inviter_country");
	int rc = validate_fields(body, trip_fields, before != NULL || past, err);

	if (!rc && past && !before)
		rc = require_past(body, err);
	if (!rc)
		rc = unit_ref_check(db, who, body, "unit_id", err);
	if (!rc)
		rc = check_destinations(json_object_get(body, "destinations"), err);
	if (!rc && json_is_string(inviter_country))
		rc = check_country(json_string_value(inviter_country), "inviter_country", err);
	if (!rc && json_object_get(body, "members"))
		rc = check_members(db, who, json_object_get(body, "members"), err);
	if (!rc)
		rc = check_dates(body, before, err);
	return rc;
}

int trip_body_write_children(struct db *db, int64_t id, json_t *body)
{
	json_t *dests = json_object_get(body, "destinations"), *members = json_object_get(body, "members"), *v;
	size_t i;
	int rc = DB_OK;

	if (dests) {
		rc = db_execf(db, "DELETE FROM delegation_destinations WHERE delegation_id = ?", "i", id);
		json_array_foreach(dests, i, v) {
			if (rc != DB_OK)
				break;
			rc = db_execf(db,
				      "INSERT INTO delegation_destinations (delegation_id, position, country, city, days, transit)"
				      " VALUES (?, ?, ?, ?, ?, ?)",
				      "iittii", id, (int64_t)i + 1, json_string_value(json_object_get(v, "country")),
				      json_string_value(json_object_get(v, "city")),
				      (int64_t)json_integer_value(json_object_get(v, "days")),
				      (int64_t)json_is_true(json_object_get(v, "transit")));
		}
	}
	if (members && rc == DB_OK) {
		rc = db_execf(db, "DELETE FROM delegation_members WHERE delegation_id = ?", "i", id);
		json_array_foreach(members, i, v) {
			if (rc != DB_OK)
				break;
			rc = db_execf(db, "INSERT INTO delegation_members (delegation_id, person_id, is_leader) VALUES (?, ?, ?)",
				      "iii", id, (int64_t)json_integer_value(json_object_get(v, "person_id")),
				      (int64_t)json_is_true(json_object_get(v, "is_leader")));
		}
	}
	return rc;
}
