/*
 * helpers.h - shared set-up for the cmocka unit tests: a fresh migrated
 * SQLite database in a temporary file.
 */
#ifndef WAISHI_TEST_HELPERS_H
#define WAISHI_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

#endif
