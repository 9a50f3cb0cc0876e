/*
 * op.c - the typed error of domain operations (see op.h).
 */
#include "op.h"

#include "db.h"

#include <stdio.h>

int64_t actor_scope_unit(int role, int64_t unit_id)
{
	if (role != ROLE_UNIT)
		return 0;
	return unit_id > 0 ? unit_id : -1;
}

bool actor_sees_unit(const struct actor *a, int64_t unit_id)
{
	int64_t scope = actor_scope_unit(a->role, a->unit_id);

	return scope == 0 || (scope > 0 && unit_id == scope);
}

int op_fail(struct op_error *err, int status, const char *code, const char *field, const char *en, const char *zh)
{
	err->status = status;
	err->code = code;
	err->field = field;
	snprintf(err->en, sizeof(err->en), "%s", en);
	snprintf(err->zh, sizeof(err->zh), "%s", zh);
	return status;
}

int op_fail_db(struct op_error *err, int dbrc)
{
	if (dbrc == DB_CONSTRAINT)
		return op_fail(err, 409, "duplicate", NULL, "a record with the same key already exists or is still referenced",
			       "已存在相同的记录,或该记录仍被引用");
	if (dbrc == DB_BUSY)
		return op_fail(err, 503, "busy", NULL, "the database is busy, please try again", "数据库繁忙,请稍后重试");
	return op_fail(err, 500, "internal", NULL, "internal error, the request was not carried out",
		       "服务器内部错误,请求未执行");
}

int op_not_found(struct op_error *err)
{
	return op_fail(err, 404, "not_found", NULL, "no such record", "记录不存在");
}

int op_stale(struct op_error *err, int64_t current)
{
	char en[160], zh[160];

	snprintf(en, sizeof(en), "the record was changed by someone else (now version %lld); reload and try again",
		 (long long)current);
	snprintf(zh, sizeof(zh), "该记录已被他人修改(当前版本 %lld),请刷新后重试", (long long)current);
	return op_fail(err, 409, "stale", "version", en, zh);
}

int op_invalid(struct op_error *err, const char *field, const char *en, const char *zh)
{
	return op_fail(err, 422, "invalid", field, en, zh);
}
