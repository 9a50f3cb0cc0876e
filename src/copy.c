/*
 * copy.c - copying every table between two databases (see copy.h).
 */
#include "copy.h"

#include "audit.h"
#include "buf.h"

#include <stdio.h>
#include <string.h>

/*
 * Every table in an order that satisfies the foreign keys; a new table
 * belongs here (tests/api/95_postgres compares every table's rows). Left
 * out: schema_migrations and data_version (each database's own) and
 * settings (copied onto the target's, below).
 */
static const char *const tables[] = {
	"units", "users", "sessions", "audit_log", "persons", "passports", "plans", "delegations",
	"delegation_destinations", "delegation_members", "delegation_violations", "passport_events",
	"review_sessions", "review_items", "review_votes", "review_deputies", "invitations", "invitation_persons",
	"letters", "holidays", "sister_cities", "receptions", "exchanges", "abtc_cards", "cases", "info_items",
	"contacts", "attachments", "report_drafts", "report_draft_versions", "rules", "delegation_funding",
	"funding_standards", "document_applications", "visa_requirements", "visas", NULL,
};

/* Tables the target's migrations fill with shipped rows, replaced by the source's. */
static const char *const seeded[] = {"rules", NULL};

static int count_rows(struct db *db, const char *table, int64_t *n)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
	return db_query_int(db, n, sql, "");
}

/* INSERT INTO table (c1, ...) VALUES (?, ...) for the source statement's columns. */
static int insert_sql(struct db_stmt *src, const char *table, struct buf *sql)
{
	int i, n = db_column_count(src);

	if (buf_addf(sql, "INSERT INTO %s (", table) != BUF_OK)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_addf(sql, "%s%s", i ? ", " : "", db_column_name(src, i)) != BUF_OK)
			return -1;
	if (buf_adds(sql, ") VALUES (") != BUF_OK)
		return -1;
	for (i = 0; i < n; i++)
		if (buf_adds(sql, i ? ", ?" : "?") != BUF_OK)
			return -1;
	return buf_adds(sql, ")") == BUF_OK ? 0 : -1;
}

static int copy_row(struct db_stmt *src, struct db_stmt *dst)
{
	int i, rc = DB_OK, n = db_column_count(src);

	for (i = 0; i < n && rc == DB_OK; i++) {
		switch (db_column_type(src, i)) {
		case DB_T_NULL:
			rc = db_bind_null(dst, i + 1);
			break;
		case DB_T_INT:
			rc = db_bind_int64(dst, i + 1, db_column_int64(src, i));
			break;
		default:
			rc = db_bind_text(dst, i + 1, db_column_text(src, i));
		}
	}
	if (rc == DB_OK)
		rc = db_step(dst);
	if (rc == DB_DONE)
		rc = DB_OK;
	db_reset(dst);
	return rc;
}

static int copy_table(struct db *from, struct db *to, const char *table, int64_t *copied)
{
	struct db_stmt *src = NULL;
	struct buf sql;
	char select[128];
	int rc;

	*copied = 0;
	buf_init(&sql, 65536);
	snprintf(select, sizeof(select), "SELECT * FROM %s ORDER BY 1", table);
	rc = db_prepare(from, select, &src);
	while (rc == DB_OK && (rc = db_step(src)) == DB_ROW) {
		struct db_stmt *dst = NULL;

		buf_reset(&sql);
		rc = insert_sql(src, table, &sql) == 0 ? db_prepare(to, sql.data, &dst) : DB_ERR;
		if (rc == DB_OK)
			rc = copy_row(src, dst);
		db_finalize(dst);
		if (rc == DB_OK)
			(*copied)++;
	}
	db_finalize(src);
	buf_free(&sql);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The settings the target's migrations created take the source's values. */
static int copy_settings(struct db *from, struct db *to)
{
	struct db_stmt *src = NULL;
	int rc = db_prepare(from, "SELECT key, value, updated_at FROM settings", &src);

	while (rc == DB_OK && (rc = db_step(src)) == DB_ROW) {
		rc = db_execf(to, "DELETE FROM settings WHERE key = ?", "t", db_column_text(src, 0));
		if (rc == DB_OK)
			rc = db_execf(to, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)", "ttt",
				      db_column_text(src, 0), db_column_text(src, 1), db_column_text(src, 2));
	}
	db_finalize(src);
	return rc == DB_DONE ? DB_OK : rc;
}

int copy_database(struct db *from, struct db *to)
{
	int64_t existing = 0, copied, before, after, bad = 0, checked = 0;
	size_t i;
	int rc;

	if (db_query_int(to, &existing, "SELECT COUNT(*) FROM users", "") != DB_OK || existing) {
		fprintf(stderr, "waishi: the target database is not empty; copy into a new database\n");
		return -1;
	}
	rc = db_begin(to);
	for (i = 0; seeded[i] && rc == DB_OK; i++) {
		char sql[64];

		snprintf(sql, sizeof(sql), "DELETE FROM %s", seeded[i]);
		rc = db_execf(to, sql, "");
	}
	for (i = 0; tables[i] && rc == DB_OK; i++) {
		rc = copy_table(from, to, tables[i], &copied);
		if (rc == DB_OK)
			rc = db_reset_ids(to, tables[i]);
		if (rc == DB_OK)
			fprintf(stderr, "copied %-24s %lld rows\n", tables[i], (long long)copied);
	}
	if (rc == DB_OK)
		rc = copy_settings(from, to);
	if (rc == DB_OK)
		rc = db_commit(to);
	if (rc != DB_OK) {
		db_rollback(to);
		fprintf(stderr, "waishi: copy failed, nothing was written: %s\n", db_errmsg(to));
		return -1;
	}
	for (i = 0; tables[i]; i++) {
		if (count_rows(from, tables[i], &before) != DB_OK || count_rows(to, tables[i], &after) != DB_OK || before != after) {
			fprintf(stderr, "waishi: row counts differ in %s (%lld, %lld)\n", tables[i], (long long)before, (long long)after);
			return -1;
		}
	}
	if (audit_verify(to, &bad, &checked) != DB_OK) {
		fprintf(stderr, "waishi: the copied audit chain does not verify (entry %lld)\n", (long long)bad);
		return -1;
	}
	printf("copied; row counts match; audit chain intact (%lld entries)\n", (long long)checked);
	return 0;
}
