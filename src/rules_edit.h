/*
 * rules_edit.h - the rules changed as operations, knowing no HTTP (the
 * rules themselves and how they are read: rules.h): a new rule, a change of
 * a version from a day (or its preview), a rule set imported. Each takes the
 * database, the acting administrator and the body, judges the body inside
 * the write transaction that applies it (its fields, the kind's parameters
 * and the scope, the versions as they are), audits the change and returns 0
 * or the status of the refusal it filled in (op.h); a refusal writes
 * nothing. The routes: rules_api.h.
 */
#ifndef WAISHI_RULES_EDIT_H
#define WAISHI_RULES_EDIT_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * A new rule from `body` (key, kind, title_zh, params, severity, source;
 * scope, article, enabled, effective_from (default today), effective_to):
 * 422 naming the field, 409 duplicate "key" when a rule of that key exists.
 * 0 with *out the rule stored (caller owns it); audited "create" of "rule".
 */
__attribute__((warn_unused_result)) int rules_add(struct db *db, const struct actor *who, json_t *body,
						  json_t **out, struct op_error *err);

/*
 * Change rule version `id` by the partial `body` (title_zh, params,
 * severity, scope, source, article, enabled, effective_from, effective_to;
 * key and kind never change): from a later day than the version's start
 * the version is closed the day before and a new one starts; from its own
 * start it is rewritten. 404; 409 conflict for a version that has ended or a
 * change reaching into a later version; 422 naming the field. 0 with *out
 * the version carrying the change, audited "update" of "rule".
 * With `preview` the change is applied and taken back, nothing written or
 * audited: *out is {in_progress, newly_blocked, newly_blocked_ids,
 * blocked_after}, the trips in progress the change would newly block.
 */
__attribute__((warn_unused_result)) int rules_change(struct db *db, const struct actor *who, int64_t id,
						     json_t *body, bool preview, json_t **out, struct op_error *err);

/*
 * Import a rule set (`file` as rules_api's export writes it: format
 * "waishi-rules", version 1, rules, optional as_of and effective_from,
 * default today): every rule valid and every key once (422; a rule's own
 * refusal names "rules[i].<field>"), then from effective_from each key's
 * later versions deleted, the one in force closed the day before and the
 * imported one started. 0 with *out {imported, effective_from, keys};
 * audited once, "import" of "rules".
 */
__attribute__((warn_unused_result)) int rules_import_set(struct db *db, const struct actor *who, json_t *file,
							 json_t **out, struct op_error *err);

#endif
