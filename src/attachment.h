/*
 * attachment.h - files kept with a record (附件) as domain operations,
 * knowing no HTTP: which records a file can belong to and who may read or
 * add one there (the same permission as the record), and the row of a
 * stored file added or removed in one write transaction that judges its
 * record as it is, with its audit entry. The upload itself (the type read
 * by content, the file kept under its SHA-256) and the download are
 * attachment_api.c.
 */
#ifndef WAISHI_ATTACHMENT_H
#define WAISHI_ATTACHMENT_H

#include "db.h"
#include "op.h"
#include "record.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The kind of record a file can belong to, who may read them and who may add a file (as their routes allow). */
struct attachment_owner {
	const char *entity;
	const struct record_def *record;
	int read_roles;
	int write_roles;
};

/* The attachments as records (no scope of their own: their record's). */
extern const struct record_def attachment_record;
#define ATTACHMENT_COLUMNS                                                                                        \
	"a.id, a.entity, a.entity_id, a.filename, a.mime_type, a.size_bytes, a.sha256, a.uploaded_by,"            \
	" u.display_name AS uploaded_by_name, a.created_at"

/* The owner kind `entity` names, if `who` may read such records: else NULL with 422 (entity) or 403 in err. */
const struct attachment_owner *attachment_owner_of(const struct actor *who, const char *entity,
						   struct op_error *err);

/*
 * Record `entity_id` of `owner` as the database holds it now: 0 when it
 * exists and `who` sees it (and, when `write`, may add a file to it); else
 * 404, 403 or the database failure.
 */
int attachment_owner_check(struct db *db, const struct actor *who, const struct attachment_owner *owner,
			   int64_t entity_id, bool write, struct op_error *err);

/* The facts of a file already kept in the store. */
struct attachment_file {
	const char *filename;  /* cleaned: the last path component */
	const char *mime_type; /* as read from its content, an allowed type */
	const char *sha256;    /* its content's, the name it is kept under */
	int64_t size;
};

/*
 * The row of `file` for record `entity_id` of `entity`, judged inside the
 * write transaction that inserts and audits it (attachment_owner_of and
 * attachment_owner_check for writing): 0 with *out the row stored; a
 * refusal writes nothing.
 */
__attribute__((warn_unused_result)) int attachment_add(struct db *db, const struct actor *who, const char *entity,
						       int64_t entity_id, const struct attachment_file *file,
						       json_t **out, struct op_error *err);

/* Attachment `id` when `who` may read its record: 0 with *out (caller owns it), else 404, 403 or 5xx. */
__attribute__((warn_unused_result)) int attachment_read(struct db *db, const struct actor *who, int64_t id,
							json_t **out, struct op_error *err);

/* Remove the row of attachment `id` (the kept file stays: others may share its content), audited with the row. */
__attribute__((warn_unused_result)) int attachment_remove(struct db *db, const struct actor *who, int64_t id,
							  struct op_error *err);

#endif
