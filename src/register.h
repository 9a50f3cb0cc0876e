/*
 * register.h - the shared handlers of the office's simple registers
 * (receptions, sister cities, exchanges, APEC cards, cases, information
 * items, contacts): list with checked filters, read, create, update,
 * delete (admin; refused while referenced) and status transitions, all on
 * the list, validation, scope and audit machinery of the trips module.
 * A register module supplies a `struct register_def`; the route table lists
 * the shared handlers with the def as the route's arg (req->route_arg), and
 * the module writes handlers only for its own transitions and figures.
 */
#ifndef WAISHI_REGISTER_H
#define WAISHI_REGISTER_H

#include "http.h"
#include "list.h"
#include "record.h"
#include "register_rules.h"
#include "validate.h"

struct register_def {
	const struct record_def *record;
	const struct list_spec *list;
	const struct record_rules *rules;    /* the body's fields and checks (register_rules.h) */
	const struct list_query_filter *filters; /* the list's query filters, {NULL} terminated */
	const char *const *renames;            /* pairs body key -> column, NULL terminated */
	/* Derived fields of a row read back (may be NULL). */
	void (*decorate)(json_t *row);
	/* Filters that need more than one column or today's date (may be NULL): 0 or an error status. */
	int (*filter)(struct request *req, struct response *res, struct list_filter *f);
};

/* The route handlers of every register: req->route_arg is the register's `struct register_def`. */
int register_list(struct request *req, struct response *res);
int register_get(struct request *req, struct response *res);
int register_create(struct request *req, struct response *res);
int register_update(struct request *req, struct response *res);
int register_delete(struct request *req, struct response *res);
/* A list of `spec` narrowed by the query parameters `filters` declares ({NULL} terminated). */
int register_list_filtered(struct request *req, struct response *res, const struct list_spec *spec,
			   const struct list_query_filter *filters);

/* A status change: from states, to state, body fields, the column the body's "date" goes to. */
struct transition_def {
	const char *action;
	const char *const *from;
	const char *to;
	const struct vfield *fields; /* NULL: no body */
	const char *date_column;     /* NULL: no date */
	/* Judged on the record as it is inside the transaction (`before`) with the move's `body`: 0 or the error's status. */
	int (*check)(struct db *db, json_t *body, json_t *before, struct op_error *err);
};

int register_transition(struct request *req, struct response *res, const struct register_def *def,
			const struct transition_def *t);

#endif
