/*
 * report_period.h - inside the period figures (report.c): the period and its
 * scope, the statements prepared for it, and the sections kept in files of
 * their own (report_documents.c).
 */
#ifndef WAISHI_REPORT_PERIOD_H
#define WAISHI_REPORT_PERIOD_H

#include "db.h"

#include <jansson.h>
#include <stdint.h>

struct period {
	const char *from, *to;
	int64_t scope; /* 0: the whole city; else the unit whose subtree the figures cover */
};

#define TEXTS(...) ((const char *const[]){__VA_ARGS__, NULL})

/*
 * Prepare `sql` for the period: its marker @SCOPE@ becomes
 * " AND <column> IN <the scope unit's subtree>" when the period is scoped,
 * nothing otherwise; `texts` (NULL-terminated) are bound in order, then the
 * scope's unit. The statement is finalized on failure.
 */
int report_scoped_prepare(struct db *db, const struct period *p, const char *sql, const char *column,
			  const char *const *texts, struct db_stmt **st);
/* The one number such a statement answers. */
int report_scoped_count(struct db *db, const struct period *p, const char *sql, const char *column,
			const char *const *texts, int64_t *n);
/* Rows in the period (binding from, to) counted by `sql`, scoped on `column`. */
int report_count_period(struct db *db, const char *sql, const char *column, const struct period *p, int64_t *n);

/* The sections of report_documents.c: passports due and back, documents issued and visas handled. */
int report_passports(struct db *db, const struct period *p, json_t **out);
int report_documents(struct db *db, const struct period *p, json_t **out);

#endif
