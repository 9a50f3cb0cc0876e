/*
 * rules_store.h - inside the rules module: the stored rules and the checks of
 * their parameters (rules.c), shared with the /rules routes (rules_api.c).
 */
#ifndef WAISHI_RULES_STORE_H
#define WAISHI_RULES_STORE_H

#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define RULE_COLUMNS                                                                                              \
	"id, key, kind, title_zh, params, severity, scope, source, article, enabled, effective_from, effective_to," \
	" created_at, updated_at"
#define MAX_IMPORT_RULES 200
#define RULES_FORMAT "waishi-rules"

/* Why a value is refused, in both languages. */
struct rule_why {
	char en[200], zh[200];
};

/* The kinds of rule and the severities, NULL-terminated. */
extern const char *const rule_kinds[];
extern const char *const rule_severities[];

/* Whether `p` are valid parameters of a rule of `kind`, and `s` a valid scope; why not in w. */
bool rules_params_valid(const char *kind, json_t *p, struct rule_why *w);
bool rules_scope_valid(json_t *s, struct rule_why *w);

/* One stored rule as JSON (NULL with *rc set when missing or on failure). */
json_t *rules_fetch(struct db *db, int64_t id, int *rc);
/* The rows `sql` selects (binding `date` twice) appended to items. */
int rules_fetch_all(struct db *db, const char *sql, const char *date, json_t *items);
/* The versions in force on a date (one `?` twice: the date), ordered by key. */
extern const char rules_in_force_sql[];
/* Insert one version from a validated object (params and scope as JSON). */
int rules_insert(struct db *db, json_t *r, const char *from, const char *to, int64_t *id);

#endif
