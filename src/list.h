/*
 * list.h - the one way every list route pages, sorts, searches, filters and
 * scopes its records, and turns database rows into JSON.
 *
 * A handler reads the common parameters with list_params() (page, per_page
 * default 20 max 200, sort as "col" or "-col", q) and the caller's unit scope;
 * its module's storage code describes the query once in a `struct list_spec`,
 * the handler declares its query filters in a `struct list_query_filter`
 * table read by list_query_filters() (or, for a filter computed from more than
 * one value, adds it with list_filter_*()) and calls list_run(), which answers
 * {"items":[...],"total":N}. Sort keys are checked against the spec, every
 * value is a bound parameter, and for a `unit` caller the spec's unit column
 * is always filtered to the caller's units (actor_scope_sql).
 *
 * Row to JSON (db_row_json) follows the schema's naming: a column named
 * is_* becomes true/false, *_fen becomes *_cny in yuan, *_json is parsed
 * and named without the suffix, NULL stays null.
 */
#ifndef WAISHI_LIST_H
#define WAISHI_LIST_H

#include "buf.h"
#include "db.h"
#include "db_json.h"
#include "http.h"

#define LIST_MAX_BINDS 24
#define LIST_FILTER_TEXT_MAX 200 /* characters of an LQ_TEXT filter */
#define LIST_EXPORT_MAX 100000 /* rows in one ?format=xlsx export */

struct list_params {
	int64_t page;
	int64_t per_page;
	const char *sort;     /* validated against the spec by list_run */
	const char *q;
	int64_t scope_unit;   /* > 0: only this unit's records (and, with scope_role county, its subtree's) */
	int scope_role;       /* the caller's role, which says how scope_unit is read (actor_scope_sql) */
	/* ?format=xlsx: list_run streams every row into a workbook left in *export (the request's) */
	bool xlsx;
	struct export_stream **export;
	char export_name[64];
	/* applied to each streamed row, as the handler applies it to the items of a JSON answer */
	void (*decorate)(json_t *row, void *arg);
	void *decorate_arg;
};

struct list_sort_key {
	const char *key;    /* as in ?sort= */
	const char *column; /* SQL expression */
};

struct list_spec {
	const char *select;                  /* column list */
	const char *from;                    /* FROM clause body, joins included */
	const struct list_sort_key *sorts;   /* {NULL} terminated */
	const char *default_order;           /* ORDER BY body when no sort */
	const char *const *search_columns;   /* ?q= matches any of these (LIKE), NULL terminated */
	const char *unit_column;             /* scoped column, NULL for none */
	const char *group_by;                /* GROUP BY body for aggregate lists, NULL for none */
	/*
	 * Optional: the row's id column (e.g. "d.id"). The page is then chosen
	 * on ids alone (filter, sort, LIMIT/OFFSET over narrow rows an index can
	 * serve) and only its rows get the select's joins and subqueries; the id
	 * also breaks ties in the sort, so pages never overlap.
	 */
	const char *id_column;
	const char *id_from; /* with id_column: the FROM body that filters need, e.g. without lookup joins */
	/* Optional: more fields of a row for list_serve, each written as ",\"key\":value". */
	int (*row_extra)(struct db_stmt *st, struct buf *out);
};

struct list_filter {
	struct buf where; /* " AND ..." fragments */
	int nbinds;
	struct {
		char type; /* 'i' or 't' */
		int64_t i;
		char *t; /* a copy, freed by list_filter_free */
	} binds[LIST_MAX_BINDS];
};

/* ?format=xlsx: the list is answered as an Excel workbook of every matching row. */
bool list_wants_xlsx(struct request *req);

/* Read page, per_page, sort, q, format; answer 422 for bad values. 0 or the HTTP status. */
int list_params(struct request *req, struct response *res, struct list_params *lp);

/*
 * Optional query filters, checked: each returns 0 (absent leaves *present
 * false) or the status of a 422 naming the parameter.
 */
