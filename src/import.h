/*
 * import.h - bringing past years' spreadsheets in: .xlsx or .csv (UTF-8 or
 * GB18030) with Chinese column headers, for historical trips, letters,
 * receptions, sister cities, APEC cards, cases and information items. All
 * or nothing: one bad row imports nothing and every bad row is named with
 * its row number, column and reason. A template per register.
 */
#ifndef WAISHI_IMPORT_H
#define WAISHI_IMPORT_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Progress callback for long imports (rows done, rows in all); may be NULL. */
typedef void (*import_progress_fn)(size_t done, size_t total);

/*
 * Import the open file `fd` into `register_name`, read as a stream within
 * the limits of table.h. On success *imported is the row count and *errors
 * NULL; on bad rows *errors is an array of {row, column, reason} and nothing
 * was written (a row is bad as it is read, or as its owner writes it inside
 * the import's transaction: a row another import wrote meanwhile). Returns DB_OK, 1 (bad file or rows), 2 (a size limit passed:
 * 413), or a database error. `err` gets a Chinese message for a file that
 * cannot be read, naming the limit it passed. Historical trips go through
 * the trip module's historical record (trip_record.h) as `who`, which
 * checks each row by the trip's own rules (within who's units) and numbers
 * it; letters through letter_past_write (letter.h), funding standards
 * through funding_standard_write (funding.h); the other registers' rows are
 * judged by their record rules (register_rules.h). The import writes one
 * audit entry ("import") for the whole file.
 */
int import_run(struct db *db, const struct actor *who, const char *register_name, int fd,
	       import_progress_fn progress, size_t *imported, json_t **errors, char *err, size_t errlen);
/* Known register name? */
bool import_known(const char *register_name);

/*
 * The template of a register: *header an object whose keys are the Chinese
 * column headers in order (values null), *help one row per column
 * {列名, 是否必填, 填写说明}. 0, 1 for an unknown register, -1 out of memory.
 */
int import_template_rows(const char *register_name, json_t **header, json_t **help);

#endif
