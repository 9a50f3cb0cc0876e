/*
 * report_draft.h - editable drafts of the work report (工作总结) with every
 * saved version, as domain operations knowing no HTTP.
 *
 * A draft is made from the generated report (work_report.h) of a period;
 * each paragraph keeps its `key`, its `text`, the `generated_text` and
 * whether it was `edited`. Officers edit paragraphs and write the parts only
 * people can (自身建设, 存在问题, the plan's targets). 「刷新数据」
 * regenerates every key: an unedited paragraph takes the new text, an
 * edited one keeps its text with the new generated text beside it, and a
 * paragraph whose key is gone is kept and flagged `missing`. Every save is
 * a version (who, when, what), audited. The director marks a draft final
 * (定稿): read-only until the director reopens it.
 *
 * Each change loads the draft inside its write transaction, refuses a
 * stale `expected_version` (0: none given; 409 stale) and a final draft
 * where it must be editable (409 conflict), judges, saves the next version
 * and answers the draft as stored (*out, caller owns it); a refusal writes
 * nothing. Their routes: report_draft_api.h.
 */
#ifndef WAISHI_REPORT_DRAFT_H
#define WAISHI_REPORT_DRAFT_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Draft `id` as answered (its content, sections numbered, period): 0 with *out, 404 or 5xx. */
__attribute__((warn_unused_result)) int report_draft_read(struct db *db, int64_t id, json_t **out,
							  struct op_error *err);

/* A new draft of the work report of [from, to] (valid dates; 422 when to < from), version 1. */
__attribute__((warn_unused_result)) int report_draft_new(struct db *db, const struct actor *who, const char *from,
							 const char *to, json_t **out, struct op_error *err);

/*
 * An edit {title?, paragraphs?: [{key, text}], add?: [{section, text}]}
 * judged on the draft as it is (a known paragraph, a known section or
 * "plan", lengths; 422 naming the field), saved as action "edit".
 */
__attribute__((warn_unused_result)) int report_draft_edit(struct db *db, const struct actor *who, int64_t id,
							  int64_t expected_version, json_t *edit, json_t **out,
							  struct op_error *err);

/* 「刷新数据」: the draft merged with the report of its period as the database holds it now ("refresh"). */
__attribute__((warn_unused_result)) int report_draft_regenerate(struct db *db, const struct actor *who, int64_t id,
								int64_t expected_version, json_t **out,
								struct op_error *err);

/* 定稿 (final true, "finalize": from draft) or reopen (false, "reopen": from final); else 409 conflict. */
__attribute__((warn_unused_result)) int report_draft_set_final(struct db *db, const struct actor *who, int64_t id,
							       int64_t expected_version, bool final, json_t **out,
							       struct op_error *err);

#endif
