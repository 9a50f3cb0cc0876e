/*
 * report_draft_api.h - editable drafts of the work report (工作总结) with every
 * saved version.
 *
 * A draft is made from the generated report (work_report.h) of a period;
 * each paragraph keeps its `key`, its `text`, the `generated_text` and
 * whether it was `edited`. Officers edit paragraphs and write the parts only
 * people can (自身建设, 存在问题, the plan's targets). 「刷新数据」
 * regenerates every key: an unedited paragraph takes the new text, an
 * edited one keeps its text with the new generated text beside it, and a
 * paragraph whose key is gone is kept and flagged `missing`. Every save is
 * a version (who, when, what). The director marks a draft final (定稿):
 * read-only until the director reopens it. Office roles and viewers read
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
