/*
 * document.c - documents rendered as PDF (cairo + pango) and .docx (libzip)
 * in the 公文 layout of GB/T 9704-2012, see document.h.
 */
#include "document.h"

#include "buf.h"
#include "pdf_libs.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* GB/T 9704-2012: A4 (210 x 297 mm); 天头 37 mm, bottom 35 mm, 订口 28 mm, right 26 mm. */
#define MM(x) ((x) * 72.0 / 25.4)
#define PAGE_W MM(210.0)
#define PAGE_H MM(297.0)
#define TOP MM(37.0)
#define BOTTOM MM(35.0)
#define LEFT MM(28.0)
#define RIGHT MM(26.0)
#define TEXT_W (PAGE_W - LEFT - RIGHT) /* 156 mm */
#define TEXT_H (PAGE_H - TOP - BOTTOM) /* 225 mm */
#define CHARS_PER_LINE 28
#define LINES_PER_PAGE 22
#define PITCH (TEXT_H / LINES_PER_PAGE) /* one grid line */
#define BODY_PT 16.0 /* 3号 */

struct block {
	enum block_kind kind;
	char *text;
};

struct document {
	struct block *blocks;
	size_t n, cap;
};

struct document *document_new(void)
{
	return calloc(1, sizeof(struct document));
}

void document_free(struct document *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++)
		free(d->blocks[i].text);
	free(d->blocks);
	free(d);
}

void document_add(struct document *d, enum block_kind kind, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct block *p = realloc(d->blocks, cap * sizeof(*p));
		if (!p)
			return;
		d->blocks = p;
		d->cap = cap;
	}
	buf_init(&b, 1 << 20);
	va_start(ap, fmt);
	if (buf_vaddf(&b, fmt, ap) == BUF_OK) {
		d->blocks[d->n].kind = kind;
		d->blocks[d->n].text = buf_detach(&b, NULL);
		d->n++;
	}
	va_end(ap);
	buf_free(&b);
}

int document_slurp(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long size;
	int rc = -1;

	*data = NULL;
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (*data = malloc((size_t)size + 1)) && fread(*data, 1, (size_t)size, f) == (size_t)size) {
		*len = (size_t)size;
		rc = 0;
	}
	fclose(f);
	if (rc) {
		free(*data);
		*data = NULL;
	}
	return rc;
}

