/*
 * document.c - documents rendered as PDF (cairo + pango) and .docx (libzip),
 * see document.h.
 */
#include "document.h"

#include "buf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#define PAGE_W 595.0 /* A4 in points */
#define PAGE_H 842.0
#define MARGIN 64.0

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

static const char *font_of(enum block_kind kind)
{
	switch (kind) {
	case BLOCK_TITLE:
		return "Noto Serif CJK SC Bold 20";
	case BLOCK_SUBTITLE:
		return "Noto Sans CJK SC 11";
	case BLOCK_HEADING:
		return "Noto Sans CJK SC Bold 13";
	default:
		return "Noto Serif CJK SC 11.5";
	}
}

static void draw_block(cairo_t *cr, PangoLayout *layout, const struct block *b, double *y)
{
	PangoFontDescription *font = pango_font_description_from_string(font_of(b->kind));
	int w, h;

	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_width(layout, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(layout, b->kind == BLOCK_TITLE || b->kind == BLOCK_SUBTITLE ? PANGO_ALIGN_CENTER
			       : b->kind == BLOCK_SIGNATURE ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_indent(layout, b->kind == BLOCK_PARAGRAPH ? (int)(23 * PANGO_SCALE) : 0);
	pango_layout_set_line_spacing(layout, 1.5f);
	pango_layout_set_text(layout, b->text, -1);
	pango_layout_get_size(layout, &w, &h);
	if (*y + (double)h / PANGO_SCALE > PAGE_H - MARGIN) {
		cairo_show_page(cr);
		*y = MARGIN;
	}
	cairo_move_to(cr, MARGIN, *y);
	pango_cairo_show_layout(cr, layout);
	*y += (double)h / PANGO_SCALE + (b->kind == BLOCK_TITLE ? 14 : b->kind == BLOCK_HEADING ? 8 : 6);
}

int document_pdf(const struct document *d, char **data, size_t *len)
{
	struct buf out;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	double y = MARGIN;
	size_t i;
	int rc;

	buf_init(&out, (size_t)64 << 20);
	surface = cairo_pdf_surface_create_for_stream(pdf_write, &out, PAGE_W, PAGE_H);
	cr = cairo_create(surface);
	layout = pango_cairo_create_layout(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (i = 0; i < d->n; i++)
		draw_block(cr, layout, &d->blocks[i], &y);
	g_object_unref(layout);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	rc = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	cairo_surface_destroy(surface);
	if (rc) {
		buf_free(&out);
		return -1;
	}
	*data = buf_detach(&out, len);
	return *data ? 0 : -1;
}

/* ---- DOCX ---- */

static int add_escaped(struct buf *b, const char *s)
{
	int rc = BUF_OK;

	for (; *s && rc == BUF_OK; s++) {
		switch (*s) {
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
			rc = buf_add(b, s, 1);
		}
	}
	return rc;
}

static int docx_paragraph(struct buf *b, const struct block *blk)
{
	static const char *const props[] = {
		[BLOCK_TITLE] = "<w:pPr><w:jc w:val=\"center\"/><w:spacing w:after=\"240\"/></w:pPr>",
		[BLOCK_SUBTITLE] = "<w:pPr><w:jc w:val=\"center\"/><w:spacing w:after=\"240\"/></w:pPr>",
		[BLOCK_HEADING] = "<w:pPr><w:spacing w:before=\"240\" w:after=\"120\"/></w:pPr>",
		[BLOCK_PARAGRAPH] = "<w:pPr><w:ind w:firstLine=\"640\"/><w:spacing w:line=\"360\" w:lineRule=\"auto\"/></w:pPr>",
		[BLOCK_LINE] = "<w:pPr><w:spacing w:line=\"360\" w:lineRule=\"auto\"/></w:pPr>",
		[BLOCK_SIGNATURE] = "<w:pPr><w:jc w:val=\"right\"/></w:pPr>",
	};
	static const char *const runs[] = {
		[BLOCK_TITLE] = "<w:rPr><w:rFonts w:eastAsia=\"Noto Serif CJK SC\"/><w:b/><w:sz w:val=\"40\"/></w:rPr>",
		[BLOCK_SUBTITLE] = "<w:rPr><w:rFonts w:eastAsia=\"Noto Sans CJK SC\"/><w:sz w:val=\"22\"/></w:rPr>",
		[BLOCK_HEADING] = "<w:rPr><w:rFonts w:eastAsia=\"Noto Sans CJK SC\"/><w:b/><w:sz w:val=\"28\"/></w:rPr>",
		[BLOCK_PARAGRAPH] = "<w:rPr><w:rFonts w:eastAsia=\"Noto Serif CJK SC\"/><w:sz w:val=\"24\"/></w:rPr>",
		[BLOCK_LINE] = "<w:rPr><w:rFonts w:eastAsia=\"Noto Serif CJK SC\"/><w:sz w:val=\"24\"/></w:rPr>",
		[BLOCK_SIGNATURE] = "<w:rPr><w:rFonts w:eastAsia=\"Noto Serif CJK SC\"/><w:sz w:val=\"24\"/></w:rPr>",
	};

	if (buf_addf(b, "<w:p>%s<w:r>%s<w:t xml:space=\"preserve\">", props[blk->kind], runs[blk->kind]) != BUF_OK ||
	    add_escaped(b, blk->text) != BUF_OK)
		return -1;
	return buf_adds(b, "</w:t></w:r></w:p>") == BUF_OK ? 0 : -1;
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/></Relationships>";

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
	struct buf body;
	char path[] = "/tmp/waishi-docx-XXXXXX";
	zip_t *za = NULL;
	size_t i;
	int fd, err = 0, rc = -1;

	buf_init(&body, (size_t)64 << 20);
	if (buf_adds(&body, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
			    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>") != BUF_OK)
		goto out;
	for (i = 0; i < d->n; i++)
		if (docx_paragraph(&body, &d->blocks[i]) != 0)
			goto out;
	if (buf_adds(&body, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\""
			    " w:bottom=\"1440\" w:left=\"1440\"/></w:sectPr></w:body></w:document>") != BUF_OK)
		goto out;
	fd = mkstemp(path);
	if (fd < 0)
		goto out;
	close(fd);
	za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		goto out;
	if (zip_add_text(za, "[Content_Types].xml", content_types, strlen(content_types)) == 0 &&
	    zip_add_text(za, "_rels/.rels", package_rels, strlen(package_rels)) == 0 &&
	    zip_add_text(za, "word/document.xml", body.data, body.len) == 0 && zip_close(za) == 0) {
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
	pango_cairo_font_map_set_default(NULL);
}
