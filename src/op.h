/*
 * op.h - what every domain operation shares, knowing nothing of HTTP: who
 * acts (struct actor), and the typed error an operation returns
 * (struct op_error: status, code, field, message in Chinese and English).
 *
 * A domain operation takes the database, the actor and plain arguments,
 * decides and writes inside one transaction, and returns 0 or the status of
 * the error it filled in. The HTTP handlers, the command line, import and
 * demo call the same operations; only the handlers turn an op_error into an
 * answer (http_error_op in http.h).
 */
#ifndef WAISHI_OP_H
#define WAISHI_OP_H

#include <stdbool.h>
#include <stdint.h>

/* The roles of DESIGN.md "Who uses it", one bit each. */
enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_OFFICER = 1 << 1,
	ROLE_REVIEWER = 1 << 2,
	ROLE_DIRECTOR = 1 << 3,
	ROLE_UNIT = 1 << 4,
	ROLE_VIEWER = 1 << 5,
};
#define ROLES_ALL (ROLE_ADMIN | ROLE_OFFICER | ROLE_REVIEWER | ROLE_DIRECTOR | ROLE_UNIT | ROLE_VIEWER)

/* Who acts: a signed-in user, or the command line (id 0, role admin). */
struct actor {
	int64_t id;
	int role;        /* one enum role bit */
	int64_t unit_id; /* 0 when none */
	const char *username;
	const char *client_ip; /* "" for the command line */
};

/*
 * The units an actor may see - the one scope rule every read, list, export
 * and body reference goes through. Office roles see every unit; a `unit`
 * user only its own unit.
 *   actor_scope_unit: 0 when the actor sees every unit, else the one unit
 *   it sees (-1 for a unit user without a unit: none).
 */
int64_t actor_scope_unit(int role, int64_t unit_id);
bool actor_sees_unit(const struct actor *a, int64_t unit_id);

struct op_error {
	int status;          /* HTTP-like: 403, 404, 409, 422, 500, 503 */
	const char *code;    /* e.g. "invalid_transition"; a string literal */
	const char *field;   /* the field at fault or NULL; a string literal or a body key */
	char en[400];
	char zh[800];
};

/* Fill `err` and return its status. */
int op_fail(struct op_error *err, int status, const char *code, const char *field, const char *en, const char *zh);
/* A failed database call: DB_CONSTRAINT -> 409 duplicate, DB_BUSY -> 503 busy, else 500 internal. */
int op_fail_db(struct op_error *err, int dbrc);
int op_not_found(struct op_error *err);
/* 409 stale for field "version": the record is now at version `current`. */
int op_stale(struct op_error *err, int64_t current);
/* 422 invalid for `field`. */
int op_invalid(struct op_error *err, const char *field, const char *en, const char *zh);

#endif
