/*
 * test_db.c - the database interface on SQLite: statements, bindings,
 * constraints, transactions, migrations, backup, rows to JSON.
 */
#include "helpers.h"

#include "list.h"
#include "settings.h"
#include "store.h"

#include <sys/wait.h>

static void insert_and_read_back(void **state)
{
	struct test_db *t = *state;
	struct db_stmt *st = NULL;
	int64_t id = 0;

	assert_int_equal(db_execf(t->db, "INSERT INTO units (name, level, created_at, updated_at) VALUES (?, ?, ?, ?)",
				  "tttt", "市商务局", "city_bureau", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
			 DB_OK);
	id = db_last_id(t->db);
	assert_true(id > 0);
	assert_int_equal(db_prepare(t->db, "SELECT name, parent_id FROM units WHERE id = ?", &st), DB_OK);
	assert_int_equal(db_bind_int64(st, 1, id), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_column_text(st, 0), "市商务局");
	assert_true(db_column_is_null(st, 1));
	assert_int_equal(db_step(st), DB_DONE);
	db_finalize(st);
}

static void unique_violation_is_constraint(void **state)
{
	struct test_db *t = *state;
	const char *sql = "INSERT INTO units (name, level, created_at, updated_at) VALUES (?, 'other', 'x', 'x')";

	assert_int_equal(db_execf(t->db, sql, "t", "同名"), DB_OK);
	assert_int_equal(db_execf(t->db, sql, "t", "同名"), DB_CONSTRAINT);
}

static void foreign_keys_are_enforced(void **state)
{
	struct test_db *t = *state;

	assert_int_equal(db_execf(t->db,
				  "INSERT INTO units (name, level, parent_id, created_at, updated_at)"
				  " VALUES ('孤儿', 'other', 999, 'x', 'x')",
				  ""),
			 DB_CONSTRAINT);
}

static void rollback_discards_writes(void **state)
{
	struct test_db *t = *state;
	int64_t n = -1;

	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(db_execf(t->db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('临时', 'other', 'x', 'x')", ""), DB_OK);
	db_rollback(t->db);
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM units WHERE name = ?", "t", "临时"), DB_OK);
	assert_int_equal(n, 0);
}

static void query_int_reports_no_row(void **state)
{
	struct test_db *t = *state;
	int64_t v = 5;

	assert_int_equal(db_query_int(t->db, &v, "SELECT id FROM units WHERE id = ?", "i", (int64_t)424242), DB_DONE);
	assert_int_equal(v, 0);
}

static void query_ints_reads_the_columns_of_one_row(void **state)
{
	struct test_db *t = *state;
	int64_t v[3] = {7, 7, 7};

	assert_int_equal(db_query_ints(t->db, v, 3, "SELECT ?, ? + 1, NULL", "ii", (int64_t)40, (int64_t)41), DB_OK);
	assert_int_equal(v[0], 40);
	assert_int_equal(v[1], 42);
	assert_int_equal(v[2], 0);
	v[0] = 7;
	assert_int_equal(db_query_ints(t->db, v, 2, "SELECT id, id FROM units WHERE id = ?", "i", (int64_t)424242), DB_DONE);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[1], 0);
}

static void migrations_are_recorded_once(void **state)
{
	struct test_db *t = *state;
	char err[256];
	int64_t n = 0;

	assert_int_equal(migrate_up(t->db, err, sizeof(err)), 0);
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM schema_migrations", ""), DB_OK);
	assert_int_equal(n, migration_count);
}

static void newer_database_is_refused(void **state)
{
	struct test_db *t = *state;
	char err[256];

	assert_int_equal(db_execf(t->db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')", ""), DB_OK);
	assert_int_equal(migrate_up(t->db, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(db_execf(t->db, "DELETE FROM schema_migrations WHERE version = 9999", ""), DB_OK);
}

static void row_json_follows_naming(void **state)
{
	struct test_db *t = *state;
	struct db_stmt *st = NULL;
	json_t *row;

	assert_int_equal(db_prepare(t->db, "SELECT 1 AS is_cadre, 123456 AS budget_fen, '[1,2]' AS members_json, NULL AS note, 'x' AS name", &st), DB_OK);
	assert_int_equal(db_step(st), DB_ROW);
	row = db_row_json(st);
	db_finalize(st);
	assert_true(json_is_true(json_object_get(row, "is_cadre")));
	assert_true(json_real_value(json_object_get(row, "budget_cny")) == 1234.56);
	assert_int_equal(json_array_size(json_object_get(row, "members")), 2);
	assert_true(json_is_null(json_object_get(row, "note")));
	assert_string_equal(json_string_value(json_object_get(row, "name")), "x");
	json_decref(row);
}

static void store_insert_and_update(void **state)
{
	static const char *const cols[] = {"name", "level", "parent_id", NULL};
	struct test_db *t = *state;
	json_t *v = json_pack("{s:s, s:s, s:n, s:s}", "name", "教育局", "level", "city_bureau", "parent_id", "ignored", "x");
	int64_t id = 0, n = 0;

	assert_int_equal(store_insert(t->db, "units", cols, v, &id), DB_OK);
	json_decref(v);
	v = json_pack("{s:s}", "name", "市教育局");
	assert_int_equal(store_update(t->db, "units", cols, v, id), DB_OK);
	json_decref(v);
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM units WHERE id = ? AND name = '市教育局'", "i", id), DB_OK);
	assert_int_equal(n, 1);
}

static void backup_is_a_readable_copy(void **state)
{
	struct test_db *t = *state;
	char path[96], err[256];
	struct db *copy = NULL;
	int64_t n = 0;

	snprintf(path, sizeof(path), "%s.bak", t->path);
	assert_int_equal(db_execf(t->db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('备份', 'other', 'x', 'x')", ""), DB_OK);
	assert_int_equal(db_backup(t->db, path), DB_OK);
	assert_int_equal(db_open(path, &copy, err, sizeof(err)), DB_OK);
	assert_int_equal(db_query_int(copy, &n, "SELECT COUNT(*) FROM units WHERE name = '备份'", ""), DB_OK);
	assert_int_equal(n, 1);
	db_close(copy);
	unlink(path);
}

/* A list's total and page come from one snapshot: a commit by another connection in between is not half seen. */
static void read_snapshot_holds_until_its_end(void **state)
{
	struct test_db *t = *state;
	const char *count = "SELECT COUNT(*) FROM units WHERE name = '快照'";
	const char *insert = "INSERT INTO units (name, level, created_at, updated_at) VALUES ('快照', 'other', 'x', 'x')";
	struct db *other = NULL;
	char err[256];
	int64_t before = -1, during = -1, after = -1;

	assert_int_equal(db_open(t->path, &other, err, sizeof(err)), DB_OK);
	assert_int_equal(db_read_begin(t->db), DB_OK);
	assert_false(db_in_transaction(t->db)); /* reads may be cached: nothing can roll back */
	assert_int_equal(db_query_int(t->db, &before, count, ""), DB_OK);
	assert_int_equal(db_execf(other, insert, ""), DB_OK); /* WAL: the writer is not blocked by the reader */
	assert_int_equal(db_query_int(t->db, &during, count, ""), DB_OK);
	db_read_end(t->db);
	assert_int_equal(db_query_int(t->db, &after, count, ""), DB_OK);
	assert_int_equal(before, 0);
	assert_int_equal(during, 0);
	assert_int_equal(after, 1);
	/* a write transaction can begin once the snapshot ended */
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_true(db_in_transaction(t->db));
	db_rollback(t->db);
	db_close(other);
}

/* Another process changes a setting: its own connection, its own generation, as `waishi` from the command line. */
static void set_in_another_process(const char *path, const char *value)
{
	pid_t pid = fork();
	int status = -1;

	if (pid == 0) {
		struct db *other = NULL;
		char err[256];
		int rc = db_open(path, &other, err, sizeof(err));

		if (rc == DB_OK)
			rc = db_execf(other, "UPDATE settings SET value = ? WHERE key = 'lockout_threshold'", "t", value);
		db_close(other);
		_exit(rc == DB_OK ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A write transaction reads a cached setting as it is when the transaction began, not as it was at checkout. */
static void transaction_sees_a_setting_changed_by_another_process(void **state)
{
	struct test_db *t = *state;

	assert_int_equal(db_execf(t->db, "INSERT INTO settings (key, value, updated_at) VALUES ('lockout_threshold', '5', 'x')"
				  " ON CONFLICT (key) DO UPDATE SET value = '5'", ""), DB_OK);
	(void)db_generation(t->db);
	assert_int_equal(settings_get_int(t->db, "lockout_threshold", 0), 5); /* cached */
	set_in_another_process(t->path, "7");
	assert_int_equal(db_begin(t->db), DB_OK);
	assert_int_equal(settings_get_int(t->db, "lockout_threshold", 0), 7);
	db_rollback(t->db);
}

static void unreachable_postgres_is_reported_clearly(void **state)
{
	struct db *db = NULL;
	char err[256];

	(void)state;
	assert_int_equal(db_open("postgresql://u@h/db", &db, err, sizeof(err)), DB_ERR);
	assert_null(db);
	assert_non_null(strstr(err, "PostgreSQL"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(insert_and_read_back, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(unique_violation_is_constraint, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(foreign_keys_are_enforced, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(rollback_discards_writes, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(query_int_reports_no_row, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(query_ints_reads_the_columns_of_one_row, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(migrations_are_recorded_once, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(newer_database_is_refused, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(row_json_follows_naming, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(store_insert_and_update, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(backup_is_a_readable_copy, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(read_snapshot_holds_until_its_end, test_db_setup, test_db_teardown),
		cmocka_unit_test_setup_teardown(transaction_sees_a_setting_changed_by_another_process, test_db_setup,
						test_db_teardown),
		cmocka_unit_test(unreachable_postgres_is_reported_clearly),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
