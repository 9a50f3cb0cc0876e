/*
 * labels.h - the one dictionary of the codes the server stores: every
 * enumeration's keys with their Chinese and English labels, served as
 * GET /api/v1/labels for the web interface and used by exports so that a
 * spreadsheet never shows `closed` where people read 已办结.
 */
#ifndef WAISHI_LABELS_H
#define WAISHI_LABELS_H

#include "db.h"

/* The Chinese label of `key` in enumeration `kind`, or NULL when unknown. */
const char *labels_zh(const char *kind, const char *key);
/* The English label, or NULL. */
const char *labels_en(const char *kind, const char *key);
/* The key of enumeration `kind` whose key, Chinese or English label is `text`, or NULL (import reads labels). */
const char *labels_key_of(const char *kind, const char *text);
/* The n-th key of `kind` in display order with its Chinese label in *zh; NULL past the end. */
const char *labels_nth(const char *kind, size_t n, const char **zh);

/*
 * The enumeration a column of an exported sheet holds: `sheet` is the
 * resource the rows come from ("delegations", "cases", "audit", ...),
 * `field` the JSON key. NULL when the column is not a code.
 */
const char *labels_column_kind(const char *sheet, const char *field);


#endif
