/*
 * table.c - .xlsx and .csv files as rows of UTF-8 strings (see table.h).
 */
#include "table.h"

#include "buf.h"
#include "validate.h"
#include "util.h"

#include <expat.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define CHUNK 65536

/* ---- building rows ---- */

struct builder {
	struct table *t;
	char *cells[TABLE_KEEP_COLUMNS];
	size_t ncells;
	int failed;        /* TABLE_BAD or TABLE_TOO_LARGE once a limit is passed */
	char why[160];     /* the limit, in Chinese */
};

static void limit_hit(struct builder *b, int code, const char *why)
{
	if (!b->failed) {
		b->failed = code;
		snprintf(b->why, sizeof(b->why), "%s", why);
	}
}

/* Keep a non-empty cell; empty ones cost nothing. */
static void set_cell(struct builder *b, size_t col, const char *text, size_t len)
{
	char *copy;

	if (col >= TABLE_MAX_COLUMNS) {
		limit_hit(b, TABLE_BAD, "表格超过 16384 列");
		return;
	}
	if (len == 0 || col >= TABLE_KEEP_COLUMNS)
		return;
	copy = malloc(len + 1);
	if (!copy) {
		limit_hit(b, TABLE_TOO_LARGE, "文件过大,内存不足");
		return;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	while (b->ncells < col)
		b->cells[b->ncells++] = NULL;
	free(col < b->ncells ? b->cells[col] : NULL);
	b->cells[col] = copy;
	if (col >= b->ncells)
		b->ncells = col + 1;
}

static void end_row(struct builder *b)
{
	struct table *t = b->t;
	char ***rows;
	size_t *ncols;

	if (b->failed)
		return;
	if (t->nrows >= TABLE_MAX_ROWS) {
		limit_hit(b, TABLE_BAD, "表格超过 100000 行");
		return;
	}
	if ((t->nrows & (t->nrows - 1)) == 0) { /* grow at powers of two */
		size_t cap = t->nrows ? t->nrows * 2 : 1;
		rows = realloc(t->rows, cap * sizeof(*rows));
		if (rows)
			t->rows = rows;
		ncols = rows ? realloc(t->ncols, cap * sizeof(*ncols)) : NULL;
		if (!rows || !ncols) {
			limit_hit(b, TABLE_TOO_LARGE, "文件过大,内存不足");
			return;
		}
		t->ncols = ncols;
	}
	t->rows[t->nrows] = NULL;
	if (b->ncells) {
		t->rows[t->nrows] = malloc(b->ncells * sizeof(char *));
		if (!t->rows[t->nrows]) {
			limit_hit(b, TABLE_TOO_LARGE, "文件过大,内存不足");
			return;
		}
		memcpy(t->rows[t->nrows], b->cells, b->ncells * sizeof(char *));
	}
	t->ncols[t->nrows] = b->ncells;
	t->nrows++;
	b->ncells = 0;
}

static void builder_free(struct builder *b)
{
	size_t i;

	for (i = 0; i < b->ncells; i++)
		free(b->cells[i]);
	b->ncells = 0;
}

const char *table_cell(const struct table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols[row] || !t->rows[row][col])
		return "";
	return t->rows[row][col];
}

void table_free(struct table *t)
{
	size_t r, c;

	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols[r]; c++)
			free(t->rows[r][c]);
		free(t->rows[r]);
	}
	free(t->rows);
	free(t->ncols);
	memset(t, 0, sizeof(*t));
}

/* Characters of UTF-8 text (continuation bytes not counted). */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* ---- CSV ---- */

/* UTF-8 (BOM removed) or GB18030 converted to UTF-8; *out is malloc'd. */
static int to_utf8(const char *data, size_t len, char **out, size_t *outlen)
{
	iconv_t cd;
	char *in, *o;
	size_t inleft, cap, outleft;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (memchr(data, 0, len) == NULL) {
		*out = malloc(len + 1);
		if (!*out)
			return -1;
		memcpy(*out, data, len);
		(*out)[len] = '\0';
		if (util_utf8_length(*out) >= 0) {
			*outlen = len;
			return 0;
		}
		free(*out);
	}
	cap = len * 2 + 16;
	outleft = cap;
	*out = malloc(cap + 1);
	if (!*out)
		return -1;
	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1) {
		free(*out);
		return -1;
	}
	o = *out;
	in = (char *)data;
	inleft = len;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		iconv_close(cd);
		free(*out);
		return -1;
	}
	iconv_close(cd);
	*outlen = cap - outleft;
	(*out)[*outlen] = '\0';
	return 0;
}

