/*
 * http.h - the HTTP server, the request/response shapes every handler uses,
 * the route table and the error and list conventions of the API.
 *
 * One route table lists {method, pattern, handler, roles, flags, arg}. On the
 * request's headers, before one byte of its body is read, the server has
 * matched the route (404 no path, 405 wrong method), authenticated the caller
 * from a bearer token or the session cookie (401), checked the role (403) and
 * the CSRF header of a cookie-authenticated write (403), refused a declared
 * body over the route's limit (413) and, for the sign-in route, applied the
 * per-address rate limit (429); a refused request is answered at once and its
 * body never buffered. Then the body arrives: JSON up to 1 MiB in memory
 * (4 KiB for the public routes), an upload (ROUTE_UPLOAD) streamed through the
 * one strict multipart reader (multipart.h) into a temporary file beside the
 * attachment store (422 when malformed, 413 past 20 MiB). Finally the JSON is
 * parsed (400 invalid_json), a database connection taken and the handler
 * called with the route's arg in req->route_arg. A handler fills `struct
 * response` (a file through http_file) and returns its HTTP status.
 *
 * A handler that needs argon2id (sign-in) fills req->pw, having reserved a
 * place on the password lane (pwlane.h), and returns HTTP_DEFERRED: the
 * connection is suspended, its database connection handed back, and the
 * handler is called once more with req->pw_done set when the hash is done.
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
#define HTTP_MAX_PUBLIC_BODY ((size_t)4 << 10) /* sign-in and any other route without a session */
#define HTTP_MAX_PATH_IDS 4
#define HTTP_DEFERRED 1 /* a handler's answer: call me again when req->pw has run */

/* Route flags */
enum {
	ROUTE_PUBLIC = 1 << 0, /* no session needed */
	ROUTE_NO_CSRF = 1 << 1, /* e.g. login: no session yet to carry a token */
	ROUTE_UPLOAD = 1 << 2,  /* body up to HTTP_MAX_UPLOAD (multipart file upload) */
	ROUTE_LOGIN = 1 << 3,   /* the sign-in route: per-address rate limit */
};

/* The file of an upload route, already on disk when the handler runs. */
struct http_upload {
	char path[4096];     /* temporary file, mkstemp'd inside the files folder */
	int fd;              /* open read-write; -1 when none */
	uint64_t size;       /* bytes of the "file" field */
	char filename[256];  /* the name the client sent */
	bool seen;           /* a "file" field arrived */
	bool kept;           /* moved into the store by http_upload_keep */
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
struct pw_job;
struct export_stream;

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
	struct http_upload *upload; /* ROUTE_UPLOAD only */
	struct pw_job *pw;          /* this request's password-lane job (see HTTP_DEFERRED) */
	bool pw_done;               /* the job has run: second call of the handler */
	struct export_stream *export; /* a workbook being streamed by list.c, answered by list_answer */
	const void *route_arg;      /* the matched route's arg (struct route), NULL when it has none */
};

struct response {
	int status;
	json_t *json;          /* body, sent as application/json */
	char *raw;             /* or a raw body (malloc'd) with its type */
	size_t raw_len;
	const char *content_type;
	char *set_cookie;      /* malloc'd Set-Cookie value or NULL */
	char *content_disposition; /* malloc'd; set through http_file */
	int fd;                /* or a body read from this open file (closed after), -1 for none */
	uint64_t fd_size;
	int retry_after;       /* seconds for a Retry-After header, 0 for none */
	/* static files of the web interface */
	const char *content_encoding; /* "br", "gzip" or NULL */
	const char *cache_control;    /* NULL: no-store for the API, none otherwise */
	char etag[48];                /* "" for none */
	bool vary_encoding;           /* the body depends on Accept-Encoding */
};

typedef int (*http_handler)(struct request *req, struct response *res);

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/users/{id}" */
	http_handler handler;
	int roles;
	int flags;
	/*
	 * What the handler works on when one handler serves several routes, in
	 * req->route_arg: e.g. the `struct register_def` of a register's routes,
	 * the register name of an import route. NULL for most routes.
	 */
	const void *arg;
};

