/*
 * demo_documents.c - the demo's travel documents and invitations, made
 * through the same operations as the API (inside the demo's transaction):
 * document applications in every state (one passport and one permit issued
 * into custody), visas for the members of the trips waiting to depart (some
 * granted, some submitted), and two invitation applications approved with
 * their numbers and letters. No visa requirement is set: that is the
 * administrator's data, and the demo does not invent it.
 */
#include "cli.h"

#include "dates.h"
#include "doc_application.h"
#include "invitation.h"
#include "db_json.h"
#include "visa.h"

#include <stdio.h>
#include <string.h>

static const struct actor demo_actor = {0, ROLE_ADMIN, 0, "cli", "local"};

static int failed(const char *what, const struct op_error *err)
{
	fprintf(stderr, "waishi: demo %s: %s\n", what, err->en);
	return DB_ERR;
}

/* Days from today as YYYY-MM-DD. */
static const char *day(char buf[DATE_LEN], int offset)
{
	char today[DATE_LEN];

	date_today(today);
	date_add_days(today, offset, buf);
	return buf;
}

/* One application moved through its states: 0 stops after "applied", 1 after submit, 2 issued, 3 refused. */
static int add_application(struct db *db, int64_t person, const char *kind, const char *reason, int applied, int steps,
			   const char *number)
{
	struct op_error err;
	char d1[DATE_LEN], d2[DATE_LEN], d3[DATE_LEN], d4[DATE_LEN];
	json_t *body = json_pack("{s:I, s:s, s:s, s:s}", "person_id", (json_int_t)person, "kind", kind, "reason", reason,
				 "applied_on", day(d1, applied)),
	       *out = NULL, *args = NULL;
	int64_t id;
	int rc = docapp_create_in(db, &demo_actor, body, &out, &err);

	json_decref(body);
	if (rc)
		return failed("document application", &err);
	id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	out = NULL;
	if (steps >= 1) {
		args = json_pack("{s:s, s:s}", "date", day(d2, applied + 3), "submitted_to",
				 strcmp(kind, "official_passport") == 0 ? "省外办护照签证处" : "市公安局出入境管理支队");
		rc = docapp_act_in(db, &demo_actor, id, DOCAPP_SUBMIT, args, 0, &out, &err);
		json_decref(args);
		json_decref(out);
		args = out = NULL;
		if (rc)
			return failed("document submission", &err);
	}
	if (steps == 2) {
		args = json_pack("{s:s, s:s, s:s, s:s}", "date", day(d3, applied + 15), "number", number, "expiry_date",
				 day(d4, applied + 15 + 3650), "passport_kind", "service");
		rc = docapp_act_in(db, &demo_actor, id, DOCAPP_ISSUE, args, 0, &out, &err);
	} else if (steps == 3) {
		args = json_pack("{s:s, s:s}", "date", day(d3, applied + 20), "reason", "申请材料不全,请补充后重新申请");
		rc = docapp_act_in(db, &demo_actor, id, DOCAPP_REFUSE, args, 0, &out, &err);
	}
	json_decref(args);
	json_decref(out);
	return rc ? failed("document decision", &err) : DB_OK;
}

static int add_applications(struct db *db)
{
	json_t *people;
	int rc;

	people = db_fetch_all(db, "SELECT id FROM persons WHERE id >= ? ORDER BY id LIMIT 6", 1, &rc);
	if (!people)
		return rc;
	if (json_array_size(people) < 6) {
		json_decref(people);
		return DB_OK;
	}
#define PERSON(i) json_integer_value(json_object_get(json_array_get(people, i), "id"))
	rc = add_application(db, PERSON(1), "official_passport", "renewal", -40, 2, "SE7302145");
	if (rc == DB_OK)
		rc = add_application(db, PERSON(2), "hk_macao_permit", "new", -30, 2, "C73021456");
	if (rc == DB_OK)
		rc = add_application(db, PERSON(3), "hk_macao_permit", "new", -10, 1, NULL);
	if (rc == DB_OK)
		rc = add_application(db, PERSON(4), "official_passport", "lost", -3, 0, NULL);
	if (rc == DB_OK)
		rc = add_application(db, PERSON(5), "taiwan_permit", "new", -60, 3, NULL);
#undef PERSON
	json_decref(people);
	return rc;
}

/*
 * Visas of the members of the trips on their way: granted for a trip approved, submitted for one in
 * review, and for a trip just submitted the leader's submitted and the others' still to apply for.
 */
static const char *state_of(json_t *cell)
{
	return json_string_value(json_object_get(cell, "status"));
}

