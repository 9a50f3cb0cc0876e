/*
 * register_rules.c - judging a register's body by its rules, and the checks
 * several registers share (see register_rules.h).
 */
#include "register_rules.h"

#include "country.h"

#include <stdio.h>
#include <string.h>

int register_check_sister_city(struct db *db, json_t *body, struct op_error *err)
{
	json_t *v = json_object_get(body, "sister_city_id");
	int64_t n = 0;
	int rc;

	if (!json_is_integer(v))
		return 0;
	rc = db_query_int(db, &n, "SELECT COUNT(*) FROM sister_cities WHERE id = ?", "i", (int64_t)json_integer_value(v));
	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return n ? 0 : op_invalid(err, "sister_city_id", "no such sister city", "友好城市不存在");
}

int register_check_country(json_t *body, const char *field, struct op_error *err)
{
	json_t *v = json_object_get(body, field);

	if (!json_is_string(v) || country_valid(json_string_value(v)))
		return 0;
	return op_invalid(err, field, "unknown country or region (ISO 3166 code such as FR)",
			  "国家(地区)代码无效(ISO 3166 代码,如 FR)");
}

int register_check_order(json_t *body, json_t *before, const char *first, const char *second, struct op_error *err)
{
	json_t *a = json_object_get(body, first), *b = json_object_get(body, second);
	const char *x = json_string_value(a ? a : json_object_get(before, first));
	const char *y = json_string_value(b ? b : json_object_get(before, second));
	char en[160], zh[160];

	if (!x || !y || strcmp(x, y) <= 0)
		return 0;
	snprintf(en, sizeof(en), "'%s' cannot come before '%s'", second, first);
	snprintf(zh, sizeof(zh), "「%s」不能早于「%s」", second, first);
	return op_invalid(err, second, en, zh);
}
