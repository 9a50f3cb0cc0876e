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

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* The roles of DESIGN.md "Who uses it", one bit each. */
enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_OFFICER = 1 << 1,
	ROLE_REVIEWER = 1 << 2,
	ROLE_DIRECTOR = 1 << 3,
	ROLE_UNIT = 1 << 4,
	ROLE_VIEWER = 1 << 5,
	ROLE_COUNTY = 1 << 6, /* 县区外事办: a county- or district-level unit and the units under it */
};
#define ROLE_COUNT 7
/* A role's name in the API and the database ("admin", ...); "" or 0 when unknown. */
const char *role_name(int role);
int role_from_name(const char *name);

#define ROLES_ALL (ROLE_ADMIN | ROLE_OFFICER | ROLE_REVIEWER | ROLE_DIRECTOR | ROLE_UNIT | ROLE_VIEWER | ROLE_COUNTY)

/* Who acts: a signed-in user, or the command line (id 0, role admin). */
struct actor {
	int64_t id;
	int role;        /* one enum role bit */
	int64_t unit_id; /* 0 when none */
	const char *username;
	const char *client_ip; /* "" for the command line */
};

/*
 * The units an actor may see - the one scope rule every read, list, export,
 * to-do and body reference goes through. Office roles see every unit; a
 * `unit` user only its own unit; a `county` user its own unit and every unit
 * below it (its subtree by units.parent_id).
 *   actor_scope_unit: 0 when the actor sees every unit, else the unit at the
 *   top of what it sees (-1 for a unit or county user without a unit: none).
 *   actor_scope_subtree: whether the units below that one are seen too.
 *   actor_scope_sql: into out, the SQL condition that keeps `column` (a unit
 *   id) within the scope, with exactly one `?` to bind to actor_scope_unit();
 *   "" when the actor sees every unit. false when out is too small.
 *   actor_sees_unit: whether the actor sees unit `unit_id`, judged in the
 *   database as it is now (call it inside the transaction that acts on the
 *   record): DB_OK with *sees set, or the DB_* failure.
 */
/* The units of the subtree under the unit bound to its one `?`, the root included; a cycle cannot loop. */
#define UNIT_SUBTREE_SQL                                                                                              \
	"(WITH RECURSIVE scope_units(id, depth) AS (SELECT id, 0 FROM units WHERE id = ?"                             \
	" UNION ALL SELECT u.id, s.depth + 1 FROM units u JOIN scope_units s ON u.parent_id = s.id WHERE s.depth < 16)" \
	" SELECT id FROM scope_units)"

int64_t actor_scope_unit(int role, int64_t unit_id);
bool actor_scope_subtree(int role);
bool actor_scope_sql(int role, const char *column, char *out, size_t n);
__attribute__((warn_unused_result)) int actor_sees_unit(struct db *db, const struct actor *a, int64_t unit_id,
							 bool *sees);

/*
 * The units under a county: every unit whose own level or an ancestor's is
 * `county` or `district` (a trip of such a unit waits for the county review,
 * 县级初审). A parenthesised subquery of unit ids, for `x IN <it>`; binds
 * nothing. unit_under_county judges one unit: DB_OK with *under set.
 */
#define UNITS_UNDER_COUNTY_SQL                                                                                       \
	"(WITH RECURSIVE county_units(id, depth) AS (SELECT id, 0 FROM units WHERE level IN ('county','district')"   \
	" UNION ALL SELECT u.id, c.depth + 1 FROM units u JOIN county_units c ON u.parent_id = c.id WHERE c.depth < 16)" \
	" SELECT id FROM county_units)"
__attribute__((warn_unused_result)) int unit_under_county(struct db *db, int64_t unit_id, bool *under);

struct op_error {
	int status;          /* HTTP-like: 403, 404, 409, 422, 500, 503 */
	const char *code;    /* e.g. "invalid_transition"; a string literal */
	const char *field;   /* the field at fault or NULL; a string literal or a body key */
	char en[400];
	char zh[800];
	char field_name[64]; /* room for a field named at run time (op_field_prefix) */
};

/* Fill `err` and return its status. */
int op_fail(struct op_error *err, int status, const char *code, const char *field, const char *en, const char *zh);
/* The field at fault named within a list: `prefix` ("rules[3].") put before err->field, kept in err->field_name. */
void op_field_prefix(struct op_error *err, const char *prefix);
/* A failed database call: DB_CONSTRAINT -> 409 duplicate, DB_BUSY -> 503 busy, else 500 internal. */
int op_fail_db(struct op_error *err, int dbrc);
int op_not_found(struct op_error *err);
/* 409 stale for field "version": the record is now at version `current`. */
int op_stale(struct op_error *err, int64_t current);
/* 422 invalid for `field`. */
int op_invalid(struct op_error *err, const char *field, const char *en, const char *zh);
/* 0 when the actor sees unit_id (actor_sees_unit); else 403 naming `field` with the messages, or the database failure. */
int op_require_unit(struct db *db, const struct actor *a, int64_t unit_id, const char *field, const char *en,
		    const char *zh, struct op_error *err);
/* End a transaction an operation opened: commit when status is 0 and rc DB_OK, else roll back; the final status. */
int op_finish(struct db *db, int status, int rc, struct op_error *err);
/* op_finish for an operation with a result: on failure *out is released and cleared. */
int op_finish_out(struct db *db, int status, int rc, json_t **out, struct op_error *err);
/* Audit a change `who` made (inside the operation's transaction). */
__attribute__((warn_unused_result)) int op_audit(struct db *db, const struct actor *who, const char *action,
						 const char *entity, int64_t id, json_t *before, json_t *after);

/* op_require_unit for a record of unit_id: 403 naming nothing of the record. */
int op_require_record_unit(struct db *db, const struct actor *a, int64_t unit_id, struct op_error *err);

#endif
