/*
 * document.h - a printed document (title, headings, paragraphs, a table) and
 * its renderings in the layout of a government document (公文, GB/T
 * 9704-2012): A4, margins 37/35/28/26 mm, 28 characters x 22 lines, title
 * 2号 小标宋, body 3号 仿宋, headings 黑体 and 楷体, page numbers 「— 1 —」
 * in 4号 宋体 at the foot. Word (.docx) names the 公文 fonts an office PC
 * has (仿宋_GB2312, 方正小标宋简体 ...) with fallbacks; the PDF (cairo +
 * pango) draws the same grid with Noto Serif CJK and Noto Sans CJK.
 * Used by the period and work reports and the printed forms.
 */
#ifndef WAISHI_DOCUMENT_H
#define WAISHI_DOCUMENT_H

#include <stddef.h>

enum block_kind {
	BLOCK_TITLE,     /* 2号 小标宋, centred */
	BLOCK_SUBTITLE,  /* 3号 楷体, centred */
	BLOCK_HEADING,   /* level 1: 「一、」 黑体 */
	BLOCK_PARAGRAPH, /* 3号 仿宋, first line indented two characters */
	BLOCK_LINE,      /* 仿宋, not indented */
	BLOCK_SIGNATURE, /* right-aligned */
	BLOCK_HEADING2,  /* level 2: 「(一)」 楷体 */
	BLOCK_ROW_HEAD,  /* a table's header row: cells separated by '\t' */
	BLOCK_ROW,       /* a table row; consecutive rows make one table */
};

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
