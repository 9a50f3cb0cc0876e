/*
 * helpers.h - shared set-up for the cmocka unit tests: a fresh migrated
 * SQLite database in a temporary file, a count by SQL, a trip row.
 */
#ifndef WAISHI_TEST_HELPERS_H
#define WAISHI_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dates.h"
#include "db.h"
#include "migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct test_db {
	char path[64];
	struct db *db;
};

static inline int test_db_setup(void **state)
{
	struct test_db *t = calloc(1, sizeof(*t));
	char err[256];
	int fd;

	snprintf(t->path, sizeof(t->path), "/tmp/waishi-unit-XXXXXX");
	fd = mkstemp(t->path);
	if (fd < 0)
		return -1;
	close(fd);
	if (db_open(t->path, &t->db, err, sizeof(err)) != DB_OK || migrate_up(t->db, err, sizeof(err)) != 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	*state = t;
	return 0;
}

static inline int test_db_teardown(void **state)
{
	struct test_db *t = *state;
	char side[96];

	db_close(t->db);
	unlink(t->path);
	snprintf(side, sizeof(side), "%s-wal", t->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", t->path);
	unlink(side);
	free(t);
	return 0;
}

/* The one integer `sql` (binding nothing) answers. */
static inline int64_t test_count(struct db *db, const char *sql)
{
	int64_t n = -1;

	assert_int_equal(db_query_int(db, &n, sql, ""), DB_OK);
	return n;
}

/* A trip `code` of unit 1 (which must exist) in `status`, departing in ten days, back in fifteen: its id. */
static inline int64_t test_trip(struct db *db, const char *code, const char *status)
{
	static int64_t seq;
	char today[DATE_LEN], depart[DATE_LEN], ret[DATE_LEN];
	int64_t id = 0;

	date_today(today);
	date_add_days(today, 10, depart);
	date_add_days(today, 15, ret);
	assert_int_equal(db_query_int(db, &id,
				      "INSERT INTO delegations (code, code_year, code_seq, unit_id, title, task, category, inviter,"
				      " depart_date, return_date, budget_fen, status, created_at, updated_at)"
				      " VALUES (?, 2000, ?, 1, '考察团', '考察', 'business', '某公司', ?, ?, 100, ?, 'x', 'x') RETURNING id",
				      "tittt", code, ++seq, depart, ret, status),
			 DB_OK);
	return id;
}

#endif
