/*
 * list.c - paging, sorting, searching and scoping of list queries, and rows
 * to JSON (see list.h).
 */
#include "list.h"

#include "auth_api.h"
#include "cache.h"
#include "export.h"
#include "util.h"
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_positive(struct request *req, struct response *res, const char *name, int64_t max,
			  int64_t *out)
{
	const char *s = http_query(req, name);
	char en[120], zh[120];
	int64_t v;

	if (!s)
		return 0;
	if (!util_parse_int64(s, &v) || v < 1 || v > max) {
		snprintf(en, sizeof(en), "'%s' must be a whole number from 1 to %lld", name, (long long)max);
		snprintf(zh, sizeof(zh), "「%s」必须是 1 到 %lld 之间的整数", name, (long long)max);
		return validate_fail(req, res, name, en, zh);
	}
	*out = v;
	return 0;
}

bool list_wants_xlsx(struct request *req)
{
	const char *f = http_query(req, "format");

	return f && strcmp(f, "xlsx") == 0;
}

/* The file name of a list's workbook: the resource, the path's last segment. */
static void export_filename(const struct request *req, char *out, size_t len)
{
	const char *last = strrchr(req->path, '/');

	snprintf(out, len, "%s", last ? last + 1 : "export");
}

int list_params(struct request *req, struct response *res, struct list_params *lp)
{
	const char *format = http_query(req, "format");
	int rc;

	memset(lp, 0, sizeof(*lp));
	if (format && strcmp(format, "xlsx") != 0 && strcmp(format, "json") != 0)
		return validate_fail(req, res, "format", "format is json or xlsx", "格式须为 json 或 xlsx");
	lp->page = 1;
	lp->per_page = 20;
	rc = parse_positive(req, res, "page", 1000000, &lp->page);
	if (!rc)
		rc = parse_positive(req, res, "per_page", 200, &lp->per_page);
	if (rc)
		return rc;
	if (list_wants_xlsx(req)) {
		/* an export carries every matching row, not one page, streamed as it is read */
		lp->page = 1;
		lp->per_page = LIST_EXPORT_MAX;
		lp->xlsx = true;
		lp->export = &req->export;
		export_filename(req, lp->export_name, sizeof(lp->export_name));
	}
	lp->sort = http_query(req, "sort");
	lp->q = http_query(req, "q");
	if (lp->q && !*lp->q)
		lp->q = NULL;
	if (lp->q && util_utf8_length(lp->q) > 100)
		return validate_fail(req, res, "q", "'q' must be at most 100 characters", "「q」最多 100 个字");
	lp->scope_unit = auth_scope_unit(&req->user);
	lp->scope_role = req->user.role;
	return 0;
}

/* A workbook streamed by list_run: answered from its file. */
static int answer_stream(struct request *req, struct response *res, json_t *out)
{
	char name[64], filename[80];
	struct export_stream *xs = req->export;
	uint64_t size = 0;
	int fd = -1;

	json_decref(out);
	req->export = NULL;
	if (export_stream_finish(xs, &fd, &size) != 0)
		return http_error_internal(req, res);
	export_filename(req, name, sizeof(name));
	snprintf(filename, sizeof(filename), "%s.xlsx", name);
	return http_file(res, http_body_fd(fd, size), EXPORT_XLSX_TYPE, HTTP_DOWNLOAD, filename);
}

/* The list as a one-sheet workbook named after the resource (rows a handler built itself). */
static int answer_xlsx(struct request *req, struct response *res, json_t *out)
{
	char name[64], filename[80];
	struct export_sheet sheet;
	char *data = NULL;
	size_t len = 0;

	export_filename(req, name, sizeof(name));
	sheet.name = name;
	sheet.rows = json_object_get(out, "items");
	if (export_xlsx(&sheet, 1, &data, &len) != 0) {
		json_decref(out);
		return http_error_internal(req, res);
	}
	json_decref(out);
	snprintf(filename, sizeof(filename), "%s.xlsx", name);
	return http_file(res, http_body_buffer(data, len), EXPORT_XLSX_TYPE, HTTP_DOWNLOAD, filename);
}

int list_answer(struct request *req, struct response *res, int rc, json_t *out)
{
	if (rc == 1)
		return validate_fail(req, res, "sort", "unknown sort key", "不支持的排序字段");
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (list_wants_xlsx(req) && req->export)
		return answer_stream(req, res, out);
	if (list_wants_xlsx(req))
		return answer_xlsx(req, res, out);
	return http_json(res, 200, out);
}

