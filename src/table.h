/*
 * table.h - reading tabular files people keep: .xlsx (first sheet; libzip
 * and expat) and .csv (RFC 4180; UTF-8, with or without BOM, or GB18030
 * converted with iconv). The result is rows of UTF-8 cell strings.
 */
#ifndef WAISHI_TABLE_H
#define WAISHI_TABLE_H

#include <stddef.h>

struct table {
	char ***rows;   /* rows[r][c], NULL-safe via table_cell */
	size_t *ncols;  /* cells in row r */
	size_t nrows;
};

/* Parse `data` (an .xlsx when it starts as a zip, else CSV). 0, or -1 with a Chinese reason in err. */
int table_read(const char *data, size_t len, struct table *t, char *err, size_t errlen);
const char *table_cell(const struct table *t, size_t row, size_t col); /* "" when absent */
void table_free(struct table *t);

#endif
