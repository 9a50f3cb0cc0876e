/*
 * auth_request.c - who is calling (see auth_api.h): the session of each
 * request from its bearer token or cookie (cached under the data
 * generation), and the units the caller sees.
 */
#include "auth_api.h"

#include "cache.h"
#include "settings.h"
#include "util.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#define TOUCH_INTERVAL_S 60

/* ---- storage: sessions ---- */

/* DB_ROW with req->user filled, DB_DONE when no such session. */
static int session_load(struct db *db, const char *token_hash, struct caller *who, int64_t *last_seen, bool *active)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db,
			    "SELECT s.id, s.csrf_token, s.last_seen, u.id, u.username, u.role, u.unit_id, u.is_active"
			    " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
			    &st);

	if (rc != DB_OK)
		return rc;
	rc = db_bind_text(st, 1, token_hash);
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_ROW) {
		who->session_id = db_column_int64(st, 0);
		snprintf(who->csrf_token, sizeof(who->csrf_token), "%s", db_column_text(st, 1));
		*last_seen = db_column_int64(st, 2);
		who->id = db_column_int64(st, 3);
		snprintf(who->username, sizeof(who->username), "%s", db_column_text(st, 4));
		who->role = role_from_name(db_column_text(st, 5));
		who->unit_id = db_column_is_null(st, 6) ? 0 : db_column_int64(st, 6);
		*active = db_column_int64(st, 7) != 0;
	}
	db_finalize(st);
	return rc;
}

/* ---- authentication of each request ---- */

static const char *request_token(struct request *req, bool *via_cookie)
{
	const char *authz = http_header(req, "Authorization");

	*via_cookie = false;
	if (authz && strncmp(authz, "Bearer ", 7) == 0)
		return authz + 7;
	*via_cookie = true;
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, AUTH_SESSION_COOKIE);
}

/*
 * The session row with its user, as read under one data generation. Any
 * committed write (a logout, a password change, a deactivation, also by
 * `waishi user` from another process) moves the generation on, so an entry
 * is never used after the data it came from changed.
 */
struct session_entry {
	struct caller who;
	int64_t last_seen;
	bool active;
};

static struct cache session_cache = CACHE_INIT(1024, sizeof(struct session_entry));

int auth_authenticate(struct request *req)
{
	const char *token = request_token(req, &req->via_cookie);
	char token_hash[65];
	struct session_entry e;
	int64_t last_seen, idle_s, now = util_now();
	uint64_t gen;
	bool active;
	int rc;

	if (!token || strlen(token) != 64)
		return 1;
	util_sha256_hex(token, strlen(token), token_hash);
	gen = db_generation(req->db);
	if (!cache_get(&session_cache, token_hash, gen, &e)) {
		memset(&e, 0, sizeof(e));
		rc = session_load(req->db, token_hash, &e.who, &e.last_seen, &e.active);
		if (rc == DB_DONE)
			return 1;
		if (rc != DB_ROW)
			return rc;
		if (!db_in_transaction(req->db))
			cache_put(&session_cache, token_hash, gen, &e);
	}
	req->user = e.who;
	last_seen = e.last_seen;
	active = e.active;
	idle_s = settings_get_int(req->db, "session_idle_hours", 8) * 3600;
	if (!active || now - last_seen > idle_s) {
		rc = db_execf(req->db, "DELETE FROM sessions WHERE id = ?", "i", req->user.session_id);
		memset(&req->user, 0, sizeof(req->user));
		return rc == DB_OK ? 1 : rc;
	}
	/* Touch at most once a minute, so reads do not all become writes. */
	if (now - last_seen >= TOUCH_INTERVAL_S &&
	    db_execf(req->db, "UPDATE sessions SET last_seen = ? WHERE id = ?", "ii", now, req->user.session_id) != DB_OK)
		fprintf(stderr, "waishi: session touch failed: %s\n", db_errmsg(req->db)); /* not fatal */
	req->authenticated = true;
	return 0;
}

int64_t auth_scope_unit(const struct caller *c)
{
	return actor_scope_unit(c->role, c->unit_id);
}

int auth_check_unit(struct request *req, struct response *res, int64_t record_unit_id)
{
	struct actor a = http_actor(req);
	struct op_error err;

	return op_require_record_unit(req->db, &a, record_unit_id, &err) ? http_error_op(req, res, &err) : 0;
}
