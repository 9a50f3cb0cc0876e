/*
 * demo.c - the demo data set: a municipal office's units and one user for
 * every role, so a new installation can be tried at once. Every demo
 * password is "demo-" + the username, and the README says to change them.
 */
#include "cli.h"

#include "auth.h"
#include "audit.h"
#include "unit.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

struct demo_unit {
	const char *name;
	const char *level;
	int parent; /* index into demo_units + 1, 0 for none */
};

static const struct demo_unit demo_units[] = {
	{"市外事办公室", "city_bureau", 0},          /* 1 */
	{"市商务局", "city_bureau", 0},              /* 2 */
	{"市教育局", "city_bureau", 0},              /* 3 */
	{"市文化广电和旅游局", "city_bureau", 0},    /* 4 */
	{"武鸣县人民政府", "county", 0},             /* 5 */
	{"武鸣县商务局", "other", 5},                /* 6 */
	{"青秀区人民政府", "district", 0},           /* 7 */
	{"市第一中学", "school", 3},                 /* 8 */
	{"市第三中学", "school", 3},                 /* 9 */
	{"东盟国际贸易有限公司", "enterprise", 0},    /* 10 */
	{"武鸣县第一中学", "school", 5},             /* 11: the county's second unit */
};

struct demo_user {
	const char *username;
	const char *display_name;
	int role;
	int unit; /* index into demo_units + 1, 0 for none */
};

static const struct demo_user demo_users[] = {
	{"admin", "系统管理员", ROLE_ADMIN, 1},
	{"officer", "王丽(外办经办人)", ROLE_OFFICER, 1},
	{"officer2", "李强(外办经办人)", ROLE_OFFICER, 1},
	{"reviewer1", "张建国(会审小组)", ROLE_REVIEWER, 0},
	{"reviewer2", "陈静(会审小组)", ROLE_REVIEWER, 0},
	{"reviewer3", "刘洋(会审小组)", ROLE_REVIEWER, 0},
	{"director", "黄志明(外办主任)", ROLE_DIRECTOR, 1},
	{"shangwu", "市商务局申报员", ROLE_UNIT, 2},
	{"jiaoyu", "市教育局申报员", ROLE_UNIT, 3},
	{"wuming", "武鸣县申报员", ROLE_UNIT, 5},
	{"viewer", "市领导查询", ROLE_VIEWER, 0},
	{"county", "武鸣县外事办", ROLE_COUNTY, 5}, /* last: the ids of the others stay as they were */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* An operation's refusal of demo data (never expected): said, and the demo rolled back. */
static int refused(const char *what, int status, const struct op_error *err)
{
	fprintf(stderr, "waishi: demo %s refused (%d): %s\n", what, status, err->en);
	return DB_ERR;
}

/* The demo's units through the units' own operation, as the API creates them. */
static int add_units(struct db *db, int64_t *ids)
{
	struct op_error err;
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < COUNT(demo_units) && rc == DB_OK; i++) {
		const struct demo_unit *u = &demo_units[i];
		json_t *body = json_pack("{s:s, s:s, s:o}", "name", u->name, "level", u->level, "parent_id",
					 u->parent ? json_integer(ids[u->parent - 1]) : json_null());
		json_t *unit = NULL;
		int status = body ? unit_add_in(db, &cli_op_actor, body, &unit, &err) : op_fail_db(&err, DB_ERR);

		rc = status ? refused(u->name, status, &err) : DB_OK;
		if (!status)
			ids[i] = json_integer_value(json_object_get(unit, "id"));
		json_decref(unit);
		json_decref(body);
	}
	return rc;
}

/* The demo's accounts through the users' own operation, as the API and `waishi user add` create them. */
static int add_users(struct db *db, const int64_t *unit_ids)
{
	char pw[64], hash[crypto_pwhash_STRBYTES];
	struct op_error err;
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < COUNT(demo_users) && rc == DB_OK; i++) {
		const struct demo_user *u = &demo_users[i];
		json_t *body, *user = NULL;
		int status;

		snprintf(pw, sizeof(pw), "demo-%s", u->username);
		if (auth_hash_password(pw, hash) != 0)
			return DB_ERR;
		body = json_pack("{s:s, s:s, s:s, s:s, s:o}", "username", u->username, "display_name", u->display_name,
				 "role", role_name(u->role), "password", pw, "unit_id",
				 u->unit ? json_integer(unit_ids[u->unit - 1]) : json_null());
		status = body ? user_add_in(db, &cli_op_actor, body, hash, &user, &err) : op_fail_db(&err, DB_ERR);
		rc = status ? refused(u->username, status, &err) : DB_OK;
		json_decref(user);
		json_decref(body);
	}
	return rc;
}