void list_filter_init(struct list_filter *f)
{
	memset(f, 0, sizeof(*f));
	buf_init(&f->where, 16384);
}

void list_filter_free(struct list_filter *f)
{
	int i;

	for (i = 0; i < f->nbinds; i++)
		free(f->binds[i].t);
	f->nbinds = 0;
	buf_free(&f->where);
}

static int add_bind(struct list_filter *f, char type, int64_t i, const char *t)
{
	char *copy = NULL;

	if (f->nbinds >= LIST_MAX_BINDS || (t && !(copy = strdup(t))))
		return DB_ERR;
	f->binds[f->nbinds].type = type;
	f->binds[f->nbinds].i = i;
	f->binds[f->nbinds].t = copy;
	f->nbinds++;
	return DB_OK;
}

int list_filter_text(struct list_filter *f, const char *cond, const char *value)
{
	if (buf_addf(&f->where, " AND %s", cond) != BUF_OK)
		return DB_ERR;
	return add_bind(f, 't', 0, value);
}

int list_filter_int(struct list_filter *f, const char *cond, int64_t value)
{
	if (buf_addf(&f->where, " AND %s", cond) != BUF_OK)
		return DB_ERR;
	return add_bind(f, 'i', value, NULL);
}

int list_filter_add(struct list_filter *f, const char *cond, const char *types, ...)
{
	va_list ap;
	int rc;

	if (buf_addf(&f->where, " AND (%s)", cond) != BUF_OK)
		return DB_ERR;
	va_start(ap, types);
	for (rc = DB_OK; *types && rc == DB_OK; types++)
		rc = *types == 'i' ? add_bind(f, 'i', va_arg(ap, int64_t), NULL) : add_bind(f, 't', 0, va_arg(ap, const char *));
	va_end(ap);
	return rc;
}

static const char *sort_clause(const struct list_spec *spec, const char *sort, bool *desc)
{
	const struct list_sort_key *k;

	*desc = false;
	if (!sort || !*sort)
		return spec->default_order;
	if (*sort == '-') {
		*desc = true;
		sort++;
	}
	for (k = spec->sorts; k && k->key; k++)
		if (strcmp(k->key, sort) == 0)
			return k->column;
	return NULL;
}

static int bind_all(struct db_stmt *st, const struct list_filter *f)
{
	int i, rc = DB_OK;

	for (i = 0; i < f->nbinds && rc == DB_OK; i++)
		rc = f->binds[i].type == 'i' ? db_bind_int64(st, i + 1, f->binds[i].i)
					     : db_bind_text(st, i + 1, f->binds[i].t);
	return rc;
}

void list_like_pattern(const char *q, char *out, size_t len)
{
	size_t w = 0;

	out[w++] = '%';
	for (; *q && w + 3 < len; q++) {
		if (*q == '%' || *q == '_' || *q == '!')
			out[w++] = '!';
		out[w++] = *q;
	}
	out[w++] = '%';
	out[w] = '\0';
}

static int add_search(const struct list_spec *spec, const struct list_params *lp, struct list_filter *f,
		      char *pattern, size_t patlen)
{
	const char *const *col;
	bool first = true;

	if (!lp->q || !spec->search_columns)
		return DB_OK;
	list_like_pattern(lp->q, pattern, patlen);
	if (buf_adds(&f->where, " AND (") != BUF_OK)
		return DB_ERR;
	for (col = spec->search_columns; *col; col++) {
		if (buf_addf(&f->where, "%sLOWER(%s) LIKE LOWER(?) ESCAPE '!'", first ? "" : " OR ", *col) != BUF_OK ||
		    add_bind(f, 't', 0, pattern) != DB_OK)
			return DB_ERR;
		first = false;
	}
	return buf_adds(&f->where, ")") == BUF_OK ? DB_OK : DB_ERR;
}

/*
 * Totals by query and filter values, as of one data generation: a page after
 * the first, or the same list asked again, costs no COUNT(*) until the data
 * changes.
 */
static struct cache count_cache = CACHE_INIT(512, sizeof(int64_t));

