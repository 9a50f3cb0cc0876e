/*
 * server.c - the HTTP server (see server.h): libmicrohttpd with a thread pool
 * on epoll, the checks made on the headers alone (route, session, role, CSRF,
 * length), body and upload streaming, the dispatcher, and one log line per
 * request. Answers are built with http.h; files of the web interface come
 * from static_files.c.
 */
#include "server.h"

#include "auth_api.h"
#include "buf.h"
#include "export.h"
#include "listener.h"
#include "migrate.h"
#include "multipart.h"
#include "pwlane.h"
#include "ratelimit.h"
#include "static_files.h"
#include "routes.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#define MAX_PROXIES 16

struct server {
	const struct server_config *config;
	struct db_pool *pool;
	char web_root[PATH_MAX]; /* realpath of web_dir, "" when absent */
	char proxies[MAX_PROXIES][64]; /* trusted proxies, normalised */
	int nproxies;
	int active;    /* requests between their first callback and their completion */
	bool stopping; /* shutting down: new requests are refused */
};

/* Per-request state, from the headers to the answer. */
struct conn_ctx {
	const struct route *route; /* NULL for a static file */
	int64_t ids[HTTP_MAX_PATH_IDS]; /* the route's {id} values */
	int nids;
	struct caller user;        /* authenticated on the headers */
	bool authenticated;
	bool via_cookie;
	bool too_big;
	bool answered;
	double started_ms;
	struct MHD_Connection *conn;
	struct buf body;           /* JSON routes */
	struct multipart mp;       /* upload routes */
	struct http_upload upload;
	int file_part;             /* the multipart part that is the file */
	bool upload_failed;        /* the temporary file could not be written */
	struct pw_job pw;
	bool pw_done;
};

/* ---- routing ---- */

