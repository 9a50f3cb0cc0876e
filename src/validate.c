/*
 * validate.c - request body validation against field rules (see validate.h).
 */
#include "validate.h"

#include "http.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int validate_fail(struct request *req, struct response *res, const char *field, const char *msg_en,
		  const char *msg_zh)
{
	return http_error(req, res, 422, "invalid", field, msg_en, msg_zh);
}

int validate_body(struct request *req, struct response *res, json_t *body, const struct vfield *fields,
		  bool partial)
{
	struct op_error err;

	return validate_fields(body, fields, partial, &err) ? http_error_op(req, res, &err) : 0;
}

static const char *type_name_en(enum vtype t)
{
	static const char *const names[] = {"a string", "an integer", "a record id", "true or false", "a date (YYYY-MM-DD)",
					    "one of the allowed values", "an amount in yuan", "an array", "an object"};
	return names[t];
}

static const char *type_name_zh(enum vtype t)
{
	static const char *const names[] = {"字符串", "整数", "记录编号", "true 或 false", "日期(YYYY-MM-DD)",
					    "允许的取值之一", "金额(元)", "数组", "对象"};
	return names[t];
}

static int fail_type(struct op_error *err, const struct vfield *f)
{
	char en[160], zh[200];

	snprintf(en, sizeof(en), "field '%s' must be %s", f->name, type_name_en(f->type));
	snprintf(zh, sizeof(zh), "「%s」必须是%s", f->label_zh, type_name_zh(f->type));
	return op_invalid(err, f->name, en, zh);
}

static int fail_range(struct op_error *err, const struct vfield *f, const char *unit_en, const char *unit_zh)
{
	char en[200], zh[200];

	snprintf(en, sizeof(en), "field '%s' must be between %lld and %lld%s", f->name, (long long)f->min,
		 (long long)f->max, unit_en);
	snprintf(zh, sizeof(zh), "「%s」必须在 %lld 到 %lld%s之间", f->label_zh, (long long)f->min, (long long)f->max,
		 unit_zh);
	return op_invalid(err, f->name, en, zh);
}

static int check_string(struct op_error *err, const struct vfield *f, json_t *v)
{
	long n;

	if (!json_is_string(v))
		return fail_type(err, f);
	n = util_utf8_length(json_string_value(v));
	if (n < 0 || (size_t)strlen(json_string_value(v)) != json_string_length(v))
		return fail_type(err, f);
	if (n < f->min || n > f->max)
		return fail_range(err, f, " characters", " 个字");
	return 0;
}

static int check_value(struct op_error *err, const struct vfield *f, json_t *v)
{
	int64_t fen;

	switch (f->type) {
	case V_STRING:
		return check_string(err, f, v);
	case V_INT:
		if (!json_is_integer(v))
			return fail_type(err, f);
		if (json_integer_value(v) < f->min || json_integer_value(v) > f->max)
			return fail_range(err, f, "", "");
		return 0;
	case V_ID:
		return json_is_integer(v) && json_integer_value(v) > 0 ? 0 : fail_type(err, f);
	case V_BOOL:
		return json_is_boolean(v) ? 0 : fail_type(err, f);
	case V_DATE:
		return json_is_string(v) && util_valid_date(json_string_value(v)) ? 0 : fail_type(err, f);
	case V_ENUM:
		return json_is_string(v) && util_in_list(json_string_value(v), f->choices) ? 0 : fail_type(err, f);
	case V_MONEY:
		return util_money_to_fen(v, &fen) ? 0 : fail_type(err, f);
	case V_ARRAY:
		if (!json_is_array(v))
			return fail_type(err, f);
		if ((int64_t)json_array_size(v) < f->min || (int64_t)json_array_size(v) > f->max)
			return fail_range(err, f, " elements", " 项");
		return 0;
	case V_OBJECT:
		return json_is_object(v) ? 0 : fail_type(err, f);
	}
	return fail_type(err, f);
}

static const struct vfield *find_field(const struct vfield *fields, const char *name)
{
	for (; fields->name; fields++)
		if (strcmp(fields->name, name) == 0)
			return fields;
	return NULL;
}

/* The body against the fields; unless partial, every required field but `optional` (NULL: none) present. */
static int judge(json_t *body, const struct vfield *fields, bool partial, const char *optional, struct op_error *err)
{
	const struct vfield *f;
	const char *key;
	json_t *v;
	char en[160], zh[200];
	int rc;

	json_object_foreach(body, key, v) {
		f = find_field(fields, key);
		if (!f && strcmp(key, "version") == 0)
			continue; /* the version an edit was based on: judged by record_change */
		if (!f) {
			snprintf(en, sizeof(en), "unknown field '%.60s'", key);
			snprintf(zh, sizeof(zh), "未知字段「%.60s」", key);
			return op_fail(err, 422, "unknown_field", key, en, zh);
		}
		if (json_is_null(v)) {
			if (f->flags & VF_NULLABLE)
				continue;
			if (f->flags & VF_REQUIRED)
				goto missing;
			return fail_type(err, f);
		}
		rc = check_value(err, f, v);
		if (rc)
			return rc;
	}
	if (partial)
		return 0;
	for (f = fields; f->name; f++) {
		if (!(f->flags & VF_REQUIRED) || (optional && strcmp(f->name, optional) == 0))
			continue;
		v = json_object_get(body, f->name);
		if (!v || json_is_null(v))
			goto missing;
	}
	return 0;
missing:
	snprintf(en, sizeof(en), "field '%s' is required", f->name);
	snprintf(zh, sizeof(zh), "缺少必填项「%s」", f->label_zh);
	return op_fail(err, 422, "required", f->name, en, zh);
}

int validate_fields(json_t *body, const struct vfield *fields, bool partial, struct op_error *err)
{
	return judge(body, fields, partial, NULL, err);
}

int validate_fields_except(json_t *body, const struct vfield *fields, const char *optional, struct op_error *err)
{
	return judge(body, fields, false, optional, err);
}
