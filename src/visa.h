/*
 * visa.h - the visas (签证) and, for Hong Kong, Macao and Taiwan, the
 * endorsements (签注) of each trip member for each destination, and the
 * per-country visa requirement they are judged by. Knows no HTTP.
 *
 * A visa: to_apply -submit-> submitted (to which embassy or consulate, on
 * which day) -grant-> granted (type, validity, entries) | -refuse-> refused;
 * a refused visa may be submitted again. The requirement of a country
 * (visa_requirements, the administrator's data, shipped empty) is
 * `required`, `visa_free_official` (no visa on an official passport) or
 * `on_arrival`. A trip cannot depart while a member has no granted visa for
 * a destination that requires one (visa_departure_gate, judged by trip_act
 * inside its transaction); a destination with no requirement set is a
 * warning in the trip's checks (签证要求未设置), never a block.
 */
#ifndef WAISHI_VISA_H
#define WAISHI_VISA_H

#include "db.h"
#include "op.h"

#include <jansson.h>

extern const char *const visa_statuses[];
extern const char *const visa_requirement_kinds[];

enum visa_move { VISA_SUBMIT, VISA_GRANT, VISA_REFUSE, VISA_MOVE_COUNT };

/* The visa as answered (with person_name, unit_id, delegation_code); NULL with *rc DB_DONE when absent. */
json_t *visa_load(struct db *db, int64_t id, int *rc);

/*
 * Record visa {delegation_id, person_id, country} as to_apply: the trip
 * visible to `who` and not yet departed, the person a member, the country a
 * destination; "endorsement" for HK, MO and TW, else "visa".
 * visa_create_in runs inside the caller's transaction.
 */
__attribute__((warn_unused_result)) int visa_create(struct db *db, const struct actor *who, json_t *body, json_t **out,
						    struct op_error *err);
__attribute__((warn_unused_result)) int visa_create_in(struct db *db, const struct actor *who, json_t *body,
						       json_t **out, struct op_error *err);

/*
 * Move visa `id`: submit {date, submitted_to, visa_type?}, grant {date,
 * visa_type, valid_from, valid_until, entries}, refuse {date, reason?}.
 */
__attribute__((warn_unused_result)) int visa_act(struct db *db, const struct actor *who, int64_t id,
						 enum visa_move move, json_t *args, int64_t expected_version,
						 json_t **out, struct op_error *err);
__attribute__((warn_unused_result)) int visa_act_in(struct db *db, const struct actor *who, int64_t id,
						    enum visa_move move, json_t *args, int64_t expected_version,
						    json_t **out, struct op_error *err);

/*
 * The member x destination grid of trip `id` (the caller has checked scope):
 * {members:[{person_id,name}], destinations:[{country,country_name,kind,
 * requirement}], cells:[{person_id,country,visa|null}]}.
 */
int visa_grid(struct db *db, int64_t trip_id, json_t **out);

/* Refuse departure (409 visa_missing) when a member has no granted visa for a destination that requires one. */
int visa_departure_gate(struct db *db, int64_t trip_id, struct op_error *err);

/*
 * The trip's visa findings for its checks, appended to `items` as
 * {rule, severity: warning, message, source, rule_id: 0}: a destination with
 * no requirement set, a member refused a visa that is required.
 */
int visa_check_items(struct db *db, int64_t trip_id, json_t *items);
/* Whether a trip in this state still has its visas ahead of it (not yet departed, cancelled or rejected). */
bool visa_still_matters(const char *trip_status);

#endif
