/*
 * reminder.c - reminders of passports, reports and departures (see reminder.h), and their route.
 */
#include "reminder.h"
#include "reminder_api.h"

#include "dates.h"
#include "passport.h"
#include "policy.h"

#include <stdio.h>
#include <string.h>

#define PASSPORT_WARN_DAYS 3
#define DEPARTURE_WARN_DAYS 5

static void add(json_t *items, const char *kind, const char *severity, const char *entity, int64_t id,
		const char *due, const char *message)
{
	json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s}", "kind", kind, "severity", severity,
					       "entity", entity, "entity_id", (json_int_t)id, "due_on", due, "message",
					       message));
}

/*
 * A unit or county caller sees only its units: the query's "@SCOPE@" becomes
 * "(? = 0 OR <actor_scope_sql on d.unit_id>)" and both parameters are bound
 * to the scope (0 = all), so the other parameters start at 3.
 */
static int prepare_scoped(struct db *db, const struct actor *who, const char *sql, struct db_stmt **st)
{
	static const char token[] = "@SCOPE@";
	char cond[512], scope[600], full[2048];
	const char *at = strstr(sql, token);
	int64_t unit = actor_scope_unit(who->role, who->unit_id);
	int rc = DB_ERR, n;

	if (!actor_scope_sql(unit ? who->role : ROLE_UNIT, "d.unit_id", cond, sizeof(cond)))
		return DB_ERR;
	snprintf(scope, sizeof(scope), "(? = 0 OR %s)", cond);
	n = at ? snprintf(full, sizeof(full), "%.*s%s%s", (int)(at - sql), sql, scope, at + strlen(token)) : -1;
	if (n > 0 && (size_t)n < sizeof(full))
		rc = db_prepare(db, full, st);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, 1, unit);
	if (rc == DB_OK)
		rc = db_bind_int64(*st, 2, unit);
	return rc;
}

static int passports_due(struct db *db, const struct actor *who, const struct policy *p, const char *today, json_t *items)
{
	struct db_stmt *st = NULL;
	char due[DATE_LEN], soon[DATE_LEN], msg[256];
	int rc = prepare_scoped(db, who,
				"SELECT pp.id, pp.number, pe.name, d.code, d.status, d.actual_return, d.cancelled_on"
				" FROM passports pp JOIN persons pe ON pe.id = pp.person_id JOIN delegations d ON d.id = pp.delegation_id"
				" WHERE pp.status = 'issued' AND @SCOPE@ ORDER BY pp.id",
				&st);

	date_add_days(today, PASSPORT_WARN_DAYS, soon);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		passport_due(p, db_column_text(st, 4), db_column_is_null(st, 5) ? NULL : db_column_text(st, 5),
			     db_column_is_null(st, 6) ? NULL : db_column_text(st, 6), due);
		rc = DB_OK;
		if (!due[0] || strcmp(due, soon) > 0)
			continue;
		snprintf(msg, sizeof(msg), "%s的护照%s(团组%s)%s缴回,期限%s", db_column_text(st, 2), db_column_text(st, 1),
			 db_column_text(st, 3), strcmp(due, today) < 0 ? "已逾期未" : "即将到期应", due);
		add(items, "passport_due", strcmp(due, today) < 0 ? "overdue" : "soon", "passport", db_column_int64(st, 0),
		    due, msg);
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int reports_overdue(struct db *db, const struct actor *who, const struct policy *p, const char *today, json_t *items)
{
	struct db_stmt *st = NULL;
	char due[DATE_LEN], msg[256];
	int rc = prepare_scoped(db, who,
				"SELECT d.id, d.code, d.title, d.actual_return FROM delegations d"
				" WHERE d.status = 'returned' AND d.report_date IS NULL AND @SCOPE@ ORDER BY d.id",
				&st);

	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		date_add_days(db_column_text(st, 3), p->report_due_days, due);
		rc = DB_OK;
		if (strcmp(due, today) >= 0)
			continue;
		snprintf(msg, sizeof(msg), "团组%s「%s」出访总结已逾期(期限%s)", db_column_text(st, 1), db_column_text(st, 2), due);
		add(items, "report_overdue", "overdue", "delegation", db_column_int64(st, 0), due, msg);
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int departures_unprepared(struct db *db, const struct actor *who, const char *today, json_t *items)
{
	struct db_stmt *st = NULL;
	char soon[DATE_LEN], msg[256];
	int rc;

	date_add_days(today, DEPARTURE_WARN_DAYS, soon);
	rc = prepare_scoped(db, who,
			    "SELECT d.id, d.code, d.title, d.depart_date, d.briefing_date, d.is_reminder_card,"
			    " (SELECT COUNT(*) FROM delegation_members m WHERE m.delegation_id = d.id AND m.commitment_date IS NULL)"
			    " FROM delegations d WHERE d.status = 'approved' AND @SCOPE@"
			    " AND d.depart_date >= ? AND d.depart_date <= ? ORDER BY d.depart_date",
			    &st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 3, today);
	if (rc == DB_OK)
		rc = db_bind_text(st, 4, soon);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		bool briefed = !db_column_is_null(st, 4) && db_column_int64(st, 5);
		int64_t unsigned_members = db_column_int64(st, 6);

		rc = DB_OK;
		if (briefed && !unsigned_members)
			continue;
		snprintf(msg, sizeof(msg), "团组%s「%s」将于%s出发,%s%s", db_column_text(st, 1), db_column_text(st, 2),
			 db_column_text(st, 3), briefed ? "" : "尚未进行行前教育或发放友情提示卡;",
			 unsigned_members ? "尚有成员未签署承诺书" : "");
		add(items, "departure_unprepared", "soon", "delegation", db_column_int64(st, 0), db_column_text(st, 3), msg);
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int reminder_collect(struct db *db, const struct actor *who, json_t *items)
{
	struct policy p;
	char today[DATE_LEN];
	int rc = policy_load(db, &p);

	date_today(today);
	if (rc == DB_OK)
		rc = passports_due(db, who, &p, today, items);
	if (rc == DB_OK)
		rc = reports_overdue(db, who, &p, today, items);
	if (rc == DB_OK)
		rc = departures_unprepared(db, who, today, items);
	return rc;
}

void reminder_add(json_t *items, const char *kind, const char *severity, const char *entity, int64_t id,
		  const char *due, const char *message)
{
	add(items, kind, severity, entity, id, due, message);
}

int reminder_list(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	json_t *items = json_array();
	int rc = reminder_collect(req->db, &who, items);

	if (rc != DB_OK) {
		json_decref(items);
		return http_error_db(req, res, rc);
	}
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}
