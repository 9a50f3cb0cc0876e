/*
 * leak_pango.c - shows that tests/lsan.supp hides only the libraries' own
 * losses: it renders Chinese text into a PDF with cairo and pango as
 * document.c does (bound on first use through pdf_libs.h) and releases the
 * font caches at exit. Built twice by the
 * Makefile: with LEAK_LAYOUT=1 it forgets its PangoLayout, and the leak
 * checker must report it (tests/run.sh checks both builds).
 */
#include "document.h"
#include "pdf_libs.h"

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

int main(void)
{
	const struct pdf_libs *lib = pdf_libs_get();
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	PangoFontDescription *font;
	int w, h;

	if (!lib)
		return 2;
	surface = lib->cairo_pdf_surface_create_for_stream(discard, NULL, 595, 842);
	cr = lib->cairo_create(surface);
	layout = lib->pango_cairo_create_layout(cr);
	font = lib->pango_font_description_from_string("Noto Serif CJK SC 12");
	lib->pango_layout_set_font_description(layout, font);
	lib->pango_font_description_free(font);
	lib->pango_layout_set_text(layout, "外事工作统计报告:团组47批191人次", -1);
	lib->pango_layout_get_size(layout, &w, &h);
	lib->cairo_move_to(cr, 50, 50);
	lib->pango_cairo_show_layout(cr, layout);
#if !LEAK_LAYOUT
	lib->g_object_unref(layout);
#endif
	lib->cairo_destroy(cr);
	lib->cairo_surface_finish(surface);
	lib->cairo_surface_destroy(surface);
	document_release_fonts();
	return w > 0 && h > 0 ? 0 : 1;
}
