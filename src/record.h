/*
 * record.h - the shared create/read/update path of one record, so every
 * module loads, writes and audits the same way:
 *   load one (404 when absent, 403 outside the caller's units),
 *   insert, or change an existing record inside one write transaction that
 *   also judges it (state, gating rules, version) and writes the audit entry
 *   (before/after as stored), answering the stored record.
 *
 * Concurrency: every change of an existing record goes through
 * record_change/record_update. The record is loaded *after* the write
 * transaction began (db_begin takes the write lock), so the guard judges the
 * record as it is when the change is applied; the change then advances the
 * record's version as a compare-and-set (exactly one row must match). Two
 * requests at once therefore end as if they ran one after the other.
 */
#ifndef WAISHI_RECORD_H
#define WAISHI_RECORD_H

#include "http.h"

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

/*
 * Load record `id` into *out. 0 on success; else the status of the error
 * put in res (404 absent, 403 other unit, 5xx database).
 */
int record_load(struct request *req, struct response *res, const struct record_def *def, int64_t id, json_t **out);

/*
 * The version an edit was based on: the body's integer field "version", or
 * an If-Match header ("3", "\"3\"" or W/"3"). 0 when the caller gave none;
 * -1 when one was given but is not a version (answered 422 by the callers).
 */
int64_t record_expected_version(struct request *req);
/* record_expected_version for a handler: 0 with *version set (0: none given), or 422 put in res. */
int record_version_arg(struct request *req, struct response *res, int64_t *version);

/*
 * The compare-and-set every change ends with: `table`'s row `id` from
 * `version` (read in this transaction) to version + 1. DB_OK, or
 * RECORD_CONFLICT when the row is no longer at that version.
 */
__attribute__((warn_unused_result)) int record_advance_version(struct db *db, const char *table, int64_t id,
							       int64_t version);

/* Insert `values` (column names as keys), audit "create", answer 201 with the record. */
int record_create(struct request *req, struct response *res, const struct record_def *def, json_t *values);

/*
 * Judges the record as it is inside the write transaction: 0 to go on,
 * else the HTTP status of the refusal it put in res. `current` is the
 * record (detail when the def has one); borrowed.
 */
typedef int (*record_guard_fn)(struct request *req, struct response *res, json_t *current, void *arg);
/* The change itself, inside the transaction: DB_OK, a DB_* failure or RECORD_CONFLICT. */
typedef int (*record_change_fn)(struct request *req, void *arg);

/*
 * Change record `id` in one write transaction: load it as it is now
 * (404/403), refuse a stale expected version (409 stale), run `guard` (may
 * be NULL), run `fn`, advance the version (compare-and-set), reload, audit
 * `action` with before/after, commit; answer 200 with the record. On any
 * refusal or failure nothing is written.
 */
int record_change(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  const char *action, record_guard_fn guard, record_change_fn fn, void *arg);

/* record_change whose change is writing `values` into def->columns. */
int record_update(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *values, const char *action, record_guard_fn guard, void *arg);

/*
 * Delete record `id` in one write transaction: load it as it is now
 * (404/403, 409 stale), delete, audit "delete" with the record before.
 * 0 when deleted (the caller answers); else the status put in res - 409
 * referenced when other records still refer to it.
 */
int record_delete(struct request *req, struct response *res, const struct record_def *def, int64_t id);

/*
 * End the transaction a handler opened: commit when rc is DB_OK, else roll
 * back. 0 when committed; otherwise the status of the error put in res.
 */
int record_commit(struct request *req, struct response *res, int rc);

#endif
