/*
 * multipart.h - a strict, streaming multipart/form-data reader (RFC 7578).
 *
 * Bytes are fed as they arrive (multipart_feed) and each part's content is
 * handed to a callback in pieces, so a file is never held in memory. The
 * reader is strict where libmicrohttpd's post processor is lenient: a body
 * must end with the closing delimiter `--BOUNDARY--` (optionally followed by
 * one CRLF) and nothing else, every part needs its header block, and a
 * header block is at most MULTIPART_MAX_HEADER bytes. multipart_finish()
 * tells whether the body was complete; a truncated body, a missing closing
 * boundary or trailing garbage is an error, and callers store nothing.
 */
#ifndef WAISHI_MULTIPART_H
#define WAISHI_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#define MULTIPART_MAX_BOUNDARY 70
#define MULTIPART_MAX_HEADER 8192

/* One piece of a part's content: `name` and `filename` ("" when absent) of the part. Return 0 to go on. */
typedef int (*multipart_data_fn)(void *arg, const char *name, const char *filename, const char *data, size_t len);

struct multipart {
	char delim[MULTIPART_MAX_BOUNDARY + 5]; /* "\r\n--" BOUNDARY */
	size_t dlen;
	size_t matched; /* bytes of delim matched so far */
	int state;
	char header[MULTIPART_MAX_HEADER + 1];
	size_t hlen;
	char name[128];
	char filename[256];
	bool in_part; /* content bytes belong to a part (not the preamble) */
	int part_no;  /* 1 for the first part, and so on */
	multipart_data_fn on_data;
	void *arg;
	const char *error; /* first error, English; NULL while all is well */
};

/* Read the boundary from a Content-Type header. 0, or -1 when it is not multipart/form-data with a boundary. */
int multipart_init(struct multipart *mp, const char *content_type, multipart_data_fn on_data, void *arg);
/* Feed the next bytes. 0, or -1 once the body is malformed (mp->error says why). */
int multipart_feed(struct multipart *mp, const char *data, size_t len);
/* The body has ended: 0 when it was complete and well formed, else -1. */
int multipart_finish(struct multipart *mp);

#endif
