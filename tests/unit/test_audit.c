/*
 * test_audit.c - the audit hash chain: entries chain, verify holds, and any
 * edit or deletion is found at the right entry.
 */
#include "helpers.h"

#include "audit.h"

static const struct audit_actor tester = {0, "tester", "127.0.0.1"};

static void write_entries(struct db *db, int n)
{
	int i;

	for (i = 1; i <= n; i++) {
		json_t *after = json_pack("{s:i, s:s}", "n", i, "name", "单位");
		assert_int_equal(db_begin(db), DB_OK);
		assert_int_equal(audit_write(db, &tester, "create", "unit", i, NULL, after), DB_OK);
		assert_int_equal(db_commit(db), DB_OK);
		json_decref(after);
	}
}

static void empty_chain_verifies(void **state)
{
	struct test_db *t = *state;
	int64_t bad = -1, checked = -1;

	assert_int_equal(audit_verify(t->db, &bad, &checked), DB_OK);
	assert_int_equal(bad, 0);
	assert_int_equal(checked, 0);
}

static void intact_chain_verifies(void **state)
{
	struct test_db *t = *state;
	int64_t bad = -1, checked = 0;

	write_entries(t->db, 5);
	assert_int_equal(audit_verify(t->db, &bad, &checked), DB_OK);
	assert_int_equal(checked, 5);
}

static void edited_entry_is_found(void **state)
{
	struct test_db *t = *state;
	int64_t bad = 0, checked = 0;

	write_entries(t->db, 5);
	assert_int_equal(db_execf(t->db, "UPDATE audit_log SET after_json = '{\"n\":99}' WHERE id = 3", ""), DB_OK);
	assert_int_equal(audit_verify(t->db, &bad, &checked), 1);
	assert_int_equal(bad, 3);
	assert_int_equal(checked, 2);
}

static void deleted_entry_is_found(void **state)
{
	struct test_db *t = *state;
	int64_t bad = 0, checked = 0;

	write_entries(t->db, 5);
	assert_int_equal(db_execf(t->db, "DELETE FROM audit_log WHERE id = 2", ""), DB_OK);
	assert_int_equal(audit_verify(t->db, &bad, &checked), 1);
	assert_int_equal(bad, 3);
}

static void each_entry_links_to_previous(void **state)
{
	struct test_db *t = *state;
	int64_t n = 0;

	write_entries(t->db, 3);
	assert_int_equal(db_query_int(t->db, &n,
				      "SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1 WHERE b.prev_hash = a.hash", ""),
			 DB_OK);
	assert_int_equal(n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(empty_chain_verifies, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(intact_chain_verifies, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(edited_entry_is_found, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(deleted_entry_is_found, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(each_entry_links_to_previous, test_db_setup, test_db_teardown),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
