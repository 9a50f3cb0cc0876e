/*
 * doc_application.h - travel documents applied for on a person's behalf
 * (办照): an official passport (因公护照), a Hong Kong and Macao permit
 * (往来港澳通行证) or a Taiwan permit (大陆居民往来台湾通行证), new, renewed
 * or replacing a lost one, perhaps for a trip. Lifecycle:
 *   applied -submit-> submitted -issue-> issued | -refuse-> refused
 * Issuing creates the passport or permit in custody (passports table) in the
 * same transaction. Knows no HTTP: the handlers (travel_api.c) and the demo
 * call these operations.
 */
#ifndef WAISHI_DOC_APPLICATION_H
#define WAISHI_DOC_APPLICATION_H

#include "db.h"
#include "op.h"

#include <jansson.h>

extern const char *const docapp_kinds[];
extern const char *const docapp_statuses[];

enum docapp_move { DOCAPP_SUBMIT, DOCAPP_ISSUE, DOCAPP_REFUSE, DOCAPP_MOVE_COUNT };

/* The application as answered (with person_name, unit_id, delegation_code); NULL with *rc DB_DONE when absent. */
json_t *docapp_load(struct db *db, int64_t id, int *rc);

/*
 * Create an application from `body` {person_id, kind, reason, delegation_id?,
 * applied_on, notes?}: the person visible to `who`, the trip (if any) one of
 * theirs with the person a member, no open application of the same kind for
 * the person. docapp_create_in runs inside the caller's transaction.
 */
__attribute__((warn_unused_result)) int docapp_create(struct db *db, const struct actor *who, json_t *body,
						      json_t **out, struct op_error *err);
__attribute__((warn_unused_result)) int docapp_create_in(struct db *db, const struct actor *who, json_t *body,
							 json_t **out, struct op_error *err);

/*
 * Move application `id`: submit {date, submitted_to}, issue {date, number,
 * expiry_date, passport_kind (official passports: service |
 * official_ordinary)}, refuse {date, reason}. docapp_act_in runs inside the
 * caller's transaction.
 */
__attribute__((warn_unused_result)) int docapp_act(struct db *db, const struct actor *who, int64_t id,
						   enum docapp_move move, json_t *args, int64_t expected_version,
						   json_t **out, struct op_error *err);
__attribute__((warn_unused_result)) int docapp_act_in(struct db *db, const struct actor *who, int64_t id,
						      enum docapp_move move, json_t *args, int64_t expected_version,
						      json_t **out, struct op_error *err);

#endif
