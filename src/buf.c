/*
 * buf.c - growable byte buffer with a hard size limit (see buf.h).
 */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty_string[1];

void buf_init(struct buf *b, size_t limit)
{
	b->data = empty_string;
	b->len = 0;
	b->cap = 0;
	b->limit = limit ? limit : BUF_DEFAULT_LIMIT;
}

void buf_free(struct buf *b)
{
	if (b->cap)
		free(b->data);
	b->data = empty_string;
	b->len = 0;
	b->cap = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

static int buf_grow(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > b->limit || b->len > b->limit - extra)
		return BUF_TOOBIG;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return BUF_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (cap > b->limit + 1)
		cap = b->limit + 1; /* so no append within the room can pass the limit (buf_add's fast path) */
	p = b->cap ? realloc(b->data, cap) : malloc(cap);
	if (!p) {
		buf_free(b);
		return BUF_NOMEM;
	}
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = cap;
	return BUF_OK;
}

int buf_reserve(struct buf *b, size_t extra)
{
	return buf_grow(b, extra);
}

int buf_add_grow(struct buf *b, const void *p, size_t n)
{
	int rc = buf_grow(b, n);

	if (rc != BUF_OK)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return BUF_OK;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

/*
 * Formats into the room the buffer has and only when that is too small grows it and formats again
 * (it formatted twice always: measuring, then writing - 4 % of a list request's CPU).
 */
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	size_t room = b->cap ? b->cap - b->len : 0; /* with the terminator */
	va_list copy;
	int n, rc;

	va_copy(copy, ap);
	n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, copy);
	va_end(copy);
	if (n < 0) {
		if (room)
			b->data[b->len] = '\0';
		return BUF_NOMEM;
	}
	if ((size_t)n < room && (size_t)n <= b->limit && b->len <= b->limit - (size_t)n) {
		b->len += (size_t)n;
		return BUF_OK;
	}
	if (room)
		b->data[b->len] = '\0'; /* unchanged, whatever was written past the end */
	rc = buf_grow(b, (size_t)n);
	if (rc != BUF_OK)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return BUF_OK;
}

int buf_add_int(struct buf *b, int64_t v)
{
	char digits[24], *p = digits + sizeof(digits);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return buf_add(b, p, (size_t)(digits + sizeof(digits) - p));
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (!b->cap) {
		p = strdup("");
		if (len)
			*len = 0;
		return p;
	}
	p = b->data;
	if (len)
		*len = b->len;
	b->data = empty_string;
	b->len = 0;
	b->cap = 0;
	return p;
}
