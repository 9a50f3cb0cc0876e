/*
 * export.h - Excel (.xlsx) files through libxlsxwriter: any list answer as
 * a sheet (Chinese headers, dates as dates, money as numbers, frozen header,
 * fitted widths), and workbooks of several such sheets.
 */
#ifndef WAISHI_EXPORT_H
#define WAISHI_EXPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define EXPORT_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct export_sheet {
	const char *name;   /* sheet name (Chinese is fine) */
	json_t *rows;       /* array of objects; keys become columns in first-row order */
};

/*
 * One sheet streamed row by row in libxlsxwriter's constant-memory mode (a
 * list export of up to 100 000 rows): rows go to disk as they are written.
 * The first row's keys become the columns. export_stream_finish closes the
 * workbook and gives an open descriptor of the file (already unlinked) and
 * its size, and frees the stream; export_stream_free abandons one.
 */
struct export_stream;
struct export_stream *export_stream_open(const char *sheet_name);
__attribute__((warn_unused_result)) int export_stream_row(struct export_stream *xs, json_t *row);
__attribute__((warn_unused_result)) int export_stream_finish(struct export_stream *xs, int *fd, uint64_t *size);
void export_stream_free(struct export_stream *xs); /* NULL is fine */

/* A workbook of the given sheets into a malloc'd byte array. 0 or -1. */
int export_xlsx(const struct export_sheet *sheets, size_t n, char **data, size_t *len);

/* The Chinese column header for a field name (the name itself when unknown). */
const char *export_header(const char *field);

#endif
