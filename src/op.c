/*
 * op.c - the typed error of domain operations (see op.h).
 */
#include "op.h"

#include "audit.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

/* Indexed by the role's bit (enum role in op.h). */
static const char *const role_names[ROLE_COUNT] = {"admin", "officer", "reviewer", "director", "unit", "viewer", "county"};

const char *role_name(int role)
{
	size_t i;

	for (i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (role == (1 << i))
			return role_names[i];
	return "";
}

int role_from_name(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(name, role_names[i]) == 0)
			return 1 << i;
	return 0;
}

int64_t actor_scope_unit(int role, int64_t unit_id)
{
	if (role != ROLE_UNIT && role != ROLE_COUNTY)
		return 0;
	return unit_id > 0 ? unit_id : -1;
}

bool actor_scope_subtree(int role)
{
	return role == ROLE_COUNTY;
}

bool actor_scope_sql(int role, const char *column, char *out, size_t n)
{
	int len;

	if (!actor_scope_unit(role, 1))
		len = snprintf(out, n, "%s", "");
	else if (actor_scope_subtree(role))
		len = snprintf(out, n, "%s IN " UNIT_SUBTREE_SQL, column);
	else
		len = snprintf(out, n, "%s = ?", column);
	return len >= 0 && (size_t)len < n;
}

int actor_sees_unit(struct db *db, const struct actor *a, int64_t unit_id, bool *sees)
{
	int64_t scope = actor_scope_unit(a->role, a->unit_id), n = 0;
	int rc;

	*sees = scope == 0 || (scope > 0 && unit_id == scope);
	if (*sees || scope <= 0 || !actor_scope_subtree(a->role))
		return DB_OK;
	rc = db_query_int(db, &n, "SELECT COUNT(*) FROM units WHERE id = ? AND id IN " UNIT_SUBTREE_SQL, "ii", unit_id, scope);
	*sees = rc == DB_OK && n > 0;
	return rc;
}

int unit_under_county(struct db *db, int64_t unit_id, bool *under)
{
	int64_t n = 0;
	int rc = db_query_int(db, &n, "SELECT COUNT(*) FROM units WHERE id = ? AND id IN " UNITS_UNDER_COUNTY_SQL, "i",
			      unit_id);

	*under = rc == DB_OK && n > 0;
	return rc;
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

void op_field_prefix(struct op_error *err, const char *prefix)
{
	char name[sizeof(err->field_name)];

	snprintf(name, sizeof(name), "%s%s", prefix, err->field ? err->field : "");
	memcpy(err->field_name, name, sizeof(name));
	err->field = err->field_name;
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

int op_require_unit(struct db *db, const struct actor *a, int64_t unit_id, const char *field, const char *en,
		    const char *zh, struct op_error *err)
{
	bool sees = false;
	int rc = actor_sees_unit(db, a, unit_id, &sees);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	return sees ? 0 : op_fail(err, 403, "forbidden", field, en, zh);
}

int op_require_record_unit(struct db *db, const struct actor *a, int64_t unit_id, struct op_error *err)
{
	return op_require_unit(db, a, unit_id, NULL, "this record belongs to another unit", "该记录属于其他单位,无权访问",
			       err);
}

int op_finish(struct db *db, int status, int rc, struct op_error *err)
{
	if (!status && rc == DB_OK)
		rc = db_commit(db);
	if (!status && rc != DB_OK)
		status = op_fail_db(err, rc);
	if (status)
		db_rollback(db);
	return status;
}

int op_finish_out(struct db *db, int status, int rc, json_t **out, struct op_error *err)
{
	status = op_finish(db, status, rc, err);
	if (status) {
		json_decref(*out);
		*out = NULL;
	}
	return status;
}

int op_audit(struct db *db, const struct actor *who, const char *action, const char *entity, int64_t id,
		json_t *before, json_t *after)
{
	struct audit_actor a = {who->id, who->username, who->client_ip};

	return audit_write(db, &a, action, entity, id, before, after);
}
