/*
 * validate.h - request body validation against a table of field rules.
 *
 * A module describes its body once, e.g.
 *     static const struct vfield unit_fields[] = {
 *         {"name", "名称", V_STRING, VF_REQUIRED, 1, 100, NULL},
 *         {"level", "级别", V_ENUM, VF_REQUIRED, 0, 0, unit_levels},
 *         {"parent_id", "上级单位", V_ID, VF_NULLABLE, 0, 0, NULL},
 *         {NULL}};
 * and validate_body() answers 422 naming the field for an unknown field, a
 * wrong type, a missing required field or a value out of range, in the
 * caller's language. Nothing is written before a body has passed.
 */
#ifndef WAISHI_VALIDATE_H
#define WAISHI_VALIDATE_H

#include "op.h"

#include <jansson.h>

#include <stdbool.h>
#include <stdint.h>

enum vtype {
	V_STRING, /* min..max characters (UTF-8 code points) */
	V_INT,    /* min..max */
	V_ID,     /* a positive record id */
	V_BOOL,
	V_DATE,   /* YYYY-MM-DD */
	V_ENUM,   /* one of choices (NULL-terminated) */
	V_MONEY,  /* yuan, >= 0, at most two decimals (kept as integer fen) */
	V_ARRAY,  /* min..max elements; elements checked by the module */
	V_OBJECT,
};

enum {
	VF_REQUIRED = 1 << 0, /* must be present on create */
	VF_NULLABLE = 1 << 1, /* null is accepted (clears the value) */
};

struct vfield {
	const char *name;
	const char *label_zh;
	enum vtype type;
	int flags;
	int64_t min, max;
	const char *const *choices;
};

struct request;
struct response;

/*
 * Check `body` (may be NULL: treated as {}) against `fields`. With `partial`
 * (PATCH) required fields may be absent. Returns 0, or the status of the
 * error it filled in (422 unknown_field / required / invalid naming the
 * field). A body's "version" key is the edit's base version, not a field.
 */
int validate_fields(json_t *body, const struct vfield *fields, bool partial, struct op_error *err);
/* validate_fields of a whole body (not partial) in which the one required field `optional` may be absent. */
int validate_fields_except(json_t *body, const struct vfield *fields, const char *optional, struct op_error *err);

/* validate_fields for a handler: 0, or the status of the error answered in `res`. */
int validate_body(struct request *req, struct response *res, json_t *body, const struct vfield *fields,
		  bool partial);

/* Answer 422 `invalid` for `field` with messages in both languages. */
int validate_fail(struct request *req, struct response *res, const char *field, const char *msg_en,
		  const char *msg_zh);

#endif
