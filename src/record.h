/*
 * record.h - the shared create/read/change path of one record, knowing no
 * HTTP, so every module loads, writes and audits the same way:
 *   read one (404 when absent, 403 outside the actor's units),
 *   insert, or change an existing record inside one write transaction that
 *   also judges it (state, gating rules, version) and writes the audit entry
 *   (before/after as stored), giving back the stored record.
 * Each operation takes the database, the actor and plain arguments and
 * returns 0 or the status of the typed error it filled in (op.h). The HTTP
 * handlers reach them through record_api.h.
 *
 * Concurrency: every change of an existing record goes through
 * record_apply/record_write. The record is read *after* the write
 * transaction began (db_begin takes the write lock), so the guard judges the
 * record as it is when the change is applied; the change then advances the
 * record's version as a compare-and-set (exactly one row must match). Two
 * requests at once therefore end as if they ran one after the other.
 */
#ifndef WAISHI_RECORD_H
#define WAISHI_RECORD_H

#include "db.h"
#include "op.h"
#include "validate.h"

#include <jansson.h>

struct record_def {
	const char *entity;          /* audit entity name, e.g. "unit" */
	const char *table;           /* SQL table; has an integer `version` column */
	const char *select_one;      /* SELECT ... WHERE x.id = ? (one integer parameter) */
	const char *const *columns;  /* writable columns, NULL terminated */
	const char *unit_field;      /* field of the record holding its unit, for scope; NULL for none */
	/* The record as answered and audited, when more than select_one (e.g. a trip with its members). */
	json_t *(*detail)(struct db *db, int64_t id, int *rc);
};

/* A change function's answer when its compare-and-set matched no row: 409 conflict. */
#define RECORD_CONFLICT (-100)

/* What a record's body must be: its field table and its own check (NULL for none). */
struct record_rules {
	const struct vfield *fields; /* create; an edit checks the same fields, partially */
	/*
	 * The register's own checks after the fields: `before` is the record as
	 * stored for an edit, NULL for a new one. 0, or the status of the error
	 * filled into err.
	 */
	int (*check)(struct db *db, const struct actor *who, json_t *body, json_t *before, struct op_error *err);
};

/* A body judged by `rules` as `who`: the fields (partially for an edit), then the check. 0 or the error's status. */
int record_rules_judge(const struct record_rules *rules, struct db *db, const struct actor *who, json_t *body,
		       json_t *before, bool partial, struct op_error *err);

/* One change being judged and applied, inside record_apply's write transaction. */
struct record_op {
	struct db *db;
	const struct actor *who;
	int64_t id;
	json_t *current;      /* the record as it is now (detail when the def has one); borrowed */
	void *arg;            /* the caller's */
	struct op_error *err; /* where a guard puts its refusal */
};

/* Judges the record as it is: 0 to go on, else the status of the refusal put in op->err. */
typedef int (*record_guard_fn)(struct record_op *op);
/* The change itself: DB_OK, a DB_* failure or RECORD_CONFLICT. */
typedef int (*record_change_fn)(struct record_op *op);

/* What record_apply does: the audit action, the guard (may be NULL), the change (may be NULL), their argument. */
struct record_edit {
	const char *action;
	record_guard_fn guard;
	record_change_fn change;
	void *arg;
};

/* Read record `id` as `who` may see it: 0 with *out (caller owns it), else 404, 403 or the database failure. */
__attribute__((warn_unused_result)) int record_read(struct db *db, const struct actor *who,
						    const struct record_def *def, int64_t id, json_t **out,
						    struct op_error *err);

/* Insert `values` (column names as keys) and audit "create", in one transaction: 0 with *out the record stored. */
__attribute__((warn_unused_result)) int record_insert(struct db *db, const struct actor *who,
						      const struct record_def *def, json_t *values, json_t **out,
						      struct op_error *err);

/*
 * Change record `id` in one write transaction: read it as it is now
 * (404/403), refuse a stale `expected_version` (0: none given; 409 stale),
 * run the guard, the change, advance the version (compare-and-set; 409
 * conflict when it moved), reread, audit the action with before/after,
 * commit. 0 with *out the record stored; on any refusal or failure nothing
 * is written.
 */
__attribute__((warn_unused_result)) int record_apply(struct db *db, const struct actor *who,
						     const struct record_def *def, int64_t id, int64_t expected_version,
						     const struct record_edit *edit, json_t **out, struct op_error *err);

/* record_apply whose change is writing `values` into def->columns (guard and arg as in record_edit). */
__attribute__((warn_unused_result)) int record_write(struct db *db, const struct actor *who,
						     const struct record_def *def, int64_t id, int64_t expected_version,
						     json_t *values, const char *action, record_guard_fn guard, void *arg,
						     json_t **out, struct op_error *err);

/*
 * A new record from `body`, judged by `rules` inside the write transaction
 * that stores `values` (the body as columns) and audits it: 0 with *out the
 * record stored; a refusal (422, 403, 409) writes nothing.
 */
__attribute__((warn_unused_result)) int record_create_judged(struct db *db, const struct actor *who,
							     const struct record_def *def,
							     const struct record_rules *rules, json_t *body,
							     json_t *values, json_t **out, struct op_error *err);
/*
 * record_create_judged inside a write transaction the caller opened and
 * ends (the demo fills a new database in one): judged, stored, audited, or
 * the refusal; the caller rolls back on any error.
 */
__attribute__((warn_unused_result)) int record_create_judged_in(struct db *db, const struct actor *who,
								const struct record_def *def,
								const struct record_rules *rules, json_t *body,
								json_t *values, json_t **out, struct op_error *err);
/* An edit of record `id` with a partial `body`, judged by `rules` against the record as it is inside record_write. */
__attribute__((warn_unused_result)) int record_update_judged(struct db *db, const struct actor *who,
							     const struct record_def *def,
							     const struct record_rules *rules, int64_t id,
							     int64_t expected_version, json_t *body, json_t *values,
							     json_t **out, struct op_error *err);

/*
 * Delete record `id` in one write transaction: read it as it is now
 * (404/403, 409 stale), delete, audit "delete" with the record before.
 * 0 when deleted; 409 referenced when other records still refer to it.
 */
__attribute__((warn_unused_result)) int record_remove(struct db *db, const struct actor *who,
						      const struct record_def *def, int64_t id, int64_t expected_version,
						      struct op_error *err);

/*
 * The compare-and-set every change ends with: `table`'s row `id` from
 * `version` (read in this transaction) to version + 1. DB_OK, or
 * RECORD_CONFLICT when the row is no longer at that version.
 */
__attribute__((warn_unused_result)) int record_advance_version(struct db *db, const char *table, int64_t id,
							       int64_t version);

#endif