static void csv_cell(struct builder *b, size_t col, const struct buf *cell)
{
	if (utf8_chars(cell->data, cell->len) > TABLE_MAX_CELL)
		limit_hit(b, TABLE_BAD, "单元格超过 32767 个字符");
	else
		set_cell(b, col, cell->data, cell->len);
}

static int read_csv(const char *data, size_t len, struct table *t, char *err, size_t errlen)
{
	struct builder b;
	struct buf cell;
	char *text = NULL;
	size_t n = 0, i, col = 0;
	bool quoted = false, any = false;

	memset(&b, 0, sizeof(b));
	b.t = t;
	if (to_utf8(data, len, &text, &n) != 0) {
		snprintf(err, errlen, "文件编码无法识别(支持 UTF-8 和 GB18030)");
		return TABLE_BAD;
	}
	buf_init(&cell, (size_t)TABLE_MAX_CELL * 4 + 4);
	for (i = 0; i < n && !b.failed; i++) {
		char ch = text[i];

		if (quoted) {
			if (ch == '"' && i + 1 < n && text[i + 1] == '"') {
				if (buf_add(&cell, "\"", 1) != BUF_OK)
					limit_hit(&b, TABLE_BAD, "单元格超过 32767 个字符");
				i++;
			} else if (ch == '"') {
				quoted = false;
			} else if (buf_add(&cell, &ch, 1) != BUF_OK) {
				limit_hit(&b, TABLE_BAD, "单元格超过 32767 个字符");
			}
			continue;
		}
		if (ch == '"') {
			quoted = true;
			any = true;
		} else if (ch == ',') {
			csv_cell(&b, col++, &cell);
			buf_reset(&cell);
			any = true;
		} else if (ch == '\n' || ch == '\r') {
			if (ch == '\r' && i + 1 < n && text[i + 1] == '\n')
				i++;
			if (any || cell.len) {
				csv_cell(&b, col, &cell);
				end_row(&b);
			}
			buf_reset(&cell);
			col = 0;
			any = false;
		} else if (buf_add(&cell, &ch, 1) != BUF_OK) {
			limit_hit(&b, TABLE_BAD, "单元格超过 32767 个字符");
		} else {
			any = true;
		}
	}
	if (!b.failed && (any || cell.len)) {
		csv_cell(&b, col, &cell);
		end_row(&b);
	}
	buf_free(&cell);
	free(text);
	builder_free(&b);
	if (b.failed || quoted) {
		snprintf(err, errlen, "%s", b.failed ? b.why : "CSV 文件中有未闭合的引号");
		table_free(t);
		return b.failed ? b.failed : TABLE_BAD;
	}
	return TABLE_OK;
}

/* ---- XLSX ---- */

struct xml_state {
	XML_Parser parser;
	struct builder *b;
	struct buf text;       /* the current cell's or string's text */
	size_t text_chars;
	bool in_text;
	/* shared strings: one arena of NUL-terminated strings and their offsets */
	struct buf arena;
	size_t *offsets;
	size_t nstrings, cap;
	/* sheet */
	size_t col;
	char type[16];
};

static void stop(struct xml_state *s, int code, const char *why)
{
	limit_hit(s->b, code, why);
	XML_StopParser(s->parser, XML_FALSE);
}

static void text_chars(void *ud, const XML_Char *data, int len)
{
	struct xml_state *s = ud;

	if (!s->in_text || len <= 0)
		return;
	s->text_chars += utf8_chars(data, (size_t)len);
	if (s->text_chars > TABLE_MAX_CELL || buf_add(&s->text, data, (size_t)len) != BUF_OK)
		stop(s, TABLE_BAD, "单元格超过 32767 个字符");
}

static void text_reset(struct xml_state *s)
{
	buf_reset(&s->text);
	s->text_chars = 0;
}

