/*
 * report_draft_api.h - the routes of the work report's drafts (what they
 * are and how they change: report_draft.h). Office roles and viewers read
 * drafts; unit users do not (the route table). A write based on an old
 * `version` (body or If-Match) is refused with 409 stale.
 */
#ifndef WAISHI_REPORT_DRAFT_API_H
#define WAISHI_REPORT_DRAFT_API_H

#include "http.h"

int report_draft_list(struct request *req, struct response *res);     /* GET /report-drafts */
int report_draft_create(struct request *req, struct response *res);   /* POST /report-drafts {from, to} */
int report_draft_get(struct request *req, struct response *res);      /* GET /report-drafts/{id}[?format=docx|pdf] */
int report_draft_update(struct request *req, struct response *res);   /* PATCH {version?, title?, paragraphs?, add?} */
int report_draft_refresh(struct request *req, struct response *res);  /* POST /{id}/refresh {version?} */
int report_draft_finalize(struct request *req, struct response *res); /* POST /{id}/finalize {version?} */
int report_draft_reopen(struct request *req, struct response *res);   /* POST /{id}/reopen {version?} */
int report_draft_versions(struct request *req, struct response *res); /* GET /{id}/versions */
int report_draft_version(struct request *req, struct response *res);  /* GET /{id}/versions/{n} */

#endif
