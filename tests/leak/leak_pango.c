/*
 * leak_pango.c - shows that tests/lsan.supp hides only the libraries' own
 * losses: it renders Chinese text into a PDF with cairo and pango as
 * document.c does and releases the font caches at exit. Built twice by the
 * Makefile: with LEAK_LAYOUT=1 it forgets its PangoLayout, and the leak
 * checker must report it (tests/run.sh checks both builds).
 */
#include "document.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

int main(void)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(discard, NULL, 595, 842);
	cairo_t *cr = cairo_create(surface);
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *font = pango_font_description_from_string("Noto Serif CJK SC 12");
	int w, h;

	pango_layout_set_font_description(layout, font);
	pango_font_description_free(font);
	pango_layout_set_text(layout, "外事工作统计报告:团组47批191人次", -1);
	pango_layout_get_size(layout, &w, &h);
	cairo_move_to(cr, 50, 50);
	pango_cairo_show_layout(cr, layout);
#if !LEAK_LAYOUT
	g_object_unref(layout);
#endif
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_surface_destroy(surface);
	document_release_fonts();
	return w > 0 && h > 0 ? 0 : 1;
}