/* ---- PDF ---- */

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int length)
{
	return buf_add(closure, data, length) == BUF_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Noto Serif CJK stands for 小标宋, 仿宋, 宋 and 楷 (fonts-noto-cjk has no 楷体), Noto Sans CJK for 黑体. */
static const char *font_of(enum block_kind kind)
{
	switch (kind) {
	case BLOCK_TITLE:
		return "Noto Serif CJK SC Bold 22"; /* 2号 */
	case BLOCK_HEADING:
	case BLOCK_ROW_HEAD:
		return kind == BLOCK_HEADING ? "Noto Sans CJK SC 16" : "Noto Sans CJK SC 14";
	case BLOCK_HEADING2:
		return "Noto Serif CJK SC Bold 16";
	case BLOCK_ROW:
		return "Noto Serif CJK SC 14"; /* 4号 */
	default:
		return "Noto Serif CJK SC 16";
	}
}

struct pdf_page {
	const struct pdf_libs *lib; /* pango and cairo, bound on the first PDF */
	cairo_t *cr;
	PangoLayout *layout;
	PangoLayout *footer; /* its own layout: a page break comes in the middle of a laid-out paragraph */
	int line; /* next free grid line of the page */
	int page; /* 1-based */
};

/* 「— N —」 in 4号 宋体, 7 mm under the text; odd pages on the right, even on the left, one character in. */
static void pdf_page_number(struct pdf_page *pg)
{
	PangoFontDescription *font = pg->lib->pango_font_description_from_string("Noto Serif CJK SC 14");
	char text[32];
	int w, h;

	snprintf(text, sizeof(text), "— %d —", pg->page);
	pg->lib->pango_layout_set_font_description(pg->footer, font);
	pg->lib->pango_font_description_free(font);
	pg->lib->pango_layout_set_text(pg->footer, text, -1);
	pg->lib->pango_layout_get_size(pg->footer, &w, &h);
	pg->lib->cairo_move_to(pg->cr, pg->page % 2 ? PAGE_W - RIGHT - 14.0 - (double)w / PANGO_SCALE : LEFT + 14.0,
		      PAGE_H - BOTTOM + MM(7.0));
	pg->lib->pango_cairo_show_layout(pg->cr, pg->footer);
}

static void pdf_new_page(struct pdf_page *pg)
{
	pdf_page_number(pg);
	pg->lib->cairo_show_page(pg->cr);
	pg->page++;
	pg->line = 0;
}

/* Draw a laid-out text line centred vertically in grid line pg->line, `x` from the left edge. */
static void pdf_grid_line(struct pdf_page *pg, PangoLayoutLine *line, double x)
{
	PangoRectangle logical;
	double top, baseline;

	if (pg->line >= LINES_PER_PAGE)
		pdf_new_page(pg);
	pg->lib->pango_layout_line_get_extents(line, NULL, &logical);
	top = TOP + pg->line * PITCH + (PITCH - (double)logical.height / PANGO_SCALE) / 2.0;
	baseline = top + (double)PANGO_ASCENT(logical) / PANGO_SCALE;
	pg->lib->cairo_move_to(pg->cr, x, baseline);
	pg->lib->pango_cairo_show_layout_line(pg->cr, line);
	pg->line++;
}

/* Characters of the grid: each CJK character 1 em, spaced so 28 fill a line. */
static void pdf_set_grid_spacing(struct pdf_page *pg, PangoLayout *layout, double pt)
{
	PangoAttrList *attrs = pg->lib->pango_attr_list_new();
	double spacing = TEXT_W / CHARS_PER_LINE - pt;

	pg->lib->pango_attr_list_insert(attrs, pg->lib->pango_attr_letter_spacing_new((int)(spacing * PANGO_SCALE)));
	pg->lib->pango_layout_set_attributes(layout, attrs);
	pg->lib->pango_attr_list_unref(attrs);
}

static void pdf_text_block(struct pdf_page *pg, const struct block *b)
{
	PangoFontDescription *font = pg->lib->pango_font_description_from_string(font_of(b->kind));
	PangoAlignment align = b->kind == BLOCK_TITLE || b->kind == BLOCK_SUBTITLE ? PANGO_ALIGN_CENTER
			       : b->kind == BLOCK_SIGNATURE ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT;
	bool indent = b->kind == BLOCK_PARAGRAPH || b->kind == BLOCK_HEADING || b->kind == BLOCK_HEADING2;
	double em = TEXT_W / CHARS_PER_LINE;
	int i, n;

	pg->lib->pango_layout_set_font_description(pg->layout, font);
	pg->lib->pango_font_description_free(font);
	if (b->kind == BLOCK_TITLE)
		pg->lib->pango_layout_set_attributes(pg->layout, NULL); /* the title is not on the character grid */
	else
		pdf_set_grid_spacing(pg, pg->layout, BODY_PT);
	pg->lib->pango_layout_set_width(pg->layout, (int)(TEXT_W * PANGO_SCALE));
	pg->lib->pango_layout_set_wrap(pg->layout, PANGO_WRAP_WORD_CHAR);
	pg->lib->pango_layout_set_alignment(pg->layout, align);
	pg->lib->pango_layout_set_indent(pg->layout, indent ? (int)(2 * em * PANGO_SCALE) : 0);
	pg->lib->pango_layout_set_text(pg->layout, b->text, -1);
	if (b->kind == BLOCK_TITLE && pg->line > 0)
		pg->line++;
	n = pg->lib->pango_layout_get_line_count(pg->layout);
	for (i = 0; i < n; i++) {
		PangoLayoutLine *line = pg->lib->pango_layout_get_line_readonly(pg->layout, i);
		PangoRectangle logical;
		double x = LEFT;

		pg->lib->pango_layout_line_get_extents(line, NULL, &logical);
		if (align == PANGO_ALIGN_CENTER)
			x += (TEXT_W - (double)logical.width / PANGO_SCALE) / 2.0;
		else if (align == PANGO_ALIGN_RIGHT)
			x += TEXT_W - (double)logical.width / PANGO_SCALE - 4 * em;
		else if (i == 0 && indent)
			x += 2 * em;
		pdf_grid_line(pg, line, x);
	}
	if (b->kind == BLOCK_TITLE)
		pg->line++; /* a blank line under the title */
}

/* One table: rows from blocks[*i] while they are rows; columns split by '\t', the first one wider. */
static void pdf_table(struct pdf_page *pg, const struct block *blocks, size_t n, size_t *i)
{
	double first = TEXT_W * 0.4, other;
	size_t r;

	for (r = *i; r < n && (blocks[r].kind == BLOCK_ROW || blocks[r].kind == BLOCK_ROW_HEAD); r++) {
		PangoFontDescription *font = pg->lib->pango_font_description_from_string(font_of(blocks[r].kind));
		const char *cell = blocks[r].text;
		int cols = 1, c;
		double x = LEFT, y;

		for (c = 0; cell[c]; c++)
			cols += cell[c] == '\t';
		other = cols > 1 ? (TEXT_W - first) / (cols - 1) : TEXT_W;
		if (pg->line >= LINES_PER_PAGE)
			pdf_new_page(pg);
		y = TOP + pg->line * PITCH;
		pg->lib->pango_layout_set_font_description(pg->layout, font);
		pg->lib->pango_font_description_free(font);
		pg->lib->pango_layout_set_attributes(pg->layout, NULL);
		pg->lib->pango_layout_set_indent(pg->layout, 0);
		pg->lib->pango_layout_set_wrap(pg->layout, PANGO_WRAP_CHAR);
		pg->lib->pango_layout_set_ellipsize(pg->layout, PANGO_ELLIPSIZE_END);
		for (c = 0; c < cols; c++) {
			const char *end = strchr(cell, '\t');
			double w = c == 0 && cols > 1 ? first : other;
			int tw, th;

			pg->lib->pango_layout_set_width(pg->layout, (int)((w - 6) * PANGO_SCALE));
			pg->lib->pango_layout_set_alignment(pg->layout, c == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
			pg->lib->pango_layout_set_text(pg->layout, cell, end ? (int)(end - cell) : -1);
			pg->lib->pango_layout_get_size(pg->layout, &tw, &th);
			pg->lib->cairo_move_to(pg->cr, x + 3, y + (PITCH - (double)th / PANGO_SCALE) / 2.0);
			pg->lib->pango_cairo_show_layout(pg->cr, pg->layout);
			pg->lib->cairo_rectangle(pg->cr, x, y, w, PITCH);
			x += w;
			cell = end ? end + 1 : cell + strlen(cell);
		}
		pg->lib->cairo_set_line_width(pg->cr, 0.75);
		pg->lib->cairo_stroke(pg->cr);
		pg->lib->pango_layout_set_ellipsize(pg->layout, PANGO_ELLIPSIZE_NONE);
		pg->line++;
	}
	*i = r;
}

int document_pdf(const struct document *d, char **data, size_t *len)
{
	const struct pdf_libs *lib = pdf_libs_get();
	struct buf out;
	cairo_surface_t *surface;
	struct pdf_page pg = {lib, NULL, NULL, NULL, 0, 1};
	size_t i = 0;
	int rc;

	if (!lib)
		return -1;
	buf_init(&out, (size_t)64 << 20);
	surface = lib->cairo_pdf_surface_create_for_stream(pdf_write, &out, PAGE_W, PAGE_H);
	pg.cr = lib->cairo_create(surface);
	pg.layout = lib->pango_cairo_create_layout(pg.cr);
	pg.footer = lib->pango_cairo_create_layout(pg.cr);
	/* sizes are points on a PDF page: 72 units an inch, not the screen's 96 */
	lib->pango_cairo_context_set_resolution(lib->pango_layout_get_context(pg.layout), 72.0);
	lib->pango_cairo_context_set_resolution(lib->pango_layout_get_context(pg.footer), 72.0);
	lib->pango_layout_context_changed(pg.layout);
	lib->pango_layout_context_changed(pg.footer);
	lib->cairo_set_source_rgb(pg.cr, 0, 0, 0);
	while (i < d->n) {
		if (d->blocks[i].kind == BLOCK_ROW || d->blocks[i].kind == BLOCK_ROW_HEAD) {
			pdf_table(&pg, d->blocks, d->n, &i);
		} else {
			pdf_text_block(&pg, &d->blocks[i]);
			i++;
		}
	}
	pdf_page_number(&pg);
	lib->g_object_unref(pg.layout);
	lib->g_object_unref(pg.footer);
	lib->cairo_destroy(pg.cr);
	lib->cairo_surface_finish(surface);
	rc = lib->cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	lib->cairo_surface_destroy(surface);
	if (rc) {
		buf_free(&out);
		return -1;
	}
	*data = buf_detach(&out, len);
	return *data ? 0 : -1;
}

/* ---- DOCX ---- */

static int add_escaped_n(struct buf *b, const char *s, size_t n)
{
	int rc = BUF_OK;
	size_t i;

	for (i = 0; i < n && s[i] && rc == BUF_OK; i++) {
		switch (s[i]) {
		case '<':
			rc = buf_adds(b, "&lt;");
			break;
		case '>':
			rc = buf_adds(b, "&gt;");
			break;
		case '&':
			rc = buf_adds(b, "&amp;");
			break;
		case '"':
			rc = buf_adds(b, "&quot;");
			break;
		default:
			rc = buf_add(b, s + i, 1);
		}
	}
	return rc;
}

/*
 * Paragraph styles (styles.xml) by block kind. The fonts are named in
 * w:rFonts w:eastAsia so Word and WPS use the 公文 fonts installed on an
 * office PC; fontTable.xml gives each an w:altName fallback.
 */
static const char *style_of(enum block_kind kind)
{
	static const char *const names[] = {
		[BLOCK_TITLE] = "GwTitle",   [BLOCK_SUBTITLE] = "GwSubtitle", [BLOCK_HEADING] = "GwHeading1",
		[BLOCK_PARAGRAPH] = "GwBody", [BLOCK_LINE] = "GwLine",         [BLOCK_SIGNATURE] = "GwSignature",
		[BLOCK_HEADING2] = "GwHeading2", [BLOCK_ROW_HEAD] = "GwTableHead", [BLOCK_ROW] = "GwTable",
	};
	return names[kind];
}

static int docx_paragraph(struct buf *b, const struct block *blk)
{
	if (buf_addf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr><w:r><w:t xml:space=\"preserve\">", style_of(blk->kind)) !=
		    BUF_OK ||
	    add_escaped_n(b, blk->text, strlen(blk->text)) != BUF_OK)
		return -1;
	return buf_adds(b, "</w:t></w:r></w:p>") == BUF_OK ? 0 : -1;
}

/* A real table (w:tbl) of the consecutive rows from blocks[*i]; the first column wider. */
static int docx_table(struct buf *b, const struct block *blocks, size_t n, size_t *i)
{
	const char *t = blocks[*i].text;
	int cols = 1, c, first, other;
	size_t r;

	for (c = 0; t[c]; c++)
		cols += t[c] == '\t';
	first = cols > 1 ? 3538 : 8845; /* twips of the 156 mm text width */
	other = cols > 1 ? (8845 - first) / (cols - 1) : 0;
	if (buf_adds(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"GwTableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
			"<w:jc w:val=\"center\"/><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
			"<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
			"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
			"<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
			"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
			"<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders>"
			"<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>") != BUF_OK)
		return -1;
	for (c = 0; c < cols; c++)
		if (buf_addf(b, "<w:gridCol w:w=\"%d\"/>", c == 0 ? first : other) != BUF_OK)
			return -1;
	if (buf_adds(b, "</w:tblGrid>") != BUF_OK)
		return -1;
	for (r = *i; r < n && (blocks[r].kind == BLOCK_ROW || blocks[r].kind == BLOCK_ROW_HEAD); r++) {
		const char *cell = blocks[r].text;
		bool head = blocks[r].kind == BLOCK_ROW_HEAD;

		if (buf_adds(b, head ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>") != BUF_OK)
			return -1;
		for (c = 0; c < cols; c++) {
			const char *end = strchr(cell, '\t');
			size_t len = end ? (size_t)(end - cell) : strlen(cell);

			if (buf_addf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
					"<w:p><w:pPr><w:pStyle w:val=\"%s\"/>%s</w:pPr><w:r><w:t xml:space=\"preserve\">",
				     c == 0 ? first : other, style_of(blocks[r].kind),
				     c == 0 && !head ? "" : "<w:jc w:val=\"center\"/>") != BUF_OK ||
			    add_escaped_n(b, cell, len) != BUF_OK || buf_adds(b, "</w:t></w:r></w:p></w:tc>") != BUF_OK)
				return -1;
			cell = end ? end + 1 : cell + len;
		}
		if (buf_adds(b, "</w:tr>") != BUF_OK)
			return -1;
	}
	*i = r;
	/* Word needs a paragraph between a table and what follows */
	return buf_adds(b, "</w:tbl><w:p><w:pPr><w:pStyle w:val=\"GwLine\"/></w:pPr></w:p>") == BUF_OK ? 0 : -1;
}

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define R_NS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"

static const char content_types[] =
	XML_HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/fontTable.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/footer1.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
	"<Override PartName=\"/word/footer2.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
	"</Types>";

static const char package_rels[] =
	XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/></Relationships>";

#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
static const char document_rels[] =
	XML_HEAD "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_TYPE "styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" REL_TYPE "fontTable\" Target=\"fontTable.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" REL_TYPE "settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" REL_TYPE "footer\" Target=\"footer1.xml\"/>"
	"<Relationship Id=\"rId5\" Type=\"" REL_TYPE "footer\" Target=\"footer2.xml\"/>"
	"</Relationships>";

/* Odd pages and even pages print their page number on different sides (GB/T 9704 7.5). */
static const char settings_xml[] = XML_HEAD "<w:settings " W_NS "><w:evenAndOddHeaders/>"
					    "<w:defaultTabStop w:val=\"420\"/><w:characterSpacingControl w:val=\"compressPunctuation\"/>"
					    "</w:settings>";

#define FOOTER(ALIGN, IND)                                                                                               \
	XML_HEAD "<w:ftr " W_NS "><w:p><w:pPr><w:pStyle w:val=\"GwFooter\"/><w:jc w:val=\"" ALIGN "\"/>"          \
		 "<w:ind w:" IND "=\"280\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r>"                       \
		 "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"                                  \
		 "<w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>"
static const char footer_odd[] = FOOTER("right", "right");
static const char footer_even[] = FOOTER("left", "left");

/* w:altName: what Word and WPS use when the 公文 font is not installed. */
static const char font_table[] =
	XML_HEAD "<w:fonts " W_NS ">"
	"<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/>"
	"<w:pitch w:val=\"fixed\"/></w:font>"
	"<w:font w:name=\"方正小标宋简体\"><w:altName w:val=\"宋体\"/><w:charset w:val=\"86\"/><w:family w:val=\"script\"/>"
	"<w:pitch w:val=\"variable\"/></w:font>"
	"<w:font w:name=\"黑体\"><w:altName w:val=\"SimHei\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/>"
	"<w:pitch w:val=\"fixed\"/></w:font>"
	"<w:font w:name=\"楷体_GB2312\"><w:altName w:val=\"楷体\"/><w:charset w:val=\"86\"/><w:family w:val=\"modern\"/>"
	"<w:pitch w:val=\"fixed\"/></w:font>"
	"<w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:charset w:val=\"86\"/><w:family w:val=\"auto\"/>"
	"<w:pitch w:val=\"variable\"/></w:font>"
	"<w:font w:name=\"Times New Roman\"><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/>"
	"<w:pitch w:val=\"variable\"/></w:font>"
	"</w:fonts>";

#define RFONTS(EA) "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"" EA "\" w:cs=\"Times New Roman\"/>"
#define PSTYLE(ID, NAME, PPR, RPR)                                                                                      \
	"<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"" ID "\"><w:name w:val=\"" NAME "\"/>"            \
	"<w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>" PPR "</w:pPr><w:rPr>" RPR "</w:rPr></w:style>"

/* 3号 = 16 pt (w:sz 32), 2号 = 22 pt (44), 4号 = 14 pt (28). */
static const char styles_xml[] =
	XML_HEAD "<w:styles " W_NS ">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" RFONTS("仿宋_GB2312") "<w:kern w:val=\"2\"/><w:sz w:val=\"32\"/>"
	"<w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:jc w:val=\"both\"/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
	"</w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>"
	"<w:pPr><w:widowControl w:val=\"0\"/><w:snapToGrid w:val=\"1\"/></w:pPr><w:rPr>" RFONTS("仿宋_GB2312")
	"<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
	PSTYLE("GwTitle", "公文标题", "<w:jc w:val=\"center\"/><w:spacing w:after=\"579\"/>",
	       RFONTS("方正小标宋简体") "<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>")
	PSTYLE("GwSubtitle", "公文副标题", "<w:jc w:val=\"center\"/>", RFONTS("楷体_GB2312") "<w:sz w:val=\"32\"/>")
	PSTYLE("GwHeading1", "一级标题", "<w:keepNext/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"0\"/>",
	       RFONTS("黑体") "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>")
	PSTYLE("GwHeading2", "二级标题", "<w:keepNext/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"1\"/>",
	       RFONTS("楷体_GB2312") "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>")
	PSTYLE("GwBody", "公文正文", "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
	       RFONTS("仿宋_GB2312") "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>")
	PSTYLE("GwLine", "公文行", "", RFONTS("仿宋_GB2312") "<w:sz w:val=\"32\"/>")
	PSTYLE("GwSignature", "发文机关署名", "<w:jc w:val=\"right\"/><w:ind w:right=\"1280\"/>",
	       RFONTS("仿宋_GB2312") "<w:sz w:val=\"32\"/>")
	PSTYLE("GwTableHead", "表头", "<w:snapToGrid w:val=\"0\"/><w:jc w:val=\"center\"/>",
	       RFONTS("黑体") "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>")
	PSTYLE("GwTable", "表格", "<w:snapToGrid w:val=\"0\"/>", RFONTS("仿宋_GB2312") "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>")
	PSTYLE("GwFooter", "页码", "<w:snapToGrid w:val=\"0\"/>", RFONTS("宋体") "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>")
	"<w:style w:type=\"table\" w:styleId=\"GwTableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>"
	"<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
	"</w:tblBorders></w:tblPr></w:style>"
	"</w:styles>";

/*
 * The section: A4 11906 x 16838 twips; margins top 37 mm = 2098, bottom 35 mm = 1984, left 28 mm = 1587,
 * right 26 mm = 1474. Grid: 22 lines in the 225 mm text height = 579 twips a line; 28 characters in the
 * 156 mm (442.2 pt) text width = 15.79 pt a character, i.e. 0.21 pt less than 3号, in 1/4096 pt: -840.
 */
static const char section_xml[] =
	"<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"even\" r:id=\"rId5\"/>"
	"<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	"<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"1304\" w:gutter=\"0\"/>"
	"<w:cols w:space=\"425\"/><w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"-840\"/></w:sectPr>";

static int zip_add_text(zip_t *za, const char *name, const char *text, size_t len)
{
	zip_source_t *src = zip_source_buffer(za, text, len, 0);

	if (!src)
		return -1;
	if (zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

int document_docx(const struct document *d, char **data, size_t *len)
{
	static const struct {
		const char *name, *text;
	} parts[] = {
		{"[Content_Types].xml", content_types}, {"_rels/.rels", package_rels},
		{"word/_rels/document.xml.rels", document_rels}, {"word/styles.xml", styles_xml},
		{"word/fontTable.xml", font_table}, {"word/settings.xml", settings_xml},
		{"word/footer1.xml", footer_odd}, {"word/footer2.xml", footer_even},
	};
	struct buf body;
	char path[] = "/tmp/waishi-docx-XXXXXX";
	zip_t *za = NULL;
	size_t i = 0;
	int fd, err = 0, rc = -1;

	buf_init(&body, (size_t)64 << 20);
	if (buf_adds(&body, XML_HEAD "<w:document " W_NS " " R_NS "><w:body>") != BUF_OK)
		goto out;
	while (i < d->n) {
		if (d->blocks[i].kind == BLOCK_ROW || d->blocks[i].kind == BLOCK_ROW_HEAD) {
			if (docx_table(&body, d->blocks, d->n, &i) != 0)
				goto out;
		} else if (docx_paragraph(&body, &d->blocks[i++]) != 0) {
			goto out;
		}
	}
	if (buf_adds(&body, section_xml) != BUF_OK || buf_adds(&body, "</w:body></w:document>") != BUF_OK)
		goto out;
	fd = mkstemp(path);
	if (fd < 0)
		goto out;
	close(fd);
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		goto out;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (zip_add_text(za, parts[i].name, parts[i].text, strlen(parts[i].text)) != 0)
			goto out;
	if (zip_add_text(za, "word/document.xml", body.data, body.len) == 0 && zip_close(za) == 0) {
		za = NULL;
		rc = document_slurp(path, data, len);
	}
out:
	if (za)
		zip_discard(za);
	unlink(path);
	buf_free(&body);
	return rc;
}

void document_release_fonts(void)
{
	/* the default font map holds pango's font and fontset caches (and through them fontconfig's
	 * patterns); cairo's and fontconfig's own caches stay reachable. Their resets
	 * (cairo_debug_reset_static_data, FcFini) abort while anything is alive, which would hide a
	 * leaked layout behind an assertion instead of reporting it. */
	const struct pdf_libs *lib = pdf_libs_loaded();

	if (lib) /* never loaded just to be released */
		lib->pango_cairo_font_map_set_default(NULL);
}