int list_query_enum(struct request *req, struct response *res, const char *name, const char *const *choices,
		    const char **out);
int list_query_id(struct request *req, struct response *res, const char *name, int64_t *out);
int list_query_bool(struct request *req, struct response *res, const char *name, bool *present, bool *out);
int list_query_date(struct request *req, struct response *res, const char *name, const char **out);
/* ?name= a year 1990..2200; this year when absent. */
int list_query_year(struct request *req, struct response *res, const char *name, int64_t *year);

/* What a declared query filter accepts; each answers the 422 of its list_query_* reader. */
enum list_query_kind {
	LQ_ENUM, /* one of choices (list_query_enum), bound as text */
	LQ_ID,   /* a record id (list_query_id), bound as an integer */
	LQ_BOOL, /* true or false (list_query_bool), bound as 1 or 0 */
	LQ_DATE, /* YYYY-MM-DD (list_query_date), bound as text: the condition says >= or <= */
	LQ_TEXT, /* any text up to LIST_FILTER_TEXT_MAX characters ("the filter is too long") */
};

/* One query filter of a list route; a table of them ends with {NULL}. */
struct list_query_filter {
	const char *param;          /* the query parameter, e.g. "unit_id" */
	enum list_query_kind kind;
	const char *cond;           /* SQL with one ?, e.g. "p.unit_id = ?"; an LQ_TEXT may have two, both given the value */
	const char *const *choices; /* LQ_ENUM: the values allowed, NULL terminated */
};

/*
 * Read every filter of `filters` from the query, in order: an absent or
 * empty parameter adds nothing, a given one adds its condition to `f`.
 * 0, or the status of the answer (422 naming the first bad parameter; 500
 * when `f` is full).
 */
int list_query_filters(struct request *req, struct response *res, const struct list_query_filter *filters,
		       struct list_filter *f);
/* A list route with nothing but declared filters: its paging, its filters, then list_serve. */
int list_serve_filtered(struct request *req, struct response *res, const struct list_spec *spec,
			const struct list_query_filter *filters);
/* Answer list_run's result: 422 for an unknown sort key, 5xx for a database failure, else 200
 * with the JSON list or, for ?format=xlsx, the workbook. */
int list_answer(struct request *req, struct response *res, int rc, json_t *out);

void list_filter_init(struct list_filter *f);
void list_filter_free(struct list_filter *f);
/* `cond` holds one `?`, e.g. "u.role = ?". Text values are copied. */
int list_filter_text(struct list_filter *f, const char *cond, const char *value);
int list_filter_int(struct list_filter *f, const char *cond, int64_t value);
/* A condition with several `?`: types as in db_execf ('i' int64_t, 't' text). */
int list_filter_add(struct list_filter *f, const char *cond, const char *types, ...);

/*
 * Run the count and the page query. On success *out is {"items","total"};
 * for an export (lp->xlsx) the rows went into the streamed workbook instead,
 * one at a time, and items is empty.
 * Returns DB_OK, DB_ERR, or 1 when lp->sort names no sort key of the spec.
 */
int list_run(struct db *db, const struct list_spec *spec, const struct list_params *lp, struct list_filter *f,
	     json_t **out);

/*
 * list_run and answer, with the JSON written straight from the rows into
 * the response (no tree): {"items":[...],"total":N}, the same names and
 * values as db_row_json, plus spec->row_extra. ?format=xlsx goes through
 * list_run and list_answer. Returns the HTTP status set in res.
 */
int list_serve(struct request *req, struct response *res, const struct list_spec *spec,
	       const struct list_params *lp, struct list_filter *f);

/* Append `s` as a JSON string (quoted, escaped; UTF-8 kept). BUF_OK or the buf error. */
int list_json_string(struct buf *b, const char *s);


/* "%q%" for LIKE ... ESCAPE '!', with LIKE's own characters escaped. */
void list_like_pattern(const char *q, char *out, size_t len);


#endif
