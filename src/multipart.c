/*
 * multipart.c - the strict streaming multipart/form-data reader (see multipart.h).
 *
 * The body is read as if it began with CRLF, so every delimiter, the first
 * included, is "\r\n--BOUNDARY". A boundary holds no CR, so after a partial
 * match fails only the current byte can start a new match.
 */
#include "multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum {
	MP_SCAN,        /* preamble or a part's content, looking for the delimiter */
	MP_AFTER_DELIM, /* "--" closes, CRLF opens a part (transport padding allowed) */
	MP_OPEN_LF,     /* CR seen after a delimiter */
	MP_DASH,        /* one '-' seen after a delimiter */
	MP_CLOSED,      /* "--BOUNDARY--" seen: only CRLF may follow */
	MP_CLOSED_CR,
	MP_END,
	MP_HEADERS,
	MP_ERROR,
};

#define FLUSH_SIZE 16384

static int fail(struct multipart *mp, const char *why)
{
	if (!mp->error)
		mp->error = why;
	mp->state = MP_ERROR;
	return -1;
}

int multipart_init(struct multipart *mp, const char *content_type, multipart_data_fn on_data, void *arg)
{
	const char *p;
	size_t n = 0;

	memset(mp, 0, sizeof(*mp));
	mp->on_data = on_data;
	mp->arg = arg;
	mp->state = MP_SCAN;
	if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0)
		return -1;
	p = strcasestr(content_type, "boundary=");
	if (!p)
		return -1;
	p += 9;
	memcpy(mp->delim, "\r\n--", 4);
	if (*p == '"') {
		for (p++; *p && *p != '"' && n < MULTIPART_MAX_BOUNDARY; p++)
			mp->delim[4 + n++] = *p;
		if (*p != '"')
			return -1;
	} else {
		for (; *p && *p != ';' && *p != ' ' && *p != '\t' && n < MULTIPART_MAX_BOUNDARY; p++)
			mp->delim[4 + n++] = *p;
		if (*p && *p != ';' && *p != ' ' && *p != '\t')
			return -1;
	}
	if (n == 0 || memchr(mp->delim + 4, '\r', n) || memchr(mp->delim + 4, '\n', n))
		return -1;
	mp->dlen = 4 + n;
	mp->matched = 2; /* the virtual CRLF before the first delimiter */
	return 0;
}

/* Copy a parameter's value (quoted or a token) from `p` into out. */
static void param_value(const char *p, char *out, size_t len)
{
	size_t w = 0;

	if (*p == '"') {
		for (p++; *p && *p != '"'; p++) {
			if (*p == '\\' && p[1])
				p++;
			if (w + 1 < len)
				out[w++] = *p;
		}
	} else {
		for (; *p && *p != ';' && *p != '\r'; p++)
			if (w + 1 < len)
				out[w++] = *p;
		while (w && (out[w - 1] == ' ' || out[w - 1] == '\t'))
			w--;
	}
	out[w] = '\0';
}

/* Read name and filename from the part's Content-Disposition header. */
static int parse_headers(struct multipart *mp)
{
	char *line = mp->header, *next, *p;
	bool disposition = false;

	mp->name[0] = mp->filename[0] = '\0';
	for (; *line; line = next) {
		next = strstr(line, "\r\n");
		if (!next)
			break;
		*next = '\0';
		next += 2;
		if (strncasecmp(line, "Content-Disposition:", 20) != 0)
			continue;
		disposition = true;
		for (p = line + 20; (p = strchr(p, ';')); ) {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (strncasecmp(p, "name=", 5) == 0)
				param_value(p + 5, mp->name, sizeof(mp->name));
			else if (strncasecmp(p, "filename=", 9) == 0)
				param_value(p + 9, mp->filename, sizeof(mp->filename));
		}
	}
	if (!disposition || !mp->name[0])
		return fail(mp, "a part has no Content-Disposition with a name");
	return 0;
}

struct out {
	char data[FLUSH_SIZE];
	size_t len;
};

