/*
 * trip_history.c - a trip's own history (see trip_history.h). The audit
 * list is for oversight roles; this answers the same entries of one trip
 * to whoever may read that trip, reduced to what each step changed so that
 * no other record's data travels with it.
 */
#include "trip_history_api.h"

#include "delegation_api.h"
#include "db_json.h"

#include <string.h>

/* Fields of the trip record that are bookkeeping, not something a person did. */
static bool skipped(const char *key)
{
	static const char *const skip[] = {"updated_at", "created_at", "status_zh", "days", "id", NULL};
	size_t i;

	for (i = 0; skip[i]; i++)
		if (strcmp(skip[i], key) == 0)
			return true;
	return false;
}

/* Names of members whose commitment date the step set. */
static json_t *signed_members(json_t *before, json_t *after)
{
	json_t *names = json_array(), *m, *old;
	size_t i, j;

	json_array_foreach(json_object_get(after, "members"), i, m) {
		json_t *date = json_object_get(m, "commitment_date");
		bool had = false;

		if (!json_is_string(date))
			continue;
		json_array_foreach(json_object_get(before, "members"), j, old)
			if (json_equal(json_object_get(old, "person_id"), json_object_get(m, "person_id")) &&
			    json_equal(json_object_get(old, "commitment_date"), date))
				had = true;
		if (!had)
			json_array_append(names, json_object_get(m, "name"));
	}
	return names;
}

/* One audit row -> one history entry (NULL on allocation failure). */
static json_t *entry_of(json_t *row)
{
	json_t *before = json_object_get(row, "before"), *after = json_object_get(row, "after");
	json_t *e = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(row, "id"), "at",
			      json_object_get(row, "at"), "user_id", json_object_get(row, "user_id"), "username",
			      json_object_get(row, "username"), "display_name", json_object_get(row, "display_name"),
			      "action", json_object_get(row, "action"));
	json_t *changes = json_object(), *v, *reviews, *signers;
	const char *key;

	if (!e || !changes)
		goto out;
	if (json_is_null(before))
		before = NULL;
	if (json_is_null(after))
		after = NULL;
	json_object_set(e, "from_status", before ? json_object_get(before, "status") : json_null());
	json_object_set(e, "to_status", after ? json_object_get(after, "status") : json_null());
	json_object_foreach(after, key, v) {
		if (skipped(key) || json_is_array(v) || json_is_object(v))
			continue;
		if (before && json_equal(json_object_get(before, key), v))
			continue;
		if (!before && json_is_null(v))
			continue;
		json_object_set(changes, key, v);
	}
	/* arrays the trip carries as text, e.g. countries_visited */
	if (after && json_is_array(v = json_object_get(after, "countries_visited")) &&
	    !(before && json_equal(json_object_get(before, "countries_visited"), v)))
		json_object_set(changes, "countries_visited", v);
	json_object_set(e, "changes", changes);
	reviews = json_object_get(after, "reviews");
	if (strcmp(json_string_value(json_object_get(row, "action")), "review_tally") == 0 && json_array_size(reviews))
		json_object_set(e, "review", json_array_get(reviews, json_array_size(reviews) - 1));
	signers = signed_members(before, after);
	if (signers && json_array_size(signers))
		json_object_set(e, "signed", signers);
	json_decref(signers);
out:
	json_decref(changes);
	return e;
}

static int fetch(struct db *db, const char *sql, int64_t id, json_t *items, bool as_entries)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	if (rc == DB_OK)
		rc = db_bind_int64(st, 1, id);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_t *row = db_row_json(st), *e = NULL;

		if (row)
			e = as_entries ? entry_of(row) : json_incref(row);
		json_decref(row);
		if (!e) {
			rc = DB_ERR;
			break;
		}
		json_array_append_new(items, e);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int trip_history_get(struct request *req, struct response *res)
{
	json_t *trip = NULL, *items = NULL, *events = NULL;
	int rc = delegation_load(req, res, req->ids[0], &trip);

	if (rc)
		return rc;
	json_decref(trip);
	items = json_array();
	events = json_array();
	if (!items || !events) {
		rc = DB_ERR;
		goto out;
	}
	rc = fetch(req->db,
		   "SELECT a.id, a.at, a.user_id, a.username, u.display_name, a.action, a.before_json, a.after_json"
		   " FROM audit_log a LEFT JOIN users u ON u.id = a.user_id"
		   " WHERE a.entity = 'delegation' AND a.entity_id = ? ORDER BY a.id",
		   req->ids[0], items, true);
	if (rc == DB_OK)
		rc = fetch(req->db,
			   "SELECT e.id, e.kind, e.on_date, e.created_at AS at, p.number, s.name AS person_name"
			   " FROM passport_events e JOIN passports p ON p.id = e.passport_id"
			   " JOIN persons s ON s.id = p.person_id WHERE e.delegation_id = ? ORDER BY e.id",
			   req->ids[0], events, false);
out:
	if (rc != DB_OK) {
		json_decref(items);
		json_decref(events);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:o}", "items", items, "passport_events", events));
}
