/*
 * state.h - one state move of a register record (a document application, a
 * visa, an invitation), knowing no HTTP: the same path as trip_act for
 * records that are not trips.
 *
 * Inside the caller's write transaction: load the record as it is now (404),
 * judge the actor's unit (403), the expected version (409 stale), the state
 * (409 invalid_transition naming the state found), the move's body (422)
 * and its own check, apply the change, advance the version as a
 * compare-and-set, reload and audit before/after. Two requests at once end
 * as if they ran one after the other: the second finds the state the first
 * left and is refused.
 */
#ifndef WAISHI_STATE_H
#define WAISHI_STATE_H

#include "db.h"
#include "op.h"
#include "validate.h"

#include <jansson.h>

struct state_record {
	const char *entity;     /* audit entity, e.g. "visa" */
	const char *table;      /* has id, status, version */
	const char *unit_field; /* field of the loaded record naming its unit (scope) */
	/* The record as answered and audited (caller owns it); NULL with *rc DB_DONE when absent. */
	json_t *(*load)(struct db *db, int64_t id, int *rc);
	/* The Chinese label of a state, for messages. */
	const char *(*status_zh)(const char *status);
};

/* One move being judged and applied. */
struct state_op {
	struct db *db;
	const struct actor *who;
	int64_t id;
	json_t *args;    /* the move's body; never NULL */
	json_t *current; /* the record as it is inside the transaction */
	struct op_error *err;
	void *ctx;       /* the module's own data */
};

struct state_move {
	const char *action;       /* audit action, e.g. "submit" */
	const char *name_zh;      /* for "cannot <move>" messages, e.g. "递交" */
	const char *const *from;  /* allowed states, NULL terminated */
	const struct vfield *fields; /* the body, or NULL for none */
	int (*check)(struct state_op *op); /* 0 or the status of the error put in op->err; may be NULL */
	int (*apply)(struct state_op *op); /* DB_OK, a DB_* failure or RECORD_CONFLICT (record.h) */
};

/* Inside the caller's transaction (the demo, a larger operation): 0 with *out the record after, or the error's status. */
__attribute__((warn_unused_result)) int state_move_in(struct db *db, const struct actor *who,
						      const struct state_record *rec, const struct state_move *m,
						      int64_t id, json_t *args, int64_t expected_version, void *ctx,
						      json_t **out, struct op_error *err);

/* state_move_in in its own write transaction: committed on success, nothing written on error. */
__attribute__((warn_unused_result)) int state_move(struct db *db, const struct actor *who,
						   const struct state_record *rec, const struct state_move *m, int64_t id,
						   json_t *args, int64_t expected_version, void *ctx, json_t **out,
						   struct op_error *err);



/* The string `key` of a JSON object; NULL when absent. */
const char *state_str(json_t *o, const char *key);

#endif
