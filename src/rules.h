/*
 * rules.h - the rules of temporary official trips abroad as data (审批有原则).
 *
 * A rule is a record: a key (its name), a kind (what it limits, which the
 * check engine in checks.c knows how to judge), parameters (JSON, checked
 * per kind), a severity (warning / block), a scope (categories, regions,
 * ranks it applies to; empty: all), the legal source with its article, and
 * the dates it is in force. A change makes a new version from a date
 * (today unless the administrator names another, e.g. a provincial rule's
 * own date), so a trip is judged by the versions in force on its approval
 * date (today until approved) and a trip approved last month keeps its
 * verdict. A change from the version's own first day rewrites that version.
 * A rule set exports and imports as one JSON file (a province hands its
 * rules to every city).
 */
#ifndef WAISHI_RULES_H
#define WAISHI_RULES_H

#include "dates.h"
#include "db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct rule {
	int64_t id;
	char key[64], kind[48], title_zh[128], severity[16], source[200], article[64];
	char effective_from[DATE_LEN], effective_to[DATE_LEN]; /* effective_to "" when open-ended */
	bool enabled;
	json_t *params, *scope; /* owned by the rule set */
};

/* The versions in force on one date. */
struct rule_set {
	struct rule *items;
	size_t n;
};

/* Load every rule version in force on `date` (YYYY-MM-DD), enabled or not. DB_OK or a database error. */
int rules_load(struct db *db, const char *date, struct rule_set *set);
void rules_free(struct rule_set *set);
/* The next enabled rule of `kind` from *pos on (start with *pos = 0); NULL at the end. */
const struct rule *rules_next(const struct rule_set *set, const char *kind, size_t *pos);
/* 「中办发〔2013〕16号 第五条」, or the document alone when no article is recorded. */
void rules_cite(const struct rule *r, char *out, size_t len);
/* An integer parameter (dotted path "default.trips"), or `fallback` when absent. */
int64_t rules_param_int(const struct rule *r, const char *path, int64_t fallback);
/* Whether the JSON array at params[name] holds the string `value`. */
bool rules_param_has(const struct rule *r, const char *name, const char *value);


#endif
