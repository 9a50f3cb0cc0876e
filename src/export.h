/*
 * export.h - Excel (.xlsx) files through libxlsxwriter: any list answer as
 * a sheet (Chinese headers, dates as dates, money as numbers, frozen header,
 * fitted widths), and workbooks of several such sheets.
 */
#ifndef WAISHI_EXPORT_H
#define WAISHI_EXPORT_H

#include <jansson.h>
#include <stddef.h>

struct export_sheet {
	const char *name;   /* sheet name (Chinese is fine) */
	json_t *rows;       /* array of objects; keys become columns in first-row order */
};

/* A workbook of the given sheets into a malloc'd byte array. 0 or -1. */
int export_xlsx(const struct export_sheet *sheets, size_t n, char **data, size_t *len);

/* The Chinese column header for a field name (the name itself when unknown). */
const char *export_header(const char *field);

#endif