/* The count query and its bound values as one cache key. */
static int count_key(struct buf *key, const char *sql, const struct list_filter *f)
{
	int i, rc = buf_adds(key, sql);

	for (i = 0; i < f->nbinds && rc == BUF_OK; i++)
		rc = f->binds[i].type == 'i' ? buf_addf(key, "\x1fi%lld", (long long)f->binds[i].i)
					     : buf_addf(key, "\x1ft%s", f->binds[i].t ? f->binds[i].t : "");
	return rc == BUF_OK ? DB_OK : DB_ERR;
}

static int count_rows(struct db *db, const struct list_spec *spec, struct list_filter *f, int64_t *total)
{
	struct db_stmt *st = NULL;
	struct buf sql, key;
	uint64_t gen = db_generation(db);
	int rc;

	buf_init(&sql, 65536);
	buf_init(&key, 131072);
	if (spec->group_by)
		rc = buf_addf(&sql, "SELECT COUNT(*) FROM (SELECT 1 AS one FROM %s WHERE 1=1%s GROUP BY %s) g", spec->from,
			      f->where.data, spec->group_by) == BUF_OK ? DB_OK : DB_ERR;
	else
		rc = buf_addf(&sql, "SELECT COUNT(*) FROM %s WHERE 1=1%s", spec->id_from ? spec->id_from : spec->from,
			      f->where.data) == BUF_OK ? DB_OK : DB_ERR;
	if (rc == DB_OK)
		rc = count_key(&key, sql.data, f);
	if (rc == DB_OK && cache_get(&count_cache, key.data, gen, total))
		goto out;
	if (rc == DB_OK)
		rc = db_prepare(db, sql.data, &st);
	if (rc == DB_OK)
		rc = bind_all(st, f);
	if (rc == DB_OK) {
		rc = db_step(st);
		*total = rc == DB_ROW ? db_column_int64(st, 0) : 0;
		rc = rc == DB_ROW ? DB_OK : DB_ERR;
	}
	if (rc == DB_OK && !db_in_transaction(db))
		cache_put(&count_cache, key.data, gen, total);
out:
	db_finalize(st);
	buf_free(&sql);
	buf_free(&key);
	return rc;
}

/* The page query, prepared and bound. */
static int page_statement(struct db *db, const struct list_spec *spec, const struct list_params *lp,
			  struct list_filter *f, const char *order, bool desc, struct db_stmt **st)
{
	struct buf sql;
	int rc, n = f->nbinds;

	*st = NULL;
	buf_init(&sql, 65536);
	if (spec->id_column && !spec->group_by) {
		bool by_id = strcmp(order, spec->id_column) == 0 || (strncmp(order, spec->id_column, strlen(spec->id_column)) == 0 &&
								   strcmp(order + strlen(spec->id_column), " DESC") == 0);
		char tie[96] = "";

		if (!by_id)
			snprintf(tie, sizeof(tie), ", %s%s", spec->id_column, desc ? " DESC" : "");
		rc = buf_addf(&sql, "SELECT %s FROM %s WHERE %s IN (SELECT %s FROM %s WHERE 1=1%s ORDER BY %s%s%s LIMIT ? OFFSET ?)"
			      " ORDER BY %s%s%s", spec->select, spec->from, spec->id_column, spec->id_column,
			      spec->id_from ? spec->id_from : spec->from,
			      f->where.data, order, desc ? " DESC" : "", tie, order, desc ? " DESC" : "", tie) == BUF_OK ? DB_OK : DB_ERR;
	} else {
		rc = buf_addf(&sql, "SELECT %s FROM %s WHERE 1=1%s%s%s ORDER BY %s%s LIMIT ? OFFSET ?", spec->select, spec->from,
			      f->where.data, spec->group_by ? " GROUP BY " : "", spec->group_by ? spec->group_by : "", order,
			      desc ? " DESC" : "") == BUF_OK ? DB_OK : DB_ERR;
	}
	if (rc == DB_OK)
		rc = db_prepare(db, sql.data, st);
	if (rc == DB_OK)
		rc = bind_all(*st, f);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, n + 1, lp->per_page);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, n + 2, (lp->page - 1) * lp->per_page);
	buf_free(&sql);
	return rc;
}

static int fetch_page(struct db *db, const struct list_spec *spec, const struct list_params *lp,
		      struct list_filter *f, const char *order, bool desc, json_t *items)
{
	struct db_stmt *st = NULL;
	int rc = page_statement(db, spec, lp, f, order, desc, &st);

	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_t *row = db_row_json(st);

