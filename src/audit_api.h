/*
 * audit_api.h - the audit trail from a request: audit_record writes an entry
 * (audit_write) whose actor is the request's caller; the log's route.
 */
#ifndef WAISHI_AUDIT_API_H
#define WAISHI_AUDIT_API_H

#include "audit.h"
#include "http.h"

/* Append one entry with the actor taken from the request; inside the caller's transaction. */
__attribute__((warn_unused_result)) int audit_record(struct request *req, const char *action, const char *entity,
						     int64_t entity_id, json_t *before, json_t *after);

/* GET /api/v1/audit?entity=&entity_id=&user=&action=&from=&to= */
int audit_list(struct request *req, struct response *res);

#endif