struct server_config {
	const char *db_url;
	const char *listen; /* host:port */
	const char *web_dir;
	const char *files_dir; /* attachments, outside the web root */
	int threads;
	int max_connections;    /* all connections at once */
	int max_per_ip;         /* connections from one address at once (0: no limit) */
	int idle_timeout;       /* seconds a connection may stay silent */
	const char *trusted_proxies; /* comma-separated addresses whose X-Forwarded-For is believed, or NULL */
	int password_workers;   /* argon2id computations at once */
	int password_queue;     /* more that may wait */
	int login_rate;         /* sign-in attempts a minute per address (0: no limit) */
};

/* Defaults of the settings above (cli.c documents the flags and variables). */
#define HTTP_DEFAULT_MAX_CONNECTIONS 512
#define HTTP_DEFAULT_MAX_PER_IP 32
#define HTTP_DEFAULT_IDLE_TIMEOUT 30
#define HTTP_DEFAULT_PASSWORD_QUEUE 32
#define HTTP_DEFAULT_LOGIN_RATE 30

/* ---- request helpers ---- */
const char *http_query(struct request *req, const char *key);
const char *http_header(struct request *req, const char *key);
/* Whether the highest-weighted tag of an Accept-Language header is zh*. */
bool http_prefers_chinese(const char *accept_language);

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
/*
 * A domain operation's outcome as the answer: its error when op_status is
 * not 0, else `status` with `body` (taken, as http_json does).
 */
int http_answer_op(struct request *req, struct response *res, int op_status, const struct op_error *err, int status,
		   json_t *body);
/* An operation on the request's JSON body, as the caller, answered: `status` with its result, or its error. */
typedef int (*http_body_op_fn)(struct db *db, const struct actor *who, json_t *body, json_t **out,
			       struct op_error *err);
int http_run_body_op(struct request *req, struct response *res, http_body_op_fn op, int status);
/* The caller as the actor of a domain operation (borrows the request's strings). */
struct actor http_actor(const struct request *req);
/* Take ownership of `body` and answer it with `status`. */
int http_json(struct response *res, int status, json_t *body);

/* The body of a file answer: an open file or a malloc'd buffer, owned by the answer once given. */
struct http_body {
	int fd;        /* read from this open file (sendfile where it can), closed after; -1 for none */
	char *data;    /* or this malloc'd buffer, freed after */
	uint64_t size; /* bytes of either */
};

static inline struct http_body http_body_fd(int fd, uint64_t size)
{
	struct http_body b = {fd, NULL, size};

	return b;
}

static inline struct http_body http_body_buffer(char *data, size_t len)
{
	struct http_body b = {-1, data, (uint64_t)len};

	return b;
}

/* How a named file answer is shown: in the browser, or saved under its name. */
enum http_disposition { HTTP_INLINE, HTTP_DOWNLOAD };

/*
 * Answer a file, 200: `body` (always taken, also on failure) of
 * `content_type`, with a Content-Disposition naming `filename` (RFC 6266):
 * a name of printable ASCII without '"', '\\' or '%' as it is,
 * `attachment; filename="rules-2026-05-01.json"`; any other name with an
 * ASCII fallback ('_' for each other character) and the UTF-8 name
 * percent-encoded (RFC 8187), `attachment; filename="__.pdf";
 * filename*=UTF-8''%E6%89%B9%E4%BB%B6.pdf`. `filename` NULL or "": no
 * name (a download is then only "attachment", an inline answer has no
 * header). Returns 200, or 500 with nothing set when memory ran out.
 */
int http_file(struct response *res, struct http_body body, const char *content_type, enum http_disposition how,
	      const char *filename);

/* Move the uploaded file to `dest` (synced first; an existing `dest`, the same content, is kept). 0 or -1. */
__attribute__((warn_unused_result)) int http_upload_keep(struct request *req, const char *dest);

#endif
