/*
 * table.h - reading tabular files people keep: .xlsx (first sheet; libzip
 * and expat) and .csv (RFC 4180; UTF-8, with or without BOM, or GB18030
 * converted with iconv). The result is rows of UTF-8 cell strings.
 *
 * A spreadsheet is read as a stream: the sheet and the shared strings are
 * inflated piece by piece straight into expat, never whole, and an empty
 * cell costs nothing. Limits, each refused with a Chinese reason naming it:
 * a zip member inflating past TABLE_MAX_INFLATED or compressed more than
 * TABLE_MAX_RATIO times, a CSV file past TABLE_MAX_INFLATED (TABLE_TOO_LARGE);
 * more than TABLE_MAX_ROWS rows, a column past Excel's TABLE_MAX_COLUMNS, a
 * cell longer than TABLE_MAX_CELL characters (TABLE_BAD). Only the first
 * TABLE_KEEP_COLUMNS columns are kept.
 */
#ifndef WAISHI_TABLE_H
#define WAISHI_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define TABLE_MAX_INFLATED ((uint64_t)64 << 20)
#define TABLE_MAX_RATIO 200
#define TABLE_MAX_ROWS 100001 /* a header and 100 000 rows */
#define TABLE_MAX_COLUMNS 16384
#define TABLE_MAX_CELL 32767
#define TABLE_KEEP_COLUMNS 200

enum { TABLE_OK = 0, TABLE_BAD = -1, TABLE_TOO_LARGE = -2 };

struct table {
	char ***rows;   /* rows[r][c], NULL-safe via table_cell */
	size_t *ncols;  /* cells in row r */
	size_t nrows;
};

/* Read the open file `fd` (an .xlsx when it starts as a zip, else CSV): TABLE_OK, or an error with a Chinese reason in err. */
int table_read_fd(int fd, struct table *t, char *err, size_t errlen);
const char *table_cell(const struct table *t, size_t row, size_t col); /* "" when absent */
void table_free(struct table *t);

#endif
