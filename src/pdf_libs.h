/*
 * pdf_libs.h - pango and cairo, bound on the first PDF rather than at
 * start-up. Linked directly they and their ~33 dependencies (glib, harfbuzz,
 * fontconfig, freetype, X11 …) made half of every process start; the binary
 * no longer names them, and the first document_pdf dlopens pangocairo once
 * (pthread_once) and takes its functions from this table.
 */
#ifndef WAISHI_PDF_LIBS_H
#define WAISHI_PDF_LIBS_H

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

/* every pango, cairo and gobject function document.c calls */
#define PDF_LIBS_FUNCTIONS(X)                                                                                          \
	X(cairo_create)                                                                                                \
	X(cairo_destroy)                                                                                               \
	X(cairo_move_to)                                                                                               \
	X(cairo_pdf_surface_create_for_stream)                                                                         \
	X(cairo_rectangle)                                                                                             \
	X(cairo_set_line_width)                                                                                        \
	X(cairo_set_source_rgb)                                                                                        \
	X(cairo_show_page)                                                                                             \
	X(cairo_stroke)                                                                                                \
	X(cairo_surface_destroy)                                                                                       \
	X(cairo_surface_finish)                                                                                        \
	X(cairo_surface_status)                                                                                        \
	X(g_object_unref)                                                                                              \
	X(pango_attr_letter_spacing_new)                                                                               \
	X(pango_attr_list_insert)                                                                                      \
	X(pango_attr_list_new)                                                                                         \
	X(pango_attr_list_unref)                                                                                       \
	X(pango_cairo_context_set_resolution)                                                                          \
	X(pango_cairo_create_layout)                                                                                   \
	X(pango_cairo_font_map_set_default)                                                                            \
	X(pango_cairo_show_layout)                                                                                     \
	X(pango_cairo_show_layout_line)                                                                                \
	X(pango_font_description_free)                                                                                 \
	X(pango_font_description_from_string)                                                                          \
	X(pango_layout_context_changed)                                                                                \
	X(pango_layout_get_context)                                                                                    \
	X(pango_layout_get_line_count)                                                                                 \
	X(pango_layout_get_line_readonly)                                                                              \
	X(pango_layout_get_size)                                                                                       \
	X(pango_layout_line_get_extents)                                                                               \
	X(pango_layout_set_alignment)                                                                                  \
	X(pango_layout_set_attributes)                                                                                 \
	X(pango_layout_set_ellipsize)                                                                                  \
	X(pango_layout_set_font_description)                                                                           \
	X(pango_layout_set_indent)                                                                                     \
	X(pango_layout_set_text)                                                                                       \
	X(pango_layout_set_width)                                                                                      \
	X(pango_layout_set_wrap)

struct pdf_libs {
#define PDF_LIBS_MEMBER(name) __typeof__(name) *name;
	PDF_LIBS_FUNCTIONS(PDF_LIBS_MEMBER)
#undef PDF_LIBS_MEMBER
};

/* The bound functions, loading the libraries on the first call (any thread); NULL when they cannot be loaded. */
const struct pdf_libs *pdf_libs_get(void);

/* The table if an earlier call loaded it, else NULL; never loads (for releasing caches at exit). */
const struct pdf_libs *pdf_libs_loaded(void);

#endif
