/*
 * table.c - .xlsx and .csv files as rows of UTF-8 strings (see table.h).
 */
#include "table.h"

#include "buf.h"
#include "validate.h"

#include <expat.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define MAX_CELLS 200
#define MAX_ROWS 1000000

/* ---- building rows ---- */

struct builder {
	struct table *t;
	char *cells[MAX_CELLS];
	size_t ncells;
	bool failed;
};

static void set_cell(struct builder *b, size_t col, const char *text, size_t len)
{
	char *copy;

	if (col >= MAX_CELLS) {
		b->failed = true;
		return;
	}
	copy = malloc(len + 1);
	if (!copy) {
		b->failed = true;
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

	if (t->nrows >= MAX_ROWS) {
		b->failed = true;
		return;
	}
	if ((t->nrows & (t->nrows - 1)) == 0) { /* grow at powers of two */
		size_t cap = t->nrows ? t->nrows * 2 : 1;
		rows = realloc(t->rows, cap * sizeof(*rows));
		ncols = rows ? realloc(t->ncols, cap * sizeof(*ncols)) : NULL;
		if (rows)
			t->rows = rows;
		if (!rows || !ncols) {
			b->failed = true;
			return;
		}
		t->ncols = ncols;
	}
	t->rows[t->nrows] = malloc((b->ncells ? b->ncells : 1) * sizeof(char *));
	if (!t->rows[t->nrows]) {
		b->failed = true;
		return;
	}
	memcpy(t->rows[t->nrows], b->cells, b->ncells * sizeof(char *));
	t->ncols[t->nrows] = b->ncells;
	t->nrows++;
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

/* ---- CSV ---- */

/* UTF-8 (BOM removed) or GB18030 converted to UTF-8; *out is malloc'd. */
static int to_utf8(const char *data, size_t len, char **out, size_t *outlen)
{
	iconv_t cd;
	char *in = (char *)data, *o;
	size_t inleft = len, cap = len * 2 + 16, outleft = cap;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	*out = malloc(cap + 1);
	if (!*out)
		return -1;
	memcpy(*out, data, len);
	(*out)[len] = '\0';
	if (memchr(data, 0, len) == NULL && validate_utf8_length(*out) >= 0) {
		*outlen = len;
		return 0;
	}
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

static int read_csv(const char *data, size_t len, struct table *t, char *err, size_t errlen)
{
	struct builder b = {t, {0}, 0, false};
	struct buf cell;
	char *text = NULL;
	size_t n = 0, i, col = 0;
	bool quoted = false, any = false;

	if (to_utf8(data, len, &text, &n) != 0) {
		snprintf(err, errlen, "文件编码无法识别(支持 UTF-8 和 GB18030)");
		return -1;
	}
	buf_init(&cell, 1 << 20);
	for (i = 0; i < n && !b.failed; i++) {
		char ch = text[i];

		if (quoted) {
			if (ch == '"' && i + 1 < n && text[i + 1] == '"') {
				b.failed = buf_add(&cell, "\"", 1) != BUF_OK;
				i++;
			} else if (ch == '"') {
				quoted = false;
			} else {
				b.failed = buf_add(&cell, &ch, 1) != BUF_OK;
			}
			continue;
		}
		if (ch == '"') {
			quoted = true;
			any = true;
		} else if (ch == ',') {
			set_cell(&b, col++, cell.data, cell.len);
			buf_reset(&cell);
			any = true;
		} else if (ch == '\n' || ch == '\r') {
			if (ch == '\r' && i + 1 < n && text[i + 1] == '\n')
				i++;
			if (any || cell.len) {
				set_cell(&b, col, cell.data, cell.len);
				end_row(&b);
			}
			buf_reset(&cell);
			col = 0;
			any = false;
		} else {
			b.failed = buf_add(&cell, &ch, 1) != BUF_OK;
			any = true;
		}
	}
	if (!b.failed && (any || cell.len)) {
		set_cell(&b, col, cell.data, cell.len);
		end_row(&b);
	}
	buf_free(&cell);
	free(text);
	for (i = 0; i < b.ncells; i++)
		free(b.cells[i]);
	if (b.failed || quoted) {
		snprintf(err, errlen, quoted ? "CSV 文件中有未闭合的引号" : "文件过大或格式错误");
		table_free(t);
		return -1;
	}
	return 0;
}

/* ---- XLSX ---- */

static char *zip_member(zip_t *za, const char *name, size_t *len)
{
	zip_stat_t st;
	zip_file_t *f;
	char *data;

	if (zip_stat(za, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > ((zip_uint64_t)256 << 20))
		return NULL;
	f = zip_fopen(za, name, 0);
	if (!f)
		return NULL;
	data = malloc(st.size + 1);
	if (data && zip_fread(f, data, st.size) != (zip_int64_t)st.size) {
		free(data);
		data = NULL;
	}
	zip_fclose(f);
	if (data) {
		data[st.size] = '\0';
		*len = st.size;
	}
	return data;
}

struct xml_state {
	struct buf text;
	bool in_text;
	/* shared strings */
	char **strings;
	size_t nstrings, cap;
	/* sheet */
	struct builder *b;
	size_t col;
	char type[16];
	bool in_value;
	int row_open;
};

static void text_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xml_state *s = ud;

	(void)attrs;
	if (strcmp(name, "t") == 0)
		s->in_text = true;
	else if (strcmp(name, "si") == 0)
		buf_reset(&s->text);
}

static void text_chars(void *ud, const XML_Char *data, int len)
{
	struct xml_state *s = ud;

	if ((s->in_text || s->in_value) && buf_add(&s->text, data, (size_t)len) != BUF_OK)
		s->in_text = false;
}

static void strings_end(void *ud, const XML_Char *name)
{
	struct xml_state *s = ud;

	if (strcmp(name, "t") == 0)
		s->in_text = false;
	else if (strcmp(name, "si") == 0) {
		if (s->nstrings == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 256;
			char **p = realloc(s->strings, cap * sizeof(*p));
			if (!p)
				return;
			s->strings = p;
			s->cap = cap;
		}
		s->strings[s->nstrings++] = strdup(s->text.data);
		buf_reset(&s->text);
	}
}

/* Column index of a cell reference such as "AB12". */
static size_t column_of(const char *ref)
{
	size_t col = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++)
		col = col * 26 + (size_t)(*ref - 'A' + 1);
	return col ? col - 1 : 0;
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xml_state *s = ud;
	size_t i;

	if (strcmp(name, "row") == 0) {
		s->col = 0;
		s->row_open = 1;
	} else if (strcmp(name, "c") == 0) {
		snprintf(s->type, sizeof(s->type), "n");
		for (i = 0; attrs[i]; i += 2) {
			if (strcmp(attrs[i], "r") == 0)
				s->col = column_of(attrs[i + 1]);
			else if (strcmp(attrs[i], "t") == 0)
				snprintf(s->type, sizeof(s->type), "%s", attrs[i + 1]);
		}
		buf_reset(&s->text);
	} else if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
		s->in_value = true;
	}
}

static void sheet_end(void *ud, const XML_Char *name)
{
	struct xml_state *s = ud;

	if (strcmp(name, "v") == 0 || strcmp(name, "t") == 0) {
		s->in_value = false;
	} else if (strcmp(name, "c") == 0) {
		const char *value = s->text.data;
		if (strcmp(s->type, "s") == 0) {
			size_t idx = (size_t)strtoul(value, NULL, 10);
			value = idx < s->nstrings && s->strings[idx] ? s->strings[idx] : "";
		}
		set_cell(s->b, s->col, value, strlen(value));
		s->col++;
		buf_reset(&s->text);
	} else if (strcmp(name, "row") == 0) {
		end_row(s->b);
		s->row_open = 0;
	}
}

static int parse_xml(const char *data, size_t len, struct xml_state *s, XML_StartElementHandler start,
		     XML_EndElementHandler end)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	int ok;

	if (!p)
		return -1;
	XML_SetUserData(p, s);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, text_chars);
	ok = XML_Parse(p, data, (int)len, 1) == XML_STATUS_OK;
	XML_ParserFree(p);
	return ok ? 0 : -1;
}