static void strings_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xml_state *s = ud;

	(void)attrs;
	if (strcmp(name, "t") == 0)
		s->in_text = true;
	else if (strcmp(name, "si") == 0)
		text_reset(s);
}

static void strings_end(void *ud, const XML_Char *name)
{
	struct xml_state *s = ud;

	if (strcmp(name, "t") == 0) {
		s->in_text = false;
	} else if (strcmp(name, "si") == 0) {
		if (s->nstrings == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 256;
			size_t *p = realloc(s->offsets, cap * sizeof(*p));
			if (!p) {
				stop(s, TABLE_TOO_LARGE, "文件过大,内存不足");
				return;
			}
			s->offsets = p;
			s->cap = cap;
		}
		s->offsets[s->nstrings++] = s->arena.len;
		if (buf_add(&s->arena, s->text.data, s->text.len + 1) != BUF_OK)
			stop(s, TABLE_TOO_LARGE, "文件解压后超过 64 MB");
		text_reset(s);
	}
}

/* Column index of a cell reference such as "AB12"; TABLE_MAX_COLUMNS when past Excel's last column. */
static size_t column_of(const char *ref)
{
	size_t col = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
		col = col * 26 + (size_t)(*ref - 'A' + 1);
		if (col > TABLE_MAX_COLUMNS)
			return TABLE_MAX_COLUMNS;
	}
	return col ? col - 1 : 0;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xml_state *s = ud;
	size_t i;

	if (strcmp(name, "row") == 0) {
		s->col = 0;
	} else if (strcmp(name, "c") == 0) {
		snprintf(s->type, sizeof(s->type), "n");
		for (i = 0; attrs[i]; i += 2) {
			if (strcmp(attrs[i], "r") == 0)
				s->col = column_of(attrs[i + 1]);
			else if (strcmp(attrs[i], "t") == 0)
				snprintf(s->type, sizeof(s->type), "%s", attrs[i + 1]);
		}
		if (s->col >= TABLE_MAX_COLUMNS)
			stop(s, TABLE_BAD, "表格超过 16384 列");
		text_reset(s);
	} else if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
		s->in_text = true;
	}
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct xml_state *s = ud;

	if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
		s->in_text = false;
	} else if (strcmp(name, "c") == 0) {
		const char *value = s->text.data;
		size_t len = s->text.len;

		if (strcmp(s->type, "s") == 0) {
			char *end;
			unsigned long idx = strtoul(value, &end, 10);

			value = *value && !*end && idx < s->nstrings ? s->arena.data + s->offsets[idx] : "";
			len = strlen(value);
		}
		set_cell(s->b, s->col, value, len);
		if (s->b->failed)
			XML_StopParser(s->parser, XML_FALSE);
		s->col++;
		text_reset(s);
	} else if (strcmp(name, "row") == 0) {
		end_row(s->b);
		if (s->b->failed)
			XML_StopParser(s->parser, XML_FALSE);
	}
}

/*
 * Inflate one member piece by piece into expat. TABLE_OK; TABLE_BAD when
 * absent (with *absent) or not XML; TABLE_TOO_LARGE past the limits.
 */
static int parse_member(zip_t *za, const char *name, struct xml_state *s, XML_StartElementHandler start,
			XML_EndElementHandler end, bool *absent)
{
	zip_stat_t st;
	zip_file_t *f = NULL;
	uint64_t total = 0;
	zip_int64_t n;
	int rc = TABLE_BAD;
	char *piece;

	*absent = false;
	if (zip_stat(za, name, 0, &st) != 0) {
		*absent = true;
		return TABLE_BAD;
	}
	if ((st.valid & ZIP_STAT_SIZE) && st.size > TABLE_MAX_INFLATED) {
		limit_hit(s->b, TABLE_TOO_LARGE, "文件解压后超过 64 MB");
		return TABLE_TOO_LARGE;
	}
	if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.size > ((uint64_t)1 << 20) &&
	    st.size / (st.comp_size ? st.comp_size : 1) > TABLE_MAX_RATIO) {
		limit_hit(s->b, TABLE_TOO_LARGE, "文件压缩比超过 200 倍");
		return TABLE_TOO_LARGE;
	}
	s->parser = XML_ParserCreate("UTF-8");
	f = zip_fopen(za, name, 0);
	piece = malloc(CHUNK);
	if (!s->parser || !f || !piece)
		goto out;
	XML_SetUserData(s->parser, s);
	XML_SetElementHandler(s->parser, start, end);
	XML_SetCharacterDataHandler(s->parser, text_chars);
	while ((n = zip_fread(f, piece, CHUNK)) > 0) {
		total += (uint64_t)n;
		if (total > TABLE_MAX_INFLATED) { /* the declared size lied */
			limit_hit(s->b, TABLE_TOO_LARGE, "文件解压后超过 64 MB");
			goto out;
		}
		if (XML_Parse(s->parser, piece, (int)n, 0) != XML_STATUS_OK)
			goto out;
	}
	if (n < 0 || XML_Parse(s->parser, NULL, 0, 1) != XML_STATUS_OK)
		goto out;
	rc = TABLE_OK;