		if (row && lp->xlsx) { /* straight into the workbook: no list of 100 000 rows in memory */
			if (lp->decorate)
				lp->decorate(row, lp->decorate_arg);
			rc = export_stream_row(*lp->export, row) == 0 ? DB_OK : DB_ERR;
			json_decref(row);
			continue;
		}
		rc = row && json_array_append_new(items, row) == 0 ? DB_OK : DB_ERR;
	}
	if (rc == DB_DONE)
		rc = DB_OK;
	db_finalize(st);
	return rc;
}

/* What every list does before its queries: the sort, the unit scope, the search. 1: unknown sort key. */
static int list_setup(const struct list_spec *spec, const struct list_params *lp, struct list_filter *f,
		      char *pattern, size_t patlen, const char **order, bool *desc)
{
	*order = sort_clause(spec, lp->sort, desc);
	if (!*order)
		return 1;
	if (spec->unit_column && lp->scope_unit) {
		char cond[512];
		if (!actor_scope_sql(lp->scope_role ? lp->scope_role : ROLE_UNIT, spec->unit_column, cond, sizeof(cond)) ||
		    list_filter_int(f, cond, lp->scope_unit) != DB_OK)
			return DB_ERR;
	}
	return add_search(spec, lp, f, pattern, patlen);
}

int list_run(struct db *db, const struct list_spec *spec, const struct list_params *lp, struct list_filter *f,
	     json_t **out)
{
	char pattern[512];
	const char *order;
	bool desc;
	int64_t total = 0;
	json_t *items = NULL;
	int rc;

	*out = NULL;
	rc = list_setup(spec, lp, f, pattern, sizeof(pattern), &order, &desc);
	if (rc == DB_OK)
		rc = count_rows(db, spec, f, &total);
	items = json_array();
	if (!items)
		rc = DB_ERR;
	if (rc == DB_OK && lp->xlsx) {
		export_stream_free(*lp->export);
		*lp->export = export_stream_open(lp->export_name);
		if (!*lp->export)
			rc = DB_ERR;
	}
	if (rc == DB_OK)
		rc = fetch_page(db, spec, lp, f, order, desc, items);
	if (rc != DB_OK) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total);
	return *out ? DB_OK : DB_ERR;
}

/* ---- lists written straight into a buffer ---- */

int list_json_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;
	int rc = buf_add(b, "\"", 1);

	for (; rc == BUF_OK && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[7] = {'\\', 0, 0, 0, 0, 0, 0};
		size_t elen = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rc = buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			elen = 6;
		}
		if (rc == BUF_OK)
			rc = buf_add(b, esc, elen);
	}
	if (rc == BUF_OK)
		rc = buf_add(b, run, (size_t)(s - run));
	if (rc == BUF_OK)
		rc = buf_add(b, "\"", 1);
	return rc;
}

struct col_info {
	enum db_json_kind kind;
	char key[136]; /* "\"name\":" as written */
	size_t key_len;
};

/* The JSON name and kind of each column, by the naming conventions of db_row_json. */
static int describe_columns(struct db_stmt *st, struct col_info *cols, int n)
{
	int col;

	for (col = 0; col < n; col++) {
		const char *cname = db_column_name(st, col);
		size_t stem = strlen(cname);

		cols[col].kind = db_json_column_kind(cname, &stem);
		if (stem > 120)
			return DB_ERR;
		snprintf(cols[col].key, sizeof(cols[col].key), "%s\"%.*s%s\":", col ? "," : "", (int)stem, cname,
			 cols[col].kind == DBJ_FEN ? "_cny" : "");
		cols[col].key_len = strlen(cols[col].key);
	}
	return DB_OK;
}

/* A double as jansson writes it: shortest form that reads back, with ".0" when it looks whole. */
static int add_real(struct buf *b, double v)
{
	char num[40];

	snprintf(num, sizeof(num), "%.17g", v);
	return buf_addf(b, "%s%s", num, strpbrk(num, ".eEni") ? "" : ".0");
}

