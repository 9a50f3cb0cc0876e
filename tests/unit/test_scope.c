/*
 * test_scope.c - the unit-scope rule (auth_check_unit) and the list
 * machinery's scoping, paging and sorting, as every module will use them.
 */
#include "helpers.h"

#include "auth_api.h"
#include "list.h"

static struct request caller(int role, int64_t unit_id)
{
	struct request req;

	memset(&req, 0, sizeof(req));
	req.user.role = role;
	req.user.unit_id = unit_id;
	return req;
}

static void unit_user_reaches_only_its_unit(void **state)
{
	struct request req = caller(ROLE_UNIT, 7);
	struct response res;

	(void)state;
	memset(&res, 0, sizeof(res));
	assert_int_equal(auth_check_unit(&req, &res, 7), 0);
	assert_int_equal(auth_check_unit(&req, &res, 8), 403);
	json_decref(res.json);
	req = caller(ROLE_UNIT, 0);
	memset(&res, 0, sizeof(res));
	assert_int_equal(auth_check_unit(&req, &res, 0), 403);
	json_decref(res.json);
}

static void office_roles_reach_every_unit(void **state)
{
	static const int roles[] = {ROLE_ADMIN, ROLE_OFFICER, ROLE_REVIEWER, ROLE_DIRECTOR, ROLE_VIEWER};
	struct response res;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		struct request req = caller(roles[i], 1);
		memset(&res, 0, sizeof(res));
		assert_int_equal(auth_check_unit(&req, &res, 99), 0);
	}
}

static const struct list_sort_key sorts[] = {{"name", "name"}, {NULL, NULL}};
static const char *const search[] = {"name", NULL};
static const struct list_spec spec = {
	.select = "id, name, parent_id",
	.from = "units",
	.sorts = sorts,
	.default_order = "id",
	.search_columns = search,
	.unit_column = "parent_id",
};

static json_t *run(struct db *db, struct list_params *lp)
{
	struct list_filter f;
	json_t *out = NULL;

	list_filter_init(&f);
	assert_int_equal(list_run(db, &spec, lp, &f, &out), DB_OK);
	list_filter_free(&f);
	return out;
}

static void lists_page_sort_search_and_scope(void **state)
{
	struct test_db *t = *state;
	struct list_params lp = {.page = 1, .per_page = 2};
	static const char *const names[] = {"甲单位a", "乙单位_%", "甲单位b", "乙单位x", "甲单位c"};
	struct list_filter f;
	json_t *out = NULL;
	int i;

	assert_int_equal(db_execf(t->db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('根', 'other', 'x', 'x')", ""), DB_OK);
	for (i = 0; i < 5; i++)
		assert_int_equal(db_execf(t->db,
					  "INSERT INTO units (name, level, parent_id, created_at, updated_at)"
					  " VALUES (?, 'other', 1, 'x', 'x')",
					  "t", names[i]),
				 DB_OK);
	out = run(t->db, &lp);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 6); /* the root and its five */
	assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
	json_decref(out);

	lp.q = "甲";
	out = run(t->db, &lp);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 3);
	json_decref(out);

	lp.q = "_%"; /* LIKE's own characters are matched literally */
	out = run(t->db, &lp);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 1);
	json_decref(out);

	lp.q = NULL;
	lp.sort = "-name";
	lp.per_page = 1;
	out = run(t->db, &lp);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(out, "items"), 0), "name")), "甲单位c");
	json_decref(out);

	lp.sort = "password_hash";
	list_filter_init(&f);
	assert_int_equal(list_run(t->db, &spec, &lp, &f, &out), 1);
	list_filter_free(&f);

	lp.sort = NULL;
	lp.scope_unit = 2; /* a unit caller of unit 2 sees nothing of unit 1 */
	out = run(t->db, &lp);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 0);
	json_decref(out);
}

/* Regression: a filter value must outlive the caller's buffer (it once kept the pointer). */
static void filter_values_are_copied(void **state)
{
	struct test_db *t = *state;
	struct list_params lp = {.page = 1, .per_page = 5};
	struct list_filter f;
	json_t *out = NULL;
	char *name = strdup("甲单位");

	assert_int_equal(db_execf(t->db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('甲单位', 'other', 'x', 'x')", ""), DB_OK);
	list_filter_init(&f);
	assert_int_equal(list_filter_text(&f, "name = ?", name), DB_OK);
	memset(name, 'x', strlen(name));
	free(name);
	assert_int_equal(list_run(t->db, &spec, &lp, &f, &out), DB_OK);
	list_filter_free(&f);
	assert_int_equal(json_integer_value(json_object_get(out, "total")), 1);
	json_decref(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit_user_reaches_only_its_unit),
		cmocka_unit_test(office_roles_reach_every_unit),
		cmocka_unit_test_setup_teardown(lists_page_sort_search_and_scope, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(filter_values_are_copied, test_db_setup, test_db_teardown),
	};
	return cmocka_run_group_tests_name("scope", tests, NULL, NULL);
}
