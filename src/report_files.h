/*
 * report_files.h - the period summary as files people open: an Excel
 * workbook (figures with last year beside them, one sheet per register's
 * breakdowns), a Word document and a PDF (title, date, sections). Their
 * routes answer them as downloads (report_api.h).
 */
#ifndef WAISHI_REPORT_FILES_H
#define WAISHI_REPORT_FILES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

bool report_format_known(const char *format); /* json, xlsx, docx, pdf */
/* The summary rendered as `format` (xlsx, docx, pdf) into a malloc'd byte array. */
int report_file_build(json_t *summary, const char *format, char **data, size_t *len);
/*
 * The work report (work_report.h) or a draft of it as a government document
 * (docx or pdf): title, opening, numbered sections, plan, signature and the
 * comparison table; a paragraph's text may be a string or {text}.
 */
int report_work_file_build(json_t *report, const char *format, char **data, size_t *len);
/* The MIME type of a file format. */
const char *report_mime(const char *format);

#endif
