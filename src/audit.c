/*
 * audit.c - the hash-chained, append-only audit trail (see audit.h).
 */
#include "audit.h"

#include "dates.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The hashed content: a JSON array, so no field can run into the next. */
static char *entry_content(const char *prev_hash, const char *at, int64_t user_id, const char *username,
			   const char *client_ip, const char *action, const char *entity, int64_t entity_id,
			   const char *before, const char *after)
{
	json_t *arr = json_pack("[s, s, o, o, s, s, s, o, o, o]", prev_hash, at,
				user_id ? json_integer(user_id) : json_null(),
				username ? json_string(username) : json_null(), client_ip, action, entity,
				entity_id ? json_integer(entity_id) : json_null(),
				before ? json_string(before) : json_null(), after ? json_string(after) : json_null());
	char *s;

	if (!arr)
		return NULL;
	s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return s;
}

static int last_hash(struct db *db, char *out, size_t len)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &st);

	if (rc != DB_OK)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(out, len, "%s", db_column_text(st, 0));
	else if (rc == DB_DONE)
		snprintf(out, len, "%s", GENESIS_HASH);
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static char *dump_or_null(json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
}

/*
 * Fault injection for tests (as sqlite's faultsim): WAISHI_FAULT=audit:ENTITY
 * makes every audit write for ENTITY fail, so a test can show that the
 * record written before it in the same transaction is rolled back.
 */
static bool fault_injected(const char *entity)
{
	const char *fault = getenv("WAISHI_FAULT");

	return fault && strncmp(fault, "audit:", 6) == 0 && strcmp(fault + 6, entity) == 0;
}

int audit_write(struct db *db, const struct audit_actor *who, const char *action, const char *entity,
		int64_t entity_id, json_t *before, json_t *after)
{
	char prev[65], hash[65], at[32];
	char *before_s = NULL, *after_s = NULL, *content = NULL;
	int rc;

	if (fault_injected(entity))
		return DB_ERR;
	rc = last_hash(db, prev, sizeof(prev));
	if (rc != DB_OK)
		return rc;
	util_now_rfc3339(at, sizeof(at));
	before_s = dump_or_null(before);
	after_s = dump_or_null(after);
	content = entry_content(prev, at, who->user_id, who->username, who->client_ip, action, entity, entity_id,
				before_s, after_s);
	if ((before && !before_s) || (after && !after_s) || !content) {
		rc = DB_ERR;
		goto out;
	}
	util_sha256_hex(content, strlen(content), hash);
	rc = db_execf(db,
		      "INSERT INTO audit_log (at, user_id, username, client_ip, action, entity, entity_id,"
		      " before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		      "tzttttztttt", at, who->user_id, who->username, who->client_ip, action, entity, entity_id,
		      before_s, after_s, prev, hash);
out:
	free(before_s);
	free(after_s);
	free(content);
	return rc;
}

static const char *text_or_null(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? NULL : db_column_text(st, col);
}

int audit_verify(struct db *db, int64_t *bad_id, int64_t *checked)
{
	struct db_stmt *st = NULL;
	char expected_prev[65] = GENESIS_HASH, hash[65];
	int rc;

	*bad_id = 0;
	*checked = 0;
	rc = db_prepare(db,
			"SELECT id, at, user_id, username, client_ip, action, entity, entity_id, before_json,"
			" after_json, prev_hash, hash FROM audit_log ORDER BY id",
			&st);
	if (rc != DB_OK)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		char *content = entry_content(db_column_text(st, 10), db_column_text(st, 1), db_column_int64(st, 2),
					      text_or_null(st, 3), db_column_text(st, 4), db_column_text(st, 5),
					      db_column_text(st, 6), db_column_int64(st, 7), text_or_null(st, 8),
					      text_or_null(st, 9));
		if (!content) {
			rc = DB_ERR;
			break;
		}
		util_sha256_hex(content, strlen(content), hash);
		free(content);
		if (strcmp(db_column_text(st, 10), expected_prev) != 0 || strcmp(db_column_text(st, 11), hash) != 0) {
			*bad_id = db_column_int64(st, 0);
			rc = 1;
			break;
		}
		snprintf(expected_prev, sizeof(expected_prev), "%s", hash);
		(*checked)++;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}