static int add_visas(struct db *db)
{
	struct op_error err;
	char d1[DATE_LEN], d2[DATE_LEN], d3[DATE_LEN];
	json_t *cells = NULL, *cell, *out = NULL, *args;
	size_t i;
	int rc;

	cells = db_fetch_all(db,
			     "SELECT DISTINCT m.delegation_id, m.person_id, m.is_leader, x.country, d.status FROM delegations d"
			     " JOIN delegation_members m ON m.delegation_id = d.id"
			     " JOIN delegation_destinations x ON x.delegation_id = d.id AND x.transit = 0"
			     " WHERE d.status IN ('approved','preliminary_approved','submitted') AND d.id >= ?"
			     " ORDER BY m.delegation_id, m.person_id, x.country",
			     1, &rc);
	if (!cells)
		return rc;
	json_array_foreach(cells, i, cell) {
		json_t *body = json_pack("{s:O, s:O, s:O}", "delegation_id", json_object_get(cell, "delegation_id"), "person_id",
					 json_object_get(cell, "person_id"), "country", json_object_get(cell, "country"));
		int64_t id;

		rc = visa_create_in(db, &demo_actor, body, &out, &err);
		json_decref(body);
		if (rc)
			break;
		id = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		if (strcmp(state_of(cell), "submitted") == 0 && !json_is_true(json_object_get(cell, "is_leader")))
			continue;
		args = json_pack("{s:s, s:s, s:s}", "date", day(d1, -8), "submitted_to", "驻华使馆签证处", "visa_type", "公务签证");
		rc = visa_act_in(db, &demo_actor, id, VISA_SUBMIT, args, 0, &out, &err);
		json_decref(args);
		json_decref(out);
		if (rc)
			break;
		if (strcmp(state_of(cell), "approved") != 0)
			continue;
		args = json_pack("{s:s, s:s, s:s, s:s, s:s}", "date", day(d1, -2), "visa_type", "公务签证", "valid_from",
				 day(d2, -2), "valid_until", day(d3, 88), "entries", "single");
		rc = visa_act_in(db, &demo_actor, id, VISA_GRANT, args, 0, &out, &err);
		json_decref(args);
		json_decref(out);
		if (rc)
			break;
	}
	json_decref(cells);
	return rc ? failed("visa", &err) : DB_OK;
}

static int add_invitation(struct db *db, json_t *body)
{
	struct op_error err;
	json_t *out = NULL;
	int64_t id;
	int rc = invitation_create_in(db, &demo_actor, body, &out, &err);

	json_decref(body);
	if (rc)
		return failed("invitation", &err);
	id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	rc = invitation_act_in(db, &demo_actor, id, INVITATION_SUBMIT, NULL, 0, &out, &err);
	json_decref(out);
	if (!rc) {
		json_t *args = json_pack("{s:s}", "comment", "同意邀请,请按规定办理签证通知");
		rc = invitation_act_in(db, &demo_actor, id, INVITATION_APPROVE, args, 0, &out, &err);
		json_decref(args);
		json_decref(out);
	}
	return rc ? failed("invitation approval", &err) : DB_OK;
}

int demo_documents_fill(struct db *db, const int64_t *unit_ids)
{
	char a1[DATE_LEN], l1[DATE_LEN], a2[DATE_LEN], l2[DATE_LEN];
	int rc = add_applications(db);

	if (rc == DB_OK)
		rc = add_visas(db);
	if (rc == DB_OK)
		rc = add_invitation(db, json_pack("{s:I, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s, s:s}]}",
						  "unit_id", (json_int_t)unit_ids[1], "purpose", "邀请德国巴伐利亚州企业代表团来邕洽谈新能源汽车零部件合作",
						  "arrive_date", day(a1, 25), "leave_date", day(l1, 29), "visa_post", "中国驻慕尼黑总领事馆",
						  "persons", "name", "Klaus Weber", "nationality", "DE", "passport_no", "C8K2LM451",
						  "birth_date", "1968-04-12", "position", "董事长", "name", "Sabine Hoffmann", "nationality",
						  "DE", "passport_no", "C8K2LM977", "birth_date", "1979-11-03", "position", "亚太区总监"));
	if (rc == DB_OK)
		rc = add_invitation(db, json_pack("{s:I, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s, s:s}]}",
						  "unit_id", (json_int_t)unit_ids[2], "purpose", "邀请泰国清迈大学教师来我市开展汉语教学交流",
						  "arrive_date", day(a2, 40), "leave_date", day(l2, 54), "visa_post", "中国驻清迈总领事馆",
						  "persons", "name", "Somchai Prasert", "nationality", "TH", "passport_no", "AA5831207",
						  "birth_date", "1985-07-21", "position", "副教授"));
	return rc;
}