static int flush(struct multipart *mp, struct out *o)
{
	int rc = 0;

	if (o->len && mp->in_part && mp->on_data(mp->arg, mp->name, mp->filename, o->data, o->len) != 0)
		rc = fail(mp, "the upload was refused");
	o->len = 0;
	return rc;
}

static int emit(struct multipart *mp, struct out *o, const char *p, size_t n)
{
	while (n) {
		size_t take = sizeof(o->data) - o->len < n ? sizeof(o->data) - o->len : n;

		memcpy(o->data + o->len, p, take);
		o->len += take;
		p += take;
		n -= take;
		if (o->len == sizeof(o->data) && flush(mp, o) != 0)
			return -1;
	}
	return 0;
}

/* One byte while looking for the delimiter. */
static int scan_byte(struct multipart *mp, struct out *o, char c)
{
	if (c == mp->delim[mp->matched]) {
		if (++mp->matched < mp->dlen)
			return 0;
		mp->matched = 0;
		if (flush(mp, o) != 0)
			return -1;
		mp->in_part = false;
		mp->state = MP_AFTER_DELIM;
		return 0;
	}
	if (mp->matched && emit(mp, o, mp->delim, mp->matched) != 0)
		return -1;
	mp->matched = 0;
	if (c == mp->delim[0]) {
		mp->matched = 1;
		return 0;
	}
	return emit(mp, o, &c, 1);
}

static int header_byte(struct multipart *mp, char c)
{
	if (mp->hlen >= MULTIPART_MAX_HEADER)
		return fail(mp, "a part's headers are too long");
	mp->header[mp->hlen++] = c;
	mp->header[mp->hlen] = '\0';
	if (mp->hlen == 2 && memcmp(mp->header, "\r\n", 2) == 0)
		return fail(mp, "a part has no headers");
	if (mp->hlen >= 4 && memcmp(mp->header + mp->hlen - 4, "\r\n\r\n", 4) == 0) {
		mp->header[mp->hlen - 2] = '\0';
		if (parse_headers(mp) != 0)
			return -1;
		mp->in_part = true;
		mp->part_no++;
		mp->matched = 0;
		mp->state = MP_SCAN;
	}
	return 0;
}

static int step(struct multipart *mp, struct out *o, char c)
{
	switch (mp->state) {
	case MP_SCAN:
		return scan_byte(mp, o, c);
	case MP_AFTER_DELIM:
		if (c == '-')
			mp->state = MP_DASH;
		else if (c == '\r')
			mp->state = MP_OPEN_LF;
		else if (c != ' ' && c != '\t')
			return fail(mp, "a boundary is followed by something other than CRLF or --");
		return 0;
	case MP_OPEN_LF:
		if (c != '\n')
			return fail(mp, "a boundary line does not end with CRLF");
		mp->hlen = 0;
		mp->state = MP_HEADERS;
		return 0;
	case MP_DASH:
		if (c != '-')
			return fail(mp, "a boundary is followed by something other than CRLF or --");
		mp->state = MP_CLOSED;
		return 0;
	case MP_CLOSED:
		if (c != '\r')
			return fail(mp, "there is data after the closing boundary");
		mp->state = MP_CLOSED_CR;
		return 0;
	case MP_CLOSED_CR:
		if (c != '\n')
			return fail(mp, "there is data after the closing boundary");
		mp->state = MP_END;
		return 0;
	case MP_END:
		return fail(mp, "there is data after the closing boundary");
	case MP_HEADERS:
		return header_byte(mp, c);
	default:
		return -1;
	}
}

int multipart_feed(struct multipart *mp, const char *data, size_t len)
{
	struct out o;
	size_t i;

	if (mp->state == MP_ERROR)
		return -1;
	o.len = 0;
	for (i = 0; i < len; i++)
		if (step(mp, &o, data[i]) != 0)
			return -1;
	return flush(mp, &o);
}

int multipart_finish(struct multipart *mp)
{
	if (mp->state == MP_ERROR)
		return -1;
	if (mp->state == MP_END || mp->state == MP_CLOSED)
		return 0;
	return fail(mp, mp->state == MP_HEADERS || mp->in_part ? "the upload is truncated: a part does not end"
								 : "the upload has no closing boundary");
}
