/*
 * report_files.h - the period summary as files people open: an Excel
 * workbook (figures with last year beside them, one sheet per register's
 * breakdowns), a Word document and a PDF (title, date, sections).
 */
#ifndef WAISHI_REPORT_FILES_H
#define WAISHI_REPORT_FILES_H

#include "http.h"

#include <stdbool.h>

bool report_format_known(const char *format); /* json, xlsx, docx, pdf */
/* The summary rendered as `format` (xlsx, docx, pdf) into a malloc'd byte array. */
int report_file_build(json_t *summary, const char *format, char **data, size_t *len);
/* Answer the summary as a downloadable file. */
int report_file_answer(struct request *req, struct response *res, json_t *summary, const char *format);
/* The MIME type of a file format. */
const char *report_mime(const char *format);

#endif
