/*
 * record.h - the shared create/read/update path of one record, so every
 * module loads, writes and audits the same way:
 *   load one (404 when absent, 403 outside the caller's unit),
 *   insert or update inside one transaction with the audit entry
 *   (before/after as stored), answering the stored record.
 * A module keeps its own checks (validation, references, states) and calls
 * these with its `struct record_def`.
 */
#ifndef WAISHI_RECORD_H
#define WAISHI_RECORD_H

#include "http.h"

struct record_def {
	const char *entity;          /* audit entity name, e.g. "unit" */
	const char *table;           /* SQL table */
	const char *select_one;      /* SELECT ... WHERE x.id = ? (one integer parameter) */
	const char *const *columns;  /* writable columns, NULL terminated */
	const char *unit_field;      /* field of the record holding its unit, for scope; NULL for none */
};

/*
 * Load record `id` into *out. 0 on success; else the status of the error
 * put in res (404 absent, 403 other unit, 5xx database).
 */
int record_load(struct request *req, struct response *res, const struct record_def *def, int64_t id, json_t **out);

/* Insert `values` (column names as keys), audit "create", answer 201 with the record. */
int record_create(struct request *req, struct response *res, const struct record_def *def, json_t *values);

/* Update record id with `values`, audit `action` with before/after, answer 200. */
int record_update(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *before, json_t *values, const char *action);

/*
 * Run `fn` inside a transaction that also writes the audit entry for
 * (action, def->entity, id, before, after-as-reloaded); answers 200 with the
 * record. For state changes that are not a plain column update.
 */
/*
 * End the transaction a handler opened: commit when rc is DB_OK, else roll
 * back. 0 when committed; otherwise the status of the error put in res.
 */
int record_commit(struct request *req, struct response *res, int rc);

typedef int (*record_change_fn)(struct request *req, void *arg);
int record_change(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *before, const char *action, record_change_fn fn, void *arg);

#endif
