/*
 * buf.h - a growable byte buffer with a hard size limit.
 *
 * Invariants: `data` is never NULL after buf_init() and always NUL-terminated,
 * so it can be used as a C string; `len` excludes the terminator. A buffer
 * never grows past `limit` bytes: an append that would is refused with
 * BUF_TOOBIG and leaves the buffer unchanged. On allocation failure the
 * buffer is freed and reset (like curl's dynbuf), so callers just return.
 */
#ifndef WAISHI_BUF_H
#define WAISHI_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

enum { BUF_OK = 0, BUF_NOMEM = -1, BUF_TOOBIG = -2 };

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t limit;
};

#define BUF_DEFAULT_LIMIT ((size_t)64 << 20)

void buf_init(struct buf *b, size_t limit);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);

__attribute__((warn_unused_result)) int buf_add_grow(struct buf *b, const void *p, size_t n);
/* Append n bytes; inline while they fit the room already there (the lists' JSON), else buf_add_grow. */
__attribute__((warn_unused_result)) static inline int buf_add(struct buf *b, const void *p, size_t n)
{
	if (n >= b->cap - b->len) /* cap 0: the static empty string, always grown first */
		return buf_add_grow(b, p, n);
	__builtin_memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return BUF_OK;
}
/* Room for `extra` more bytes at once (a list page's expected size), within the limit. */
__attribute__((warn_unused_result)) int buf_reserve(struct buf *b, size_t extra);
__attribute__((warn_unused_result)) int buf_adds(struct buf *b, const char *s);
__attribute__((warn_unused_result, format(printf, 2, 3))) int buf_addf(struct buf *b, const char *fmt, ...);
__attribute__((warn_unused_result)) int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* An integer in decimal, as "%lld" writes it, without printf. */
__attribute__((warn_unused_result)) int buf_add_int(struct buf *b, int64_t v);

/* Hand the storage to the caller ("you now own it"); the buffer is reset. */
char *buf_detach(struct buf *b, size_t *len);

#endif