/* Match `path` against `pattern`; fill {id} values. */
static bool path_matches(const char *pattern, const char *path, struct request *req)
{
	int nids = 0;

	while (*pattern && *path) {
		if (strncmp(pattern, "{id}", 4) == 0) {
			const char *seg_end = strchr(path, '/');
			size_t len = seg_end ? (size_t)(seg_end - path) : strlen(path);
			char num[24];
			int64_t v;

			if (len == 0 || len >= sizeof(num) || nids >= HTTP_MAX_PATH_IDS)
				return false;
			memcpy(num, path, len);
			num[len] = '\0';
			if (num[0] < '1' || num[0] > '9' || !util_parse_int64(num, &v))
				return false;
			req->ids[nids++] = v;
			pattern += 4;
			path += len;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	if (*pattern || *path)
		return false;
	req->nids = nids;
	return true;
}

/* 0 and *out set when found; else 404 (no such path) or 405 (path, other method). */
static int route_find(struct request *req, const struct route **out)
{
	bool path_seen = false;
	size_t i;

	for (i = 0; i < route_count; i++) {
		if (!path_matches(routes[i].pattern, req->path, req))
			continue;
		path_seen = true;
		if (strcmp(routes[i].method, req->method) == 0 ||
		    (strcmp(req->method, "HEAD") == 0 && strcmp(routes[i].method, "GET") == 0)) {
			*out = &routes[i];
			return 0;
		}
	}
	return path_seen ? 405 : 404;
}

static bool is_write_method(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

static int parse_json_body(struct request *req, struct response *res)
{
	json_error_t jerr;

	if (req->body_len == 0)
		return 0;
	req->json = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!req->json)
		return http_error(req, res, 400, "invalid_json", NULL, "the request body is not valid JSON",
				  "请求内容不是有效的 JSON");
	if (!json_is_object(req->json))
		return http_error(req, res, 400, "invalid_json", NULL, "the request body must be a JSON object",
				  "请求内容必须是 JSON 对象");
	return 0;
}

static bool csrf_ok(struct request *req)
{
	const char *sent = http_header(req, "X-CSRF-Token");

	return sent && util_secure_streq(sent, req->user.csrf_token);
}

static int answer_too_big(struct request *req, struct response *res, const struct route *rt)
{
	if (rt && (rt->flags & ROUTE_UPLOAD))
		return http_error(req, res, 413, "payload_too_large", NULL, "the file is larger than 20 MiB",
				  "文件超过 20 MiB");
	if (!rt || (rt->flags & ROUTE_PUBLIC))
		return http_error(req, res, 413, "payload_too_large", NULL, "the request body is larger than 4 KiB",
				  "请求内容超过 4 KiB");
	return http_error(req, res, 413, "payload_too_large", NULL, "the request body is larger than 1 MiB",
			  "请求内容超过 1 MiB");
}

/*
 * The checks made on the headers alone: route, session, role, CSRF. 0 when
 * the request may go on (ctx->route set), else the status of the refusal.
 */
static int check_headers(struct server *srv, struct request *req, struct response *res, struct conn_ctx *ctx)
{
	const struct route *rt = NULL;
	int rc;

	rc = route_find(req, &rt);
	if (rc == 404)
		return http_error(req, res, 404, "not_found", NULL, "no such resource", "请求的资源不存在");
	if (rc == 405)
		return http_error(req, res, 405, "method_not_allowed", NULL, "method not allowed on this resource",
				  "该资源不支持此请求方法");
	ctx->route = rt;
	memcpy(ctx->ids, req->ids, sizeof(ctx->ids));
	ctx->nids = req->nids;
	if (rt->flags & ROUTE_PUBLIC)
		return 0;
	req->db = db_pool_get(srv->pool);
	rc = auth_authenticate(req);
	db_pool_put(srv->pool, req->db);
	req->db = NULL;
	if (rc == DB_BUSY || rc == DB_ERR)
		return http_error_db(req, res, rc);
	if (rc != 0)
		return http_error(req, res, 401, "unauthenticated", NULL, "not signed in, or the session has expired",
				  "未登录或登录已过期,请重新登录");
	if (!(rt->roles & req->user.role))
		return http_error_forbidden(req, res);
	if (is_write_method(req->method) && req->via_cookie && !(rt->flags & ROUTE_NO_CSRF) && !csrf_ok(req))
		return http_error(req, res, 403, "csrf_failed", NULL, "missing or wrong X-CSRF-Token header",
				  "缺少或错误的 X-CSRF-Token 请求头");
	ctx->user = req->user;
	ctx->authenticated = true;
	ctx->via_cookie = req->via_cookie;
	return 0;
}

static int handle_api(struct server *srv, struct request *req, struct response *res, struct conn_ctx *ctx)
{
	const struct route *rt = ctx->route;
	int rc;

	if (ctx->too_big)
		return answer_too_big(req, res, rt);
	if (rt->flags & ROUTE_UPLOAD) {
		if (multipart_finish(&ctx->mp) != 0 || ctx->upload_failed)
			return http_error(req, res, 422, "invalid_upload", "file",
					  "the upload is incomplete or malformed (a part is truncated, the closing boundary is"
					  " missing or something follows it); nothing was stored",
					  "上传内容不完整或格式错误(缺少结束分隔线、内容被截断或其后有多余数据),未保存任何内容");
		req->upload = &ctx->upload;
	}
	req->db = db_pool_get(srv->pool);
	rc = (rt->flags & ROUTE_UPLOAD) ? 0 : parse_json_body(req, res);
	if (rc)
		return rc;
	req->route_arg = rt->arg;
	rc = rt->handler(req, res);
	if (rc == HTTP_DEFERRED)
		return rc;
	if (!res->json && !res->raw && res->fd < 0 && rc >= 400)
		rc = http_error_internal(req, res);
	return rc;
}

/* ---- the libmicrohttpd side ---- */

static bool parse_ip(const char *s, char *out, size_t len)
{
	unsigned char bin[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, s, bin) == 1)
		return inet_ntop(AF_INET, bin, out, (socklen_t)len) != NULL;
	if (inet_pton(AF_INET6, s, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, (socklen_t)len) != NULL;
	return false;
}

static bool is_trusted_proxy(const struct server *srv, const char *ip)
{
	int i;

	for (i = 0; i < srv->nproxies; i++)
		if (strcmp(srv->proxies[i], ip) == 0)
			return true;
	return false;
}

/*
 * The client's address: the peer, or, when the peer is a trusted proxy, the
 * right-most address of X-Forwarded-For that is not itself a trusted proxy.
 */
static void client_address(const struct server *srv, struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	const char *xff;
	char list[1024], ip[64];

	snprintf(out, len, "unknown");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)len);
	if (!srv->nproxies || !is_trusted_proxy(srv, out))
		return;
	xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!xff || snprintf(list, sizeof(list), "%s", xff) >= (int)sizeof(list))
		return;
	for (;;) {
		char *comma = strrchr(list, ','), *item = comma ? comma + 1 : list;
		size_t n;

		while (*item == ' ' || *item == '\t')
			item++;
		n = strlen(item);
		while (n && (item[n - 1] == ' ' || item[n - 1] == '\t'))
			item[--n] = '\0';
		if (!parse_ip(item, ip, sizeof(ip)))
			return; /* not an address: keep what we have */
		snprintf(out, len, "%s", ip);
		if (!is_trusted_proxy(srv, ip) || !comma)
			return;
		*comma = '\0';
	}
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *req, struct response *res)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	char *body = NULL, retry[16];
	size_t len = 0;
	const char *type = res->content_type;

	if (res->fd >= 0) {
		mr = MHD_create_response_from_fd64(res->fd_size, res->fd);
		if (!mr)
			close(res->fd);
		res->fd = -1; /* the response owns it now */
	} else {
		if (res->json) {
			body = json_dumps(res->json, JSON_COMPACT);
			len = body ? strlen(body) : 0;
			type = "application/json; charset=utf-8";
		} else if (res->raw) {
			body = res->raw;
			len = res->raw_len;
			res->raw = NULL;
		}
		mr = MHD_create_response_from_buffer(len, body ? body : (void *)"",
						     body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
		if (!mr)
			free(body);
	}
	if (!mr)
		return MHD_NO;
	if (type)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	if (res->cache_control)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, res->cache_control);
	else if (strncmp(req->path, "/api/", 5) == 0)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (res->content_encoding)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_ENCODING, res->content_encoding);
	if (res->etag[0])
		MHD_add_response_header(mr, MHD_HTTP_HEADER_ETAG, res->etag);
	if (res->vary_encoding)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (res->set_cookie)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_SET_COOKIE, res->set_cookie);
	if (res->content_disposition)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_DISPOSITION, res->content_disposition);
	if (res->status == 503 && res->retry_after <= 0)
		res->retry_after = 1;
	if (res->retry_after > 0) {
		snprintf(retry, sizeof(retry), "%d", res->retry_after);
		MHD_add_response_header(mr, MHD_HTTP_HEADER_RETRY_AFTER, retry);
	}
	ret = MHD_queue_response(conn, (unsigned int)res->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

/*
 * One line per request, written whole with one write(2): stderr's stdio lock
 * was contended by the request threads (a path is cut at 400 bytes).
 */
static void log_request(const struct request *req, int status, double ms)
{
	char now[32], line[640];
	int n;

	util_now_rfc3339(now, sizeof(now));
	n = snprintf(line, sizeof(line), "%s %s %.400s %d %.2fms %s\n", now, req->method, req->path, status, ms,
		     req->authenticated ? req->user.username : "-");
	if (n > (int)sizeof(line) - 1) {
		n = (int)sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (n > 0 && write(STDERR_FILENO, line, (size_t)n) < 0)
		return; /* nowhere left to say it */
}

static void request_init(struct server *srv, struct MHD_Connection *conn, const char *url, const char *method,
			 struct conn_ctx *ctx, struct request *req, struct response *res)
{
	memset(req, 0, sizeof(*req));
	memset(res, 0, sizeof(*res));
	res->fd = -1;
	req->method = method;
	req->path = url;
	req->conn = conn;
	req->config = srv->config;
	req->zh = http_prefers_chinese(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"));
	req->user = ctx->user;
	req->authenticated = ctx->authenticated;
	req->via_cookie = ctx->via_cookie;
	req->pw = &ctx->pw;
	req->pw_done = ctx->pw_done;
	memcpy(req->ids, ctx->ids, sizeof(req->ids));
	req->nids = ctx->nids;
	client_address(srv, conn, req->client_ip, sizeof(req->client_ip));
}

/* Send the answer, log it, free what the request held. */
static enum MHD_Result finish(struct server *srv, struct MHD_Connection *conn, struct conn_ctx *ctx,
			      struct request *req, struct response *res, int status)
{
	enum MHD_Result ret;

	res->status = status;
	if (req->db)
		db_pool_put(srv->pool, req->db);
	req->db = NULL;
	ret = send_response(conn, req, res);
	log_request(req, status, util_mono_ms() - ctx->started_ms);
	ctx->answered = true;
	export_stream_free(req->export);
	json_decref(req->json);
	json_decref(res->json);
	free(res->raw);
	free(res->set_cookie);
	free(res->content_disposition);
	if (res->fd >= 0)
		close(res->fd);
	return ret;
}

/* The password lane finished this connection's job: wake the connection. */
static void password_done(struct pw_job *job)
{
	struct conn_ctx *ctx = job->arg;

	ctx->pw_done = true;
	MHD_resume_connection(ctx->conn);
}

static enum MHD_Result dispatch(struct server *srv, struct MHD_Connection *conn, const char *url, const char *method,
				struct conn_ctx *ctx)
{
	struct request req;
	struct response res;
	int status;

	request_init(srv, conn, url, method, ctx, &req, &res);
	req.body = ctx->body.data;
	req.body_len = ctx->body.len;
	if (ctx->route)
		status = handle_api(srv, &req, &res, ctx);
	else if (ctx->too_big)
		status = answer_too_big(&req, &res, NULL);
	else
		status = static_serve(srv->web_root, &req, &res);
	if (status == HTTP_DEFERRED) {
		/* a place on the lane was reserved by the handler: hand the job over and sleep */
		db_pool_put(srv->pool, req.db);
		json_decref(req.json);
		json_decref(res.json);
		ctx->pw.done = password_done;
		ctx->pw.arg = ctx;
		ctx->pw_done = false;
		MHD_suspend_connection(conn);
		pwlane_submit(&ctx->pw);
		return MHD_YES;
	}
	return finish(srv, conn, ctx, &req, &res, status);
}

/* A piece of the uploaded file: onto the temporary file while under the limit. */
static int upload_data(void *arg, const char *name, const char *filename, const char *data, size_t len)
{
	struct conn_ctx *ctx = arg;
	struct http_upload *u = &ctx->upload;

	if (strcmp(name, "file") != 0 || ctx->too_big || ctx->upload_failed)
		return 0;
	if (!u->seen) {
		u->seen = true;
		ctx->file_part = ctx->mp.part_no;
		snprintf(u->filename, sizeof(u->filename), "%s", filename && *filename ? filename : "file");
	} else if (ctx->file_part != ctx->mp.part_no) {
		return 0; /* a second "file" field: the first one counts */
	}
	if (u->size + len > HTTP_MAX_FILE) {
		ctx->too_big = true;
		return 0;
	}
	while (len) {
		ssize_t n = write(u->fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ctx->upload_failed = true;
			return 0;
		}
		data += n;
		len -= (size_t)n;
		u->size += (uint64_t)n;
	}
	return 0;
}

static int ensure_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

/* An upload route: the multipart reader and a temporary file beside the store. 0 or a refusal's status. */
static int open_upload(struct server *srv, struct request *req, struct response *res, struct conn_ctx *ctx)
{
	struct http_upload *u = &ctx->upload;

	if (multipart_init(&ctx->mp, http_header(req, "Content-Type"), upload_data, ctx) != 0)
		return http_error(req, res, 422, "invalid", "file", "send the file as multipart/form-data, field 'file'",
				  "请以 multipart/form-data 上传,字段名为 file");
	if (ensure_dir(srv->config->files_dir) != 0 ||
	    snprintf(u->path, sizeof(u->path), "%s/.upload-XXXXXX", srv->config->files_dir) >= (int)sizeof(u->path) ||
	    (u->fd = mkstemp(u->path)) < 0) {
		fprintf(stderr, "waishi: cannot create an upload file in %s: %s\n", srv->config->files_dir,
			strerror(errno));
		u->path[0] = '\0';
		return http_error_internal(req, res);
	}
	return 0;
}

static size_t body_limit(const struct route *rt)
{
	if (!rt || (rt->flags & ROUTE_PUBLIC))
		return HTTP_MAX_PUBLIC_BODY;
	if (rt->flags & ROUTE_UPLOAD)
		return HTTP_MAX_UPLOAD;
	return HTTP_MAX_BODY;
}

/*
 * The first call, on the headers alone: decide whether this request may send
 * its body at all. A refusal is queued now; the body is then never read.
 */
static enum MHD_Result admit(struct server *srv, struct MHD_Connection *conn, const char *url, const char *method,
			     struct conn_ctx *ctx)
{
	struct request req;
	struct response res;
	const char *length;
	int64_t declared = 0;
	int status = 0, retry = 0;

	request_init(srv, conn, url, method, ctx, &req, &res);
	if (__atomic_load_n(&srv->stopping, __ATOMIC_SEQ_CST)) {
		status = http_error(&req, &res, 503, "busy", NULL, "the server is stopping, please try again",
				    "服务器正在停止,请稍后重试");
	} else if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/healthz") == 0) {
		status = check_headers(srv, &req, &res, ctx);
		if (!status && (ctx->route->flags & ROUTE_LOGIN) && !ratelimit_take(req.client_ip, &retry)) {
			res.retry_after = retry;
			status = http_error(&req, &res, 429, "too_many_requests", NULL,
					    "too many sign-in attempts from this address, please wait a minute",
					    "该地址登录尝试过于频繁,请稍候一分钟再试");
		}
	} else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		status = http_error(&req, &res, 405, "method_not_allowed", NULL, "method not allowed", "不支持此请求方法");
	}
	length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (!status && length && util_parse_int64(length, &declared) && declared > (int64_t)body_limit(ctx->route))
		status = answer_too_big(&req, &res, ctx->route);
	if (!status && ctx->route && (ctx->route->flags & ROUTE_UPLOAD))
		status = open_upload(srv, &req, &res, ctx);
	if (status)
		return finish(srv, conn, ctx, &req, &res, status);
	buf_init(&ctx->body, body_limit(ctx->route));
	return MHD_YES;
}

static void take_body(struct conn_ctx *ctx, const char *data, size_t size)
{
	if (ctx->route && (ctx->route->flags & ROUTE_UPLOAD)) {
		(void)multipart_feed(&ctx->mp, data, size); /* an error stays in ctx->mp for the last call */
		return;
	}
	if (!ctx->too_big && buf_add(&ctx->body, data, size) != BUF_OK) {
		ctx->too_big = true;
		buf_free(&ctx->body);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct conn_ctx *ctx = *con_cls;

	(void)version;
	if (!ctx) {
		ctx = calloc(1, sizeof(*ctx));
		if (!ctx)
			return MHD_NO;
		ctx->started_ms = util_mono_ms();
		ctx->conn = conn;
		ctx->upload.fd = -1;
		*con_cls = ctx;
		__atomic_add_fetch(&((struct server *)cls)->active, 1, __ATOMIC_SEQ_CST);
		return admit(cls, conn, url, method, ctx);
	}
	if (ctx->answered) {
		*upload_size = 0; /* refused: whatever still arrives is dropped */
		return MHD_YES;
	}
	if (*upload_size) {
		take_body(ctx, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	return dispatch(cls, conn, url, method, ctx);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *ctx = *con_cls;

	(void)conn;
	(void)toe;
	if (ctx) {
		__atomic_sub_fetch(&((struct server *)cls)->active, 1, __ATOMIC_SEQ_CST);
		buf_free(&ctx->body);
		if (ctx->upload.fd >= 0)
			close(ctx->upload.fd);
		if (ctx->upload.path[0] && !ctx->upload.kept)
			unlink(ctx->upload.path);
		sodium_memzero(&ctx->pw, sizeof(ctx->pw));
		free(ctx);
		*con_cls = NULL;
	}
}

static int prepare_database(const struct server_config *cfg)
{
	struct db *db = NULL;
	char err[512];
	int rc;

	if (db_open(cfg->db_url, &db, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "waishi: %s\n", err);
		return -1;
	}
	rc = migrate_up(db, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "waishi: %s\n", err);
	else
		db_describe(db, err, sizeof(err));
	if (rc == 0 && err[0])
		fprintf(stderr, "waishi: %s\n", err);
	db_close(db);
	return rc;
}

/*
 * Let requests in flight finish: wait while a request is being handled (up
 * to request_ms; a sign-in may be waiting on the password lane, suspended)
 * or, for at most conn_ms, while any connection is open (one may still be
 * sending a request). No connection may be suspended when the daemon stops.
 */
static void wait_for_idle(struct server *srv, struct MHD_Daemon *d, int request_ms, int conn_ms)
{
	const union MHD_DaemonInfo *info;
	int waited;

	for (waited = 0; waited < request_ms; waited += 20) {
		int active = __atomic_load_n(&srv->active, __ATOMIC_SEQ_CST);

		info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (active == 0 && (!info || info->num_connections == 0 || waited >= conn_ms))
			return;
		usleep(20000);
	}
}

/* The trusted-proxy list, each address normalised. 0, or -1 naming the bad entry. */
static int parse_proxies(struct server *srv, const char *list)
{
	char copy[2048], *item, *save = NULL;

	if (!list || !*list)
		return 0;
	snprintf(copy, sizeof(copy), "%s", list);
	for (item = strtok_r(copy, ", ", &save); item; item = strtok_r(NULL, ", ", &save)) {
		if (srv->nproxies >= MAX_PROXIES || !parse_ip(item, srv->proxies[srv->nproxies], sizeof(srv->proxies[0]))) {
			fprintf(stderr, "waishi: trusted proxy %s is not an IP address (or more than %d are listed)\n", item,
				MAX_PROXIES);
			return -1;
		}
		srv->nproxies++;
	}
	return 0;
}

int http_serve(const struct server_config *cfg)
{
	struct server srv;
	struct MHD_Daemon *d;
	struct listener *lis = NULL;
	sigset_t stop_signals;
	char err[512];
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			     MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET;
	int sig = 0, max_connections = cfg->max_connections;

	memset(&srv, 0, sizeof(srv));
	srv.config = cfg;
	if (parse_proxies(&srv, cfg->trusted_proxies) != 0)
		return 1;
	/* Stop signals go to sigwait below only: blocked before any thread starts (the pool's opener is the first). */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (prepare_database(cfg) != 0)
		return 1;
	/* connections are accepted by the listener's thread and spread over the daemon's pool (listener.c) */
	if (listener_open(cfg->listen, &lis, err, sizeof(err)) != 0) {
		fprintf(stderr, "waishi: %s\n", err);
		return 1;
	}
	if (listener_is_ipv6(lis))
		flags |= MHD_USE_IPv6;
	if (db_pool_open(cfg->db_url, cfg->threads + 1, &srv.pool, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "waishi: %s\n", err);
		listener_close(lis);
		return 1;
	}
	if (!realpath(cfg->web_dir, srv.web_root))
		srv.web_root[0] = '\0';
	if (pwlane_start(cfg->password_workers, cfg->password_queue) != 0) {
		fprintf(stderr, "waishi: cannot start the password lane\n");
		db_pool_close(srv.pool);
		listener_close(lis);
		return 1;
	}
	ratelimit_configure(cfg->login_rate);
	if (max_connections < cfg->threads)
		max_connections = cfg->threads; /* each pool thread takes a share */

	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv, MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads, MHD_OPTION_NOTIFY_COMPLETED,
			     on_completed, &srv, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg->idle_timeout,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)max_connections,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg->max_per_ip, MHD_OPTION_END);
	if (!d || listener_start(lis, d) != 0) {
		fprintf(stderr, "waishi: cannot serve on %s: %s\n", cfg->listen, strerror(errno));
		if (d)
			MHD_stop_daemon(d);
		pwlane_stop();
		db_pool_close(srv.pool);
		listener_close(lis);
		return 1;
	}
	{
		char host[128];
		const char *colon = strrchr(cfg->listen, ':');
		size_t hl = (size_t)(colon - cfg->listen);

		if (hl >= sizeof(host))
			hl = sizeof(host) - 1;
		memcpy(host, cfg->listen, hl);
		host[hl] = '\0';
		fprintf(stderr,
			"waishi: limits: %d connections, %d per address, %d s idle timeout, %d password workers"
			" (+%d waiting, %s cost), %d sign-ins a minute per address%s%s\n",
			max_connections, cfg->max_per_ip, cfg->idle_timeout, cfg->password_workers, cfg->password_queue,
			pwlane_cost(), cfg->login_rate, srv.nproxies ? ", trusted proxies " : "", srv.nproxies ? cfg->trusted_proxies : "");
		fprintf(stderr, "waishi: listening on http://%s:%u (database %s, %d threads)\n", host,
			listener_port(lis), cfg->db_url, cfg->threads);
	}

	while (sigwait(&stop_signals, &sig) != 0)
		;
	fprintf(stderr, "waishi: signal %d, finishing requests in flight\n", sig);
	listener_close(lis); /* no new connection from here on */
	wait_for_idle(&srv, d, 30000, 1000);
	__atomic_store_n(&srv.stopping, true, __ATOMIC_SEQ_CST); /* a request starting now is refused */
	wait_for_idle(&srv, d, 5000, 0);
	pwlane_drain();
	MHD_stop_daemon(d);
	pwlane_stop();
	db_pool_close(srv.pool);
	fprintf(stderr, "waishi: stopped\n");
	return 0;
}