static int read_xlsx(const char *data, size_t len, struct table *t, char *err, size_t errlen)
{
	struct builder b = {t, {0}, 0, false};
	struct xml_state s;
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za = NULL;
	char *strings = NULL, *sheet = NULL;
	size_t slen = 0, shlen = 0, i;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	buf_init(&s.text, 1 << 20);
	s.b = &b;
	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	if (src && !(za = zip_open_from_source(src, ZIP_RDONLY, &zerr)))
		zip_source_free(src);
	if (!za) {
		snprintf(err, errlen, "无法打开 Excel 文件");
		goto out;
	}
	strings = zip_member(za, "xl/sharedStrings.xml", &slen);
	sheet = zip_member(za, "xl/worksheets/sheet1.xml", &shlen);
	if (!sheet) {
		snprintf(err, errlen, "Excel 文件中没有工作表");
		goto out;
	}
	if (strings && parse_xml(strings, slen, &s, text_start, strings_end) != 0) {
		snprintf(err, errlen, "Excel 文件的共享字符串无法读取");
		goto out;
	}
	if (parse_xml(sheet, shlen, &s, sheet_start, sheet_end) != 0 || b.failed) {
		snprintf(err, errlen, "Excel 工作表无法读取");
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < s.nstrings; i++)
		free(s.strings[i]);
	for (i = 0; i < b.ncells; i++)
		free(b.cells[i]);
	free(s.strings);
	buf_free(&s.text);
	free(strings);
	free(sheet);
	if (za)
		zip_close(za);
	if (rc)
		table_free(t);
	return rc;
}

int table_read(const char *data, size_t len, struct table *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
		return read_xlsx(data, len, t, err, errlen);
	return read_csv(data, len, t, err, errlen);
}