out:
	if (s->b->failed)
		rc = s->b->failed;
	free(piece);
	if (f)
		zip_fclose(f);
	if (s->parser)
		XML_ParserFree(s->parser);
	s->parser = NULL;
	return rc;
}

static int read_xlsx(int fd, struct table *t, char *err, size_t errlen)
{
	struct builder b;
	struct xml_state s;
	zip_t *za = NULL;
	int zerr = 0, dupfd = dup(fd), rc = TABLE_BAD;
	bool absent = false;

	memset(&b, 0, sizeof(b));
	b.t = t;
	memset(&s, 0, sizeof(s));
	buf_init(&s.text, (size_t)TABLE_MAX_CELL * 4 + 4);
	buf_init(&s.arena, (size_t)TABLE_MAX_INFLATED);
	s.b = &b;
	if (dupfd >= 0 && lseek(dupfd, 0, SEEK_SET) == 0)
		za = zip_fdopen(dupfd, ZIP_RDONLY, &zerr);
	if (!za) {
		if (dupfd >= 0)
			close(dupfd);
		snprintf(err, errlen, "无法打开 Excel 文件");
		goto out;
	}
	rc = parse_member(za, "xl/sharedStrings.xml", &s, strings_start, strings_end, &absent);
	if (rc != TABLE_OK && !absent) {
		snprintf(err, errlen, "%s", b.failed ? b.why : "Excel 文件的共享字符串无法读取");
		goto out;
	}
	s.in_text = false;
	rc = parse_member(za, "xl/worksheets/sheet1.xml", &s, sheet_start, sheet_end, &absent);
	if (rc != TABLE_OK) {
		snprintf(err, errlen, "%s", b.failed ? b.why : absent ? "Excel 文件中没有工作表" : "Excel 工作表无法读取");
		goto out;
	}
out:
	builder_free(&b);
	free(s.offsets);
	buf_free(&s.arena);
	buf_free(&s.text);
	if (za)
		zip_discard(za);
	if (rc != TABLE_OK)
		table_free(t);
	return rc;
}

/* The whole of a CSV file, at most TABLE_MAX_INFLATED bytes. */
static int slurp_fd(int fd, char **data, size_t *len)
{
	struct stat st;
	ssize_t n;
	size_t got = 0;

	if (fstat(fd, &st) != 0)
		return TABLE_BAD;
	if ((uint64_t)st.st_size > TABLE_MAX_INFLATED)
		return TABLE_TOO_LARGE;
	*data = malloc((size_t)st.st_size + 1);
	if (!*data)
		return TABLE_TOO_LARGE;
	while (got < (size_t)st.st_size && (n = pread(fd, *data + got, (size_t)st.st_size - got, (off_t)got)) > 0)
		got += (size_t)n;
	*len = got;
	return TABLE_OK;
}

int table_read_fd(int fd, struct table *t, char *err, size_t errlen)
{
	char magic[4], *data = NULL;
	size_t len = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	if (pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) && memcmp(magic, "PK\x03\x04", 4) == 0)
		return read_xlsx(fd, t, err, errlen);
	rc = slurp_fd(fd, &data, &len);
	if (rc == TABLE_OK)
		rc = read_csv(data, len, t, err, errlen);
	else
		snprintf(err, errlen, rc == TABLE_TOO_LARGE ? "文件超过 64 MB" : "文件无法读取");
	free(data);
	return rc;
}
