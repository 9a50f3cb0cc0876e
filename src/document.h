/*
 * document.h - a simple printed document (title, headings, paragraphs) and
 * its renderings: PDF through cairo + pango with the Noto CJK fonts, and
 * Word (.docx) as OOXML parts zipped with libzip. Used by the period
 * report and the printed forms.
 */
#ifndef WAISHI_DOCUMENT_H
#define WAISHI_DOCUMENT_H

#include <stddef.h>

enum block_kind { BLOCK_TITLE, BLOCK_SUBTITLE, BLOCK_HEADING, BLOCK_PARAGRAPH, BLOCK_LINE, BLOCK_SIGNATURE };

struct document;

struct document *document_new(void);
void document_free(struct document *d);
/* Append a block (text is copied); printf-style. */
void document_add(struct document *d, enum block_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Render into a malloc'd byte array; 0 or -1. */
int document_pdf(const struct document *d, char **data, size_t *len);
int document_docx(const struct document *d, char **data, size_t *len);

/*
 * Release the font caches pango, cairo and fontconfig build on first use and
 * keep until exit, so that the leak checker sees only real leaks. Call once,
 * at exit, when no other thread renders.
 */
void document_release_fonts(void);

/* Read a whole file into memory (helpers for writers that need a path). */
int document_slurp(const char *path, char **data, size_t *len);

#endif