static int add_bulk_units(struct db *db, long count)
{
	static const char *const levels[] = {"city_bureau", "county", "district", "enterprise", "school", "other"};
	char name[64];
	int64_t id;
	long i;
	int rc = DB_OK;

	for (i = 1; i <= count && rc == DB_OK; i++) {
		snprintf(name, sizeof(name), "演示单位%06ld", i);
		rc = unit_db_create(db, name, levels[i % 6], 0, &id);
	}
	if (rc == DB_OK && count) {
		json_t *after = json_pack("{s:i}", "count", (int)count);
		rc = audit_write(db, &cli_actor, "bulk_create", "unit", 0, NULL, after);
		json_decref(after);
	}
	return rc;
}

/*
 * After the rest is committed: this year's trips in review moved by
 * trip_act, the documents and visas of the trips on their way (which need
 * those states), then the trips acted on from scratch.
 */
static int demo_after_commit(struct db *db, const int64_t *unit_ids)
{
	int rc = demo_trips_advance(db, unit_ids, COUNT(demo_units));

	if (rc == DB_OK)
		rc = db_begin(db);
	if (rc == DB_OK) {
		rc = demo_documents_fill(db, unit_ids);
		rc = rc == DB_OK ? db_commit(db) : rc;
		if (rc != DB_OK)
			db_rollback(db);
	}
	return rc == DB_OK ? demo_trips_act(db, unit_ids, COUNT(demo_units)) : rc;
}

int demo_fill(struct db *db, long bulk_units, bool minimal)
{
	int64_t users = 0, unit_ids[COUNT(demo_units)];
	int rc;

	if (db_query_int(db, &users, "SELECT COUNT(*) FROM users", "") != DB_OK)
		return 1;
	if (users > 0 && !bulk_units) {
		fprintf(stderr, "waishi: the database already has users; demo data goes only into a new database\n");
		return 1;
	}
	rc = db_begin(db);
	if (rc == DB_OK && users == 0)
		rc = add_units(db, unit_ids);
	if (rc == DB_OK && users == 0)
		rc = add_users(db, unit_ids);
	if (rc == DB_OK && users == 0 && !minimal)
		rc = demo_trips_fill(db, unit_ids, COUNT(demo_units));
	if (rc == DB_OK && users == 0 && !minimal)
		rc = demo_registers_fill(db);
	if (rc == DB_OK)
		rc = add_bulk_units(db, bulk_units);
	/* the sign-in page shows the demo accounts only in a database that has them */
	if (rc == DB_OK && users == 0)
		rc = db_execf(db, "INSERT INTO settings (key, value, updated_at) VALUES ('demo_data', '1', ?)", "t",
			      "1970-01-01T00:00:00Z");
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		fprintf(stderr, "waishi: demo data failed: %s\n", db_errmsg(db));
		return 1;
	}
	if (users == 0 && !minimal && demo_after_commit(db, unit_ids) != DB_OK) {
		fprintf(stderr, "waishi: demo trips failed: %s\n", db_errmsg(db));
		return 1;
	}
	if (users == 0) {
		printf("demo data added: %zu units, %zu users%s; each password is demo-USERNAME, e.g.\n",
		       COUNT(demo_units), COUNT(demo_users),
		       minimal ? "" : ", travellers, plans, a year of trips in every state, letters, sister cities,"
				      " exchanges, receptions, APEC cards, cases, information items, contacts, document applications,"
				      " visas, approved invitations");
		printf("  admin / demo-admin   officer / demo-officer   director / demo-director\n");
	}
	if (bulk_units)
		printf("%ld generated units added\n", bulk_units);
	return 0;
}
