/*
 * record_api.h - the record operations of record.h for a handler: the actor
 * is the request's caller, the expected version comes from the body's
 * "version" or an If-Match header, and an operation's error or result is
 * put into the response.
 */
#ifndef WAISHI_RECORD_API_H
#define WAISHI_RECORD_API_H

#include "http.h"
#include "record.h"

/* record_read as the caller: 0 with *out; else the status of the error put in res (404, 403, 5xx). */
int record_load(struct request *req, struct response *res, const struct record_def *def, int64_t id, json_t **out);

/*
 * The version an edit was based on: the body's integer field "version", or
 * an If-Match header ("3", "\"3\"" or W/"3"). 0 when the caller gave none;
 * -1 when one was given but is not a version (answered 422 by the callers).
 */
int64_t record_expected_version(struct request *req);
/* record_expected_version for a handler: 0 with *version set (0: none given), or 422 put in res. */
int record_version_arg(struct request *req, struct response *res, int64_t *version);

/* record_insert as the caller; answers 201 with the record. */
int record_create(struct request *req, struct response *res, const struct record_def *def, json_t *values);

/* record_create_judged as the caller, the body the request's: 201 with the record, or the refusal. */
int record_create_as(struct request *req, struct response *res, const struct record_def *def,
		     const struct record_rules *rules, json_t *values);
/* record_update_judged as the caller, at the version the request names: 200 with the record, or the refusal. */
int record_update_as(struct request *req, struct response *res, const struct record_def *def,
		     const struct record_rules *rules, int64_t id, json_t *values);

/* record_apply as the caller, at the version the request names; answers 200 with the record. */
int record_change(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  const char *action, record_guard_fn guard, record_change_fn fn, void *arg);

/* record_write as the caller; answers 200 with the record. */
int record_update(struct request *req, struct response *res, const struct record_def *def, int64_t id,
		  json_t *values, const char *action, record_guard_fn guard, void *arg);

/* record_remove as the caller: 0 when deleted (the caller answers); else the status put in res. */
int record_delete(struct request *req, struct response *res, const struct record_def *def, int64_t id);

#endif
