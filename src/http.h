/*
 * http.h - the HTTP server, the request/response shapes every handler uses,
 * the route table and the error and list conventions of the API.
 *
 * One route table lists {method, pattern, handler, roles, flags}. Before any
 * handler runs, the server has: matched the route (404 no path, 405 wrong
 * method), refused a body over 1 MiB (413), authenticated the caller from a
 * bearer token or the session cookie (401), checked the role (403), checked
 * the CSRF header of a cookie-authenticated write (403), parsed a JSON body
 * (400 invalid_json) and taken a database connection. A handler fills
 * `struct response` and returns its HTTP status.
 */
#ifndef WAISHI_HTTP_H
#define WAISHI_HTTP_H

#include "db.h"
#include "op.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define HTTP_MAX_BODY ((size_t)1 << 20)
#define HTTP_MAX_FILE ((size_t)20 << 20)
#define HTTP_MAX_UPLOAD (HTTP_MAX_FILE + ((size_t)64 << 10)) /* the file and its multipart framing */
#define HTTP_MAX_PATH_IDS 4

/* Route flags */
enum {
	ROUTE_PUBLIC = 1 << 0, /* no session needed */
	ROUTE_NO_CSRF = 1 << 1, /* e.g. login: no session yet to carry a token */
	ROUTE_UPLOAD = 1 << 2,  /* body up to HTTP_MAX_UPLOAD (multipart file upload) */
};

struct caller {
	int64_t id;
	int64_t session_id;
	int64_t unit_id; /* 0 when none */
	int role;        /* one enum role bit */
	char username[64];
	char csrf_token[65];
};

struct server_config;

struct request {
	const char *method;
	const char *path;
	const char *body;
	size_t body_len;
	json_t *json; /* parsed body (an object) or NULL */
	struct db *db;
	struct caller user;
	bool authenticated;
	bool via_cookie;
	bool zh; /* the caller prefers Chinese */
	char client_ip[64];
	int64_t ids[HTTP_MAX_PATH_IDS]; /* {id} values of the path, in order */
	int nids;
	const struct server_config *config;
	void *conn; /* struct MHD_Connection *, for query and header look-ups */
};

struct response {
	int status;
	json_t *json;          /* body, sent as application/json */
	char *raw;             /* or a raw body (malloc'd) with its type */
	size_t raw_len;
	const char *content_type;
	char *set_cookie;      /* malloc'd Set-Cookie value or NULL */
	char *content_disposition;
};

typedef int (*http_handler)(struct request *req, struct response *res);

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/users/{id}" */
	http_handler handler;
	int roles;
	int flags;
};

struct server_config {
	const char *db_url;
	const char *listen; /* host:port */
	const char *web_dir;
	const char *files_dir; /* attachments, outside the web root */
	int threads;
};

/* Run the server until SIGINT/SIGTERM. Returns the process exit status. */
int http_serve(const struct server_config *cfg);

/* ---- request helpers ---- */
const char *http_query(struct request *req, const char *key);
const char *http_header(struct request *req, const char *key);
const char *role_name(int role);
int role_from_name(const char *name); /* 0 when unknown */

/* ---- responses ---- */
/* Set an error body; returns status. `field` may be NULL. */
int http_error(struct request *req, struct response *res, int status, const char *code, const char *field,
	       const char *msg_en, const char *msg_zh);
int http_error_internal(struct request *req, struct response *res);
int http_error_not_found(struct request *req, struct response *res);
int http_error_forbidden(struct request *req, struct response *res);
/* Map a failed database call: DB_CONSTRAINT -> 409 duplicate, DB_BUSY -> 503, else 500. */
int http_error_db(struct request *req, struct response *res, int dbrc);
/* Answer the typed error of a domain operation; returns its status. */
int http_error_op(struct request *req, struct response *res, const struct op_error *err);
/* The caller as the actor of a domain operation (borrows the request's strings). */
struct actor http_actor(const struct request *req);
/* Take ownership of `body` and answer it with `status`. */
int http_json(struct response *res, int status, json_t *body);

#endif
