/*
 * audit.h - the append-only audit trail.
 *
 * Every write records who (user, client address), when, what (action,
 * entity, id) and the record before and after, as JSON. Each entry carries
 * hash = SHA-256 of the previous entry's hash and its own content, so any
 * edit or deletion breaks the chain at that point; audit_verify() finds it.
 * An entry is written inside the caller's transaction, which already holds
 * the write lock, so the chain cannot fork. An entry whose actor is the
 * caller of a request, and the audit log's route: audit_api.h.
 */
#ifndef WAISHI_AUDIT_H
#define WAISHI_AUDIT_H

#include "db.h"

#include <jansson.h>

struct audit_actor {
	int64_t user_id; /* 0: none (command line, anonymous) */
	const char *username;
	const char *client_ip;
};

/* Append one entry; before/after may be NULL. Call inside a transaction. */
__attribute__((warn_unused_result)) int audit_write(struct db *db, const struct audit_actor *who,
						    const char *action, const char *entity, int64_t entity_id,
						    json_t *before, json_t *after);

/*
 * Walk the chain from the first entry. Returns DB_OK when it holds (then
 * *bad_id is 0), 1 when entry *bad_id does not match, DB_ERR on failure.
 */
int audit_verify(struct db *db, int64_t *bad_id, int64_t *checked);

#endif
