/*
 * invitation.h - invitations of foreigners to China (邀请外国人来华) as
 * applications the office approves: an inviting unit, a purpose, the dates
 * of the visit, the visa-issuing post (签证机构) and each invited person
 * (name, nationality, passport number, date of birth, position).
 *   draft -submit-> submitted -approve-> approved | -reject-> rejected
 * The decision is the director's or the officers' (setting
 * invitation_approver). The checks use only what is certain: required
 * fields and lengths, dates in the future, a passport number of letters and
 * digits, the inviting unit active, nobody (same nationality and passport
 * number) invited twice for overlapping dates. Approval gives the invitation
 * its number of the year (invitation_next_seq: the one owner of the
 * sequence) and creates the `letters` row of kind invitation linked to it,
 * so the register and the reports count it as before. Knows no HTTP.
 */
#ifndef WAISHI_INVITATION_H
#define WAISHI_INVITATION_H

#include "db.h"
#include "op.h"
#include "policy.h"

#include <jansson.h>

extern const char *const invitation_statuses[];

enum invitation_move { INVITATION_SUBMIT, INVITATION_APPROVE, INVITATION_REJECT, INVITATION_MOVE_COUNT };

/* The invitation as answered (unit_name, persons, letter_id); NULL with *rc DB_DONE when absent. */
json_t *invitation_load(struct db *db, int64_t id, int *rc);

/* The next free invitation number of `year`; call inside the write transaction that stores it. */
__attribute__((warn_unused_result)) int invitation_next_seq(struct db *db, int year, int64_t *seq);
/* Number `seq` of `year` written by the setting invitation_no_format (外邀〔2026〕3号). */
void invitation_number(const struct policy *p, int year, int64_t seq, char *out, size_t len);

/* Create a draft from `body` {unit_id, purpose, arrive_date, leave_date, visa_post, persons:[...]}. */
__attribute__((warn_unused_result)) int invitation_create(struct db *db, const struct actor *who, json_t *body,
							  json_t **out, struct op_error *err);
__attribute__((warn_unused_result)) int invitation_create_in(struct db *db, const struct actor *who, json_t *body,
							     json_t **out, struct op_error *err);

/* Edit a draft (any of the create fields; persons replaced as a whole). */
__attribute__((warn_unused_result)) int invitation_update(struct db *db, const struct actor *who, int64_t id,
							  json_t *body, int64_t expected_version, json_t **out,
							  struct op_error *err);

/* submit {} ; approve {date?, comment?} ; reject {date?, comment}. */
__attribute__((warn_unused_result)) int invitation_act(struct db *db, const struct actor *who, int64_t id,
						       enum invitation_move move, json_t *args,
						       int64_t expected_version, json_t **out, struct op_error *err);
__attribute__((warn_unused_result)) int invitation_act_in(struct db *db, const struct actor *who, int64_t id,
							  enum invitation_move move, json_t *args,
							  int64_t expected_version, json_t **out, struct op_error *err);

#endif
