/*
 * checks.h - the policy checks of a trip (审批有原则) and the city's quota
 * (零增长), judged by the rules in force on the trip's approval date
 * (rules.h). Each check answers {rule, severity, message, source, rule_id};
 * a message gives the rule, the trip's own figure and the rule's legal
 * source, e.g. 「出访2国不超过8天,本团组9天(依据:中办发〔2013〕16号)」.
 * "block" checks stop approval unless a director overrides with a reason;
 * "warning" checks are shown to the officer.
 */
#ifndef WAISHI_CHECKS_H
#define WAISHI_CHECKS_H

#include "db.h"
#include "policy.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * All checks of trip `id` into *items; *blocked tells whether any blocks.
 * `as_of` is the approval date being considered (a review session's date,
 * the director's approval date), NULL for today: the rules in force, plan,
 * quota and publicity are judged for that day and its year. A trip already
 * approved is judged as of its recorded approval date, never counting
 * itself. `p` gives the plain settings (unit overdue days).
 */
int checks_run(struct db *db, int64_t id, const struct policy *p, const char *as_of, json_t **items, bool *blocked);

/*
 * Whether unit_id has a passport or post-trip report overdue by more than
 * block_unit_overdue_days; *blocked, with a Chinese message.
 */
int checks_unit_blocked(struct db *db, int64_t unit_id, const struct policy *p, bool *blocked, char *msg,
			size_t len);


#endif
