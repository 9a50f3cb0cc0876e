/*
 * system.c - GET /healthz (is the server and its database answering) and
 * GET /api/v1/version, GET /api/v1/login-info (what the sign-in page may show).
 * /healthz also names the office's date and time zone (the clock the server
 * runs on, which the tests read as "today").
 */
#include "system_api.h"

#include "dates.h"
#include "migrate.h"
#include "util.h"

int system_healthz(struct request *req, struct response *res)
{
	char today[DATE_LEN];
	int64_t one = 0;
	/* a read of a table, not SELECT 1: the database file itself must answer */
	int rc = db_query_int(req->db, &one, "SELECT COUNT(*) FROM schema_migrations", "");

	if (rc != DB_OK)
		return http_error(req, res, 503, "unavailable", NULL, "the database does not answer", "数据库无响应");
	date_today(today);
	return http_json(res, 200, json_pack("{s:s, s:s, s:s}", "status", "ok", "today", today, "time_zone", util_clock_zone()));
}

int system_version(struct request *req, struct response *res)
{
	int64_t schema = 0;

	if (db_query_int(req->db, &schema, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", "") != DB_OK)
		schema = 0;
	return http_json(res, 200,
			 json_pack("{s:s, s:s, s:I, s:i}", "name", "waishi", "version", WAISHI_VERSION, "schema",
				   (json_int_t)schema, "schema_supported", migrate_latest_version()));
}

int system_login_info(struct request *req, struct response *res)
{
	int64_t demo = 0;
	int rc = db_query_int(req->db, &demo, "SELECT COUNT(*) FROM settings WHERE key = 'demo_data' AND value = '1'", "");

	if (rc != DB_OK && rc != DB_DONE)
		return http_error_db(req, res, rc);
	return http_json(res, 200, json_pack("{s:b}", "demo_data", demo > 0));
}
