/*
 * attachment.c - the rows of files kept with records, judged and written
 * as operations (see attachment.h).
 */
#include "attachment.h"

#include "case.h"
#include "delegation.h"
#include "letter.h"
#include "reception.h"
#include "sister_city.h"
#include "validate.h"

#include <string.h>

#define OFFICE_READ (ROLE_ADMIN | ROLE_OFFICER | ROLE_DIRECTOR | ROLE_VIEWER)

static const struct attachment_owner owners[] = {
	{"delegation", &delegation_def, ROLES_ALL, ROLE_ADMIN | ROLE_OFFICER | ROLE_UNIT | ROLE_COUNTY},
	{"letter", &letter_record, ROLES_ALL, ROLE_ADMIN | ROLE_OFFICER | ROLE_UNIT | ROLE_COUNTY},
	{"case", &case_record, OFFICE_READ, ROLE_ADMIN | ROLE_OFFICER},
	{"reception", &reception_record, OFFICE_READ | ROLE_UNIT | ROLE_COUNTY, ROLE_ADMIN | ROLE_OFFICER},
	{"exchange", &exchange_record, OFFICE_READ, ROLE_ADMIN | ROLE_OFFICER},
};

static const char *const attachment_columns[] = {"entity", "entity_id", "filename", "mime_type", "size_bytes",
						 "sha256", "uploaded_by", NULL};

const struct record_def attachment_record = {
	.entity = "attachment",
	.table = "attachments",
	.select_one = "SELECT " ATTACHMENT_COLUMNS " FROM attachments a JOIN users u ON u.id = a.uploaded_by WHERE a.id = ?",
	.columns = attachment_columns,
	.unit_field = NULL,
};

static int fail_forbidden(struct op_error *err)
{
	return op_fail(err, 403, "forbidden", NULL, "your role or unit may not do this", "您的角色或所属单位无权执行此操作");
}

const struct attachment_owner *attachment_owner_of(const struct actor *who, const char *entity,
						   struct op_error *err)
{
	size_t i;

	for (i = 0; entity && i < sizeof(owners) / sizeof(owners[0]); i++) {
		if (strcmp(owners[i].entity, entity) != 0)
			continue;
		if (owners[i].read_roles & who->role)
			return &owners[i];
		fail_forbidden(err);
		return NULL;
	}
	op_invalid(err, "entity", "entity must be delegation, letter, case, reception or exchange",
		   "entity 须为 delegation、letter、case、reception 或 exchange");
	return NULL;
}

int attachment_owner_check(struct db *db, const struct actor *who, const struct attachment_owner *owner,
			   int64_t entity_id, bool write, struct op_error *err)
{
	json_t *row = NULL;
	int status = record_read(db, who, owner->record, entity_id, &row, err);

	json_decref(row);
	if (!status && write && !(owner->write_roles & who->role))
		status = fail_forbidden(err);
	return status;
}

/* The file's record judged as it is now, inside the insert's transaction. */
static int check_owner(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err)
{
	const struct attachment_owner *o = attachment_owner_of(who, json_string_value(json_object_get(body, "entity")), err);

	(void)before;
	return o ? attachment_owner_check(db, who, o, json_integer_value(json_object_get(body, "entity_id")), true, err)
		 : err->status;
}

int attachment_add(struct db *db, const struct actor *who, const char *entity, int64_t entity_id,
		   const struct attachment_file *file, json_t **out, struct op_error *err)
{
	static const struct vfield fields[] = {
		{"entity", "所属记录类型", V_STRING, VF_REQUIRED, 1, 32, NULL},
		{"entity_id", "所属记录", V_ID, VF_REQUIRED, 0, 0, NULL},
		{NULL, NULL, V_STRING, 0, 0, 0, NULL},
	};
	static const struct record_rules rules = {fields, check_owner};
	json_t *body = json_pack("{s:s, s:I}", "entity", entity, "entity_id", (json_int_t)entity_id);
	json_t *values = json_pack("{s:s, s:I, s:s, s:s, s:I, s:s, s:I}", "entity", entity, "entity_id",
				   (json_int_t)entity_id, "filename", file->filename, "mime_type", file->mime_type,
				   "size_bytes", (json_int_t)file->size, "sha256", file->sha256, "uploaded_by",
				   (json_int_t)who->id);
	int status = body && values ? record_create_judged(db, who, &attachment_record, &rules, body, values, out, err)
				    : op_fail_db(err, DB_ERR);

	json_decref(body);
	json_decref(values);
	return status;
}

int attachment_read(struct db *db, const struct actor *who, int64_t id, json_t **out, struct op_error *err)
{
	const struct attachment_owner *o;
	int status = record_read(db, who, &attachment_record, id, out, err);

	if (status)
		return status;
	o = attachment_owner_of(who, json_string_value(json_object_get(*out, "entity")), err);
	if (!o)
		status = err->status == 403 ? 403 : op_not_found(err);
	else
		status = attachment_owner_check(db, who, o, json_integer_value(json_object_get(*out, "entity_id")), false,
						err);
	if (status) {
		json_decref(*out);
		*out = NULL;
	}
	return status;
}

int attachment_remove(struct db *db, const struct actor *who, int64_t id, struct op_error *err)
{
	json_t *row = NULL;
	int64_t gone = 0;
	int status, rc = db_begin(db);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = attachment_read(db, who, id, &row, err);
	if (!status) /* a compare-and-set: of two deletes at once, one finds the row gone */
		rc = db_query_int(db, &gone, "DELETE FROM attachments WHERE id = ? RETURNING id", "i", id);
	if (!status && rc == DB_OK)
		rc = op_audit(db, who, "delete", "attachment", id, row, NULL);
	if (!status && rc == DB_DONE) {
		status = op_not_found(err);
		rc = DB_OK;
	}
	json_decref(row);
	return op_finish(db, status, rc, err);
}
