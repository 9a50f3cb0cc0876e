/*
 * register_rules.h - what the office's simple registers accept, knowing no
 * HTTP: each register's body fields and its own checks (struct record_rules,
 * record.h), the one owner of them for the API's create and edit
 * (register.c) and for import (import.c), so a spreadsheet row is judged as
 * a form would be; and the checks several registers share.
 */
#ifndef WAISHI_REGISTER_RULES_H
#define WAISHI_REGISTER_RULES_H

#include "db.h"
#include "op.h"
#include "record.h"

#include <jansson.h>
#include <stdbool.h>


extern const struct record_rules reception_rules, sister_city_rules, exchange_rules, abtc_rules, case_rules,
	info_item_rules, contact_rules;


/* The body's sister_city_id, when present, must name a sister city (422). */
int register_check_sister_city(struct db *db, json_t *body, struct op_error *err);
/* A country field (alpha-2) of the body, when present, must be a known code (422). */
int register_check_country(json_t *body, const char *field, struct op_error *err);
/* Two dates of the body or the record in order: first <= second (422 naming the second). */
int register_check_order(json_t *body, json_t *before, const char *first, const char *second, struct op_error *err);

#endif
