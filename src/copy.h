/*
 * copy.h - `waishi migrate-data`: copy a whole installation between
 * backends (SQLite -> PostgreSQL for a province, PostgreSQL -> SQLite for a
 * backup an office can open on one machine), keeping every id, then check
 * the row counts and the audit chain on the target.
 */
#ifndef WAISHI_COPY_H
#define WAISHI_COPY_H

#include "db.h"

/* 0 on success; -1 with a message printed. The target must be migrated and hold no records. */
int copy_database(struct db *from, struct db *to);

#endif