/* An amount in fen as yuan with two decimals ("-0.05"), as "%s%lld.%02lld" wrote it, without printf. */
static int add_fen(struct buf *b, int64_t fen)
{
	uint64_t u = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	char cents[3] = {'.', (char)('0' + u % 100 / 10), (char)('0' + u % 10)};
	int rc = fen < 0 ? buf_add(b, "-", 1) : BUF_OK;

	if (rc == BUF_OK)
		rc = buf_add_int(b, (int64_t)(u / 100));
	return rc == BUF_OK ? buf_add(b, cents, sizeof(cents)) : rc;
}

static int add_column(struct buf *b, struct db_stmt *st, int col, enum db_json_kind kind)
{
	enum db_type type = db_column_type(st, col);

	if (type == DB_T_NULL)
		return buf_add(b, "null", 4);
	switch (kind) {
	case DBJ_BOOL:
		return db_column_int64(st, col) ? buf_add(b, "true", 4) : buf_add(b, "false", 5);
	case DBJ_FEN:
		return add_fen(b, db_column_int64(st, col));
	case DBJ_JSON:
		return buf_adds(b, db_column_text(st, col)); /* stored as JSON by the application */
	default:
		break;
	}
	switch (type) {
	case DB_T_INT:
		return buf_add_int(b, db_column_int64(st, col));
	case DB_T_REAL:
		return add_real(b, db_column_double(st, col));
	default:
		return list_json_string(b, db_column_text(st, col));
	}
}

/* Every row of the page as JSON objects, comma-separated. */
static int page_json(struct db_stmt *st, const struct list_spec *spec, struct buf *b)
{
	struct col_info cols[64];
	int col, n = 0, rc, nrows = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		if (nrows++ == 0) {
			n = db_column_count(st);
			if (n > (int)(sizeof(cols) / sizeof(cols[0])) || describe_columns(st, cols, n) != DB_OK)
				return DB_ERR;
		} else if (buf_add(b, ",", 1) != BUF_OK) {
			return DB_ERR;
		}
		rc = buf_add(b, "{", 1);
		for (col = 0; col < n && rc == BUF_OK; col++) {
			rc = buf_add(b, cols[col].key, cols[col].key_len);
			if (rc == BUF_OK)
				rc = add_column(b, st, col, cols[col].kind);
		}
		if (rc == BUF_OK && spec->row_extra)
			rc = spec->row_extra(st, b);
		if (rc == BUF_OK)
			rc = buf_add(b, "}", 1);
		if (rc != BUF_OK)
			return DB_ERR;
	}
	return rc == DB_DONE ? DB_OK : rc;
}

int list_serve(struct request *req, struct response *res, const struct list_spec *spec,
	       const struct list_params *lp, struct list_filter *f)
{
	struct db_stmt *st = NULL;
	struct buf b;
	char pattern[512];
	const char *order;
	bool desc;
	int64_t total = 0;
	int rc;

	if (list_wants_xlsx(req)) {
		json_t *out = NULL;
		rc = list_run(req->db, spec, lp, f, &out);
		return list_answer(req, res, rc, out);
	}
	buf_init(&b, BUF_DEFAULT_LIMIT);
	rc = list_setup(spec, lp, f, pattern, sizeof(pattern), &order, &desc);
	if (rc == DB_OK) /* a page of 50 is some 10 KiB: room for it at once, not eight doublings */
		rc = buf_reserve(&b, 256 * (size_t)lp->per_page) == BUF_OK ? DB_OK : DB_ERR;
	if (rc == DB_OK)
		rc = db_read_begin(req->db); /* the total and the page from one snapshot */
	if (rc == DB_OK)
		rc = count_rows(req->db, spec, f, &total);
	if (rc == DB_OK)
		rc = page_statement(req->db, spec, lp, f, order, desc, &st);
	if (rc == DB_OK)
		rc = buf_add(&b, "{\"items\":[", 10) == BUF_OK ? DB_OK : DB_ERR;
	if (rc == DB_OK)
		rc = page_json(st, spec, &b);
	db_finalize(st);
	db_read_end(req->db);
	if (rc == DB_OK)
		rc = buf_addf(&b, "],\"total\":%lld}", (long long)total) == BUF_OK ? DB_OK : DB_ERR;
	if (rc != DB_OK) {
		buf_free(&b);
		return list_answer(req, res, rc, NULL);
	}
	res->raw = buf_detach(&b, &res->raw_len);
	res->content_type = "application/json; charset=utf-8";
	return res->status = 200;
}
