/*
 * pdf_libs.c - binds pango and cairo on first use, see pdf_libs.h.
 */
#include "pdf_libs.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* the soname Debian's libpango1.0-dev links against; cairo, pango and gobject come as its dependencies */
#define PANGOCAIRO_SONAME "libpangocairo-1.0.so.0"

static struct pdf_libs libs;
static int libs_ready; /* written once inside pthread_once, read with __atomic */
static pthread_once_t libs_once = PTHREAD_ONCE_INIT;

static void load_libs(void)
{
	void *handle = dlopen(PANGOCAIRO_SONAME, RTLD_NOW | RTLD_LOCAL);
	void *fn;

	if (!handle) {
		fprintf(stderr, "waishi: cannot load %s for PDF documents: %s\n", PANGOCAIRO_SONAME, dlerror());
		return;
	}
	/* dlsym on the handle searches pangocairo and its dependencies (cairo, pango, gobject) */
#define PDF_LIBS_BIND(name)                                                                                            \
	fn = dlsym(handle, #name);                                                                                     \
	if (!fn) {                                                                                                     \
		fprintf(stderr, "waishi: %s has no %s\n", PANGOCAIRO_SONAME, #name);                                   \
		return;                                                                                                \
	}                                                                                                              \
	memcpy(&libs.name, &fn, sizeof(fn));
	PDF_LIBS_FUNCTIONS(PDF_LIBS_BIND)
#undef PDF_LIBS_BIND
	/* never closed: fonts and caches live as long as the process, as when linked */
	__atomic_store_n(&libs_ready, 1, __ATOMIC_RELEASE);
}

const struct pdf_libs *pdf_libs_get(void)
{
	pthread_once(&libs_once, load_libs);
	return pdf_libs_loaded();
}

const struct pdf_libs *pdf_libs_loaded(void)
{
	return __atomic_load_n(&libs_ready, __ATOMIC_ACQUIRE) ? &libs : NULL;
}
