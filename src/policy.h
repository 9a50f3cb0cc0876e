/*
 * policy.h - the office's policies on official trips (DESIGN.md "Policies")
 * and the other settings that are not rules (the rules of a trip's checks
 * are data with their legal source, see rules.h), typed and validated. Stored as text in the
 * settings table; policy_load() reads them all at once for a request.
 */
#ifndef WAISHI_POLICY_H
#define WAISHI_POLICY_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct fraction {
	int64_t num, den;
};

struct policy {
	int64_t passport_return_days;
	int64_t report_due_days;
	int64_t block_unit_overdue_days;
	bool joint_review_required;
	struct fraction joint_review_quorum;
	struct fraction joint_review_pass;
	bool joint_review_veto;
	char approval_no_format[128];
	int64_t visa_warn_workdays;  /* to-do: a visa not granted this many working days before departure */
	int64_t document_stuck_days; /* to-do: a document application unchanged this many days */
	bool invitation_by_officer;  /* invitation_approver: "officer" (else "director") decides invitations */
	char invitation_no_format[128];
};

/* Read every policy (defaults where a value is missing). DB_OK or a database error. */
int policy_load(struct db *db, struct policy *p);
/* The approval number for sequence n of year, by approval_no_format. */
void policy_approval_no(const struct policy *p, int year, int64_t n, char *out, size_t len);
/* Sequence n of year written by a format with {year} and {n} (approval and invitation numbers). */
void policy_number_format(const char *format, int year, int64_t n, char *out, size_t len);

/* Every setting as {key, value, label_zh, description_zh, description_en}, appended to items. DB_OK or the failure. */
int policy_items(struct db *db, json_t *items);
/*
 * Change the settings `body` names ({key: value, ...}, at least one), as
 * `who`, in one write transaction: every key a known setting (422
 * unknown_field) and every value of its type and range (422 naming the key),
 * judged inside it; the settings written and audited ("update" of
 * "policies", before: every setting, after: the body). 0, or the status of
 * the refusal; a refusal writes nothing.
 */
__attribute__((warn_unused_result)) int policy_update(struct db *db, const struct actor *who, json_t *body,
						      struct op_error *err);

#endif
