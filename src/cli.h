/*
 * cli.h - the `waishi` subcommands (cli.c, demo.c): one table of commands,
 * each with its own flags and --help.
 */
#ifndef WAISHI_CLI_H
#define WAISHI_CLI_H

#include "audit.h"
#include "db.h"
#include "op.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The actor recorded in the audit trail for command-line changes. */
extern const struct audit_actor cli_actor;
/* The same as the actor of domain operations (import, the demo's trips): id 0, every unit. */
extern const struct actor cli_op_actor;

int cli_main(int argc, char **argv);

/* cli.c, for the subcommands in files of their own: the database named by WAISHI_DB or the default, opened with its migrations applied (NULL, said on stderr, on failure). */
const char *cli_default_db(void);
struct db *cli_open_migrated(const char *url);
/* cli_user.c: `waishi user [--db URL] add|passwd|deactivate|activate|list ...` */
int cli_cmd_user(int argc, char **argv);

/* demo.c: fill an initialised, empty database with the demo data set. */
int demo_fill(struct db *db, long bulk_units, bool minimal);
/* demo_trips.c: travellers, plans, a year of trips in every state, letters. unit_ids[i] is demo unit i+1. */
int demo_trips_fill(struct db *db, const int64_t *unit_ids, size_t nunits);
/* demo_documents.c: document applications, visas of the trips waiting to depart, two approved invitations. */
int demo_documents_fill(struct db *db, const int64_t *unit_ids);
/* demo_trips.c: after the rest is committed, this year's trips in review moved from draft by trip_act. */
int demo_trips_advance(struct db *db, const int64_t *unit_ids, size_t nunits);
/*
 * demo_trips.c: after the rest is committed, trips moved through their states
 * by trip_act as the API moves them (each step its own transaction): a trip
 * to Hong Kong and the trips of the county's units (county review).
 */
int demo_trips_act(struct db *db, const int64_t *unit_ids, size_t nunits);
/* demo_registers.c: sister cities, exchanges, receptions, APEC cards, cases, information items, contacts. */
int demo_registers_fill(struct db *db);

#endif
