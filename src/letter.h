/*
 * letter.h - letters (函件): introduction letters (介绍信), invitations of
 * foreigners to China (邀请外国人来华函电) and private visa services
 * (因私签证代办). A letter is one batch (批); its persons are its 人次.
 * The record as stored; its routes: letter_api.h.
 */
#ifndef WAISHI_LETTER_H
#define WAISHI_LETTER_H

#include "record.h"

extern const struct record_def letter_record;

/*
 * A letter of past years (import of the office's old sheets), judged by the
 * form's own rules: its fields (kind, date, unit_id, purpose), the unit one
 * `who` sees, the persons checked as a form's persons. What a sheet holds
 * differently: persons is the list of the names (strings), and
 * person_count the batch's head count (default: the names), so a batch may
 * be counted without naming anyone; and a past invitation is not asked for
 * the passports the form asks of an invitation today. letter_past_check
 * judges without writing; letter_past_write judges again and inserts the
 * letter inside the caller's write transaction (the import writes many,
 * with one audit entry for the file). 0 or the status of the refusal (422
 * naming the field, 403).
 */
int letter_past_check(struct db *db, const struct actor *who, json_t *fields, struct op_error *err);
int letter_past_write(struct db *db, const struct actor *who, json_t *fields, struct op_error *err);

#endif
