/*
 * http.c - the HTTP server: libmicrohttpd with a thread pool on epoll, the
 * route dispatcher with its shared checks (see http.h), the static files of
 * the web interface, error bodies, and one log line per request.
 */
#include "http.h"

#include "auth.h"
#include "buf.h"
#include "migrate.h"
#include "routes.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX_FILE ((size_t)64 << 20)
#define SESSION_COOKIE "waishi_session"

struct server {
	const struct server_config *config;
	struct db_pool *pool;
	char web_root[PATH_MAX]; /* realpath of web_dir, "" when absent */
};

/* Per-connection state while a request body arrives. */
struct conn_ctx {
	struct buf body;
	bool too_big;
	double started_ms;
};

static const char *const role_names[] = {"admin", "officer", "reviewer", "director", "unit", "viewer"};

const char *role_name(int role)
{
	size_t i;

	for (i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (role == (1 << i))
			return role_names[i];
	return "";
}

int role_from_name(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(name, role_names[i]) == 0)
			return 1 << i;
	return 0;
}

const char *http_query(struct request *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(struct request *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, key);
}

/* ---- error bodies ---- */

int http_json(struct response *res, int status, json_t *body)
{
	json_decref(res->json);
	res->json = body;
	res->status = status;
	return status;
}

int http_error(struct request *req, struct response *res, int status, const char *code, const char *field,
	       const char *msg_en, const char *msg_zh)
{
	json_t *err = json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", code, "message",
				req->zh ? msg_zh : msg_en, "field", field);

	if (err && !field)
		json_object_set_new(json_object_get(err, "error"), "field", json_null());
	return http_json(res, status, err);
}

int http_error_internal(struct request *req, struct response *res)
{
	return http_error(req, res, 500, "internal", NULL, "internal error, the request was not carried out",
			  "服务器内部错误,请求未执行");
}

int http_error_not_found(struct request *req, struct response *res)
{
	return http_error(req, res, 404, "not_found", NULL, "no such record", "记录不存在");
}

int http_error_forbidden(struct request *req, struct response *res)
{
	return http_error(req, res, 403, "forbidden", NULL, "your role or unit may not do this",
			  "您的角色或所属单位无权执行此操作");
}

int http_error_db(struct request *req, struct response *res, int dbrc)
{
	if (dbrc == DB_CONSTRAINT)
		return http_error(req, res, 409, "duplicate", NULL,
				  "a record with the same key already exists or is still referenced",
				  "已存在相同的记录,或该记录仍被引用");
	if (dbrc == DB_BUSY)
		return http_error(req, res, 503, "busy", NULL, "the database is busy, please try again",
				  "数据库繁忙,请稍后重试");
	return http_error_internal(req, res);
}

int http_error_op(struct request *req, struct response *res, const struct op_error *err)
{
	return http_error(req, res, err->status, err->code, err->field, err->en, err->zh);
}

struct actor http_actor(const struct request *req)
{
	struct actor a = {req->user.id, req->user.role, req->user.unit_id, req->user.username, req->client_ip};

	return a;
}

/* ---- language ---- */

/* The caller prefers Chinese when the highest-weighted Accept-Language tag is zh*. */
static bool prefers_chinese(const char *accept)
{
	double best_q = -1;
	bool best_zh = false;
	const char *p = accept;

	while (p && *p) {
		const char *end = strchr(p, ','), *semi, *tag;
		size_t taglen;
		double q = 1.0;

		if (!end)
			end = p + strlen(p);
		while (*p == ' ')
			p++;
		tag = p;
		semi = memchr(p, ';', (size_t)(end - p));
		taglen = (size_t)((semi ? semi : end) - tag);
		if (semi) {
			const char *qs = strstr(semi, "q=");
			if (qs && qs < end)
				q = strtod(qs + 2, NULL);
		}
		if (q > best_q && taglen > 0) {
			best_q = q;
			best_zh = taglen >= 2 && strncasecmp(tag, "zh", 2) == 0;
		}
		p = *end ? end + 1 : end;
	}
	return best_zh;
}

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

static int handle_api(struct server *srv, struct request *req, struct response *res, struct conn_ctx *ctx)
{
	const struct route *rt = NULL;
	int rc;

	rc = route_find(req, &rt);
	if (rc == 404)
		return http_error(req, res, 404, "not_found", NULL, "no such resource", "请求的资源不存在");
	if (rc == 405)
		return http_error(req, res, 405, "method_not_allowed", NULL, "method not allowed on this resource",
				  "该资源不支持此请求方法");
	if (ctx->too_big && (rt->flags & ROUTE_UPLOAD))
		return http_error(req, res, 413, "payload_too_large", NULL, "the file is larger than 20 MiB",
				  "文件超过 20 MiB");
	if (ctx->too_big)
		return http_error(req, res, 413, "payload_too_large", NULL, "the request body is larger than 1 MiB",
				  "请求内容超过 1 MiB");

	req->db = db_pool_get(srv->pool);
	if (!(rt->flags & ROUTE_PUBLIC)) {
		rc = auth_authenticate(req);
		if (rc == DB_BUSY || rc == DB_ERR)
			return http_error_db(req, res, rc);
		if (rc != 0)
			return http_error(req, res, 401, "unauthenticated", NULL,
					  "not signed in, or the session has expired", "未登录或登录已过期,请重新登录");
		if (!(rt->roles & req->user.role))
			return http_error_forbidden(req, res);
		if (is_write_method(req->method) && req->via_cookie && !(rt->flags & ROUTE_NO_CSRF) && !csrf_ok(req))
			return http_error(req, res, 403, "csrf_failed", NULL,
					  "missing or wrong X-CSRF-Token header", "缺少或错误的 X-CSRF-Token 请求头");
	}
	rc = (rt->flags & ROUTE_UPLOAD) ? 0 : parse_json_body(req, res);
	if (rc)
		return rc;
	rc = rt->handler(req, res);
	if (!res->json && !res->raw && rc >= 400)
		rc = http_error_internal(req, res);
	return rc;
}

/* ---- static files ---- */

static const char placeholder_page[] =
	"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
	"<title>外事管理系统 Waishi</title></head><body style=\"font-family:sans-serif;margin:3em\">"
	"<h1>外事管理系统 Waishi</h1><p>服务已启动。网页界面尚未构建;请使用 JSON 接口 <code>/api/v1/</code>。</p>"
	"<p>The server is running. The web interface has not been built yet; use the JSON API under "
	"<code>/api/v1/</code>.</p></body></html>";

static const char *mime_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},   {".json", "application/json"},
		{".svg", "image/svg+xml"},             {".png", "image/png"},
		{".jpg", "image/jpeg"},                {".ico", "image/x-icon"},
		{".woff2", "font/woff2"},              {".woff", "font/woff"},
		{".txt", "text/plain; charset=utf-8"}, {".map", "application/json"},
	};
	const char *dot = strrchr(path, '.');
	size_t i;

	for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* Read a regular file under the web root; -1 when absent or outside it. */
static int read_web_file(const struct server *srv, const char *rel, struct response *res)
{
	char joined[PATH_MAX], real[PATH_MAX];
	size_t rootlen = strlen(srv->web_root);
	struct stat st;
	int fd = -1, rc = -1;
	char *data = NULL;

	if (!rootlen || snprintf(joined, sizeof(joined), "%s/%s", srv->web_root, rel) >= (int)sizeof(joined))
		return -1;
	if (!realpath(joined, real) || strncmp(real, srv->web_root, rootlen) != 0 || real[rootlen] != '/')
		return -1;
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > STATIC_MAX_FILE)
		goto out;
	data = malloc((size_t)st.st_size + 1);
	if (!data || read(fd, data, (size_t)st.st_size) != st.st_size)
		goto out;
	res->raw = data;
	res->raw_len = (size_t)st.st_size;
	res->content_type = mime_type(real);
	res->status = 200;
	data = NULL;
	rc = 0;
out:
	free(data);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Any "." or ".." segment, backslash or empty segment makes a path unsafe. */
static bool safe_relative_path(const char *p)
{
	const char *seg = p;

	if (strchr(p, '\\'))
		return false;
	while (*seg) {
		const char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);

		if (len == 0 || (len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		seg += len;
		if (*seg == '/')
			seg++;
	}
	return true;
}

static int serve_static(struct server *srv, struct request *req, struct response *res)
{
	const char *rel = req->path + 1;
	const char *last_slash;

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return http_error(req, res, 405, "method_not_allowed", NULL, "method not allowed", "不支持此请求方法");
	if (*rel && !safe_relative_path(rel))
		return http_error(req, res, 404, "not_found", NULL, "no such file", "文件不存在");
	if (*rel && read_web_file(srv, rel, res) == 0)
		return 200;
	/* A path without an extension is a page of the single-page app: send index.html. */
	last_slash = strrchr(req->path, '/');
	if (strchr(last_slash, '.') && *rel)
		return http_error(req, res, 404, "not_found", NULL, "no such file", "文件不存在");
	if (read_web_file(srv, "index.html", res) == 0)
		return 200;
	res->raw = strdup(placeholder_page);
	if (!res->raw)
		return http_error_internal(req, res);
	res->raw_len = strlen(placeholder_page);
	res->content_type = "text/html; charset=utf-8";
	return res->status = 200;
}

/* ---- the libmicrohttpd side ---- */

static void client_address(struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, len, "unknown");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)len);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct request *req, struct response *res)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	char *body = NULL;
	size_t len = 0;
	const char *type = res->content_type;

	if (res->json) {
		body = json_dumps(res->json, JSON_COMPACT);
		len = body ? strlen(body) : 0;
		type = "application/json; charset=utf-8";
	} else if (res->raw) {
		body = res->raw;
		len = res->raw_len;
		res->raw = NULL;
	}
	mr = MHD_create_response_from_buffer(len, body ? body : (void *)"", body ? MHD_RESPMEM_MUST_FREE
									      : MHD_RESPMEM_PERSISTENT);
	if (!mr) {
		free(body);
		return MHD_NO;
	}
	if (type)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	if (strncmp(req->path, "/api/", 5) == 0)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (res->set_cookie)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_SET_COOKIE, res->set_cookie);
	if (res->content_disposition)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_DISPOSITION, res->content_disposition);
	ret = MHD_queue_response(conn, (unsigned int)res->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static void log_request(const struct request *req, int status, double ms)
{
	char now[32];

	util_now_rfc3339(now, sizeof(now));
	fprintf(stderr, "%s %s %s %d %.2fms %s\n", now, req->method, req->path, status, ms,
		req->authenticated ? req->user.username : "-");
}

static enum MHD_Result dispatch(struct server *srv, struct MHD_Connection *conn, const char *url, const char *method,
				struct conn_ctx *ctx)
{
	struct request req;
	struct response res;
	enum MHD_Result ret;
	int status;

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	req.method = method;
	req.path = url;
	req.conn = conn;
	req.config = srv->config;
	req.body = ctx->body.data;
	req.body_len = ctx->body.len;
	req.zh = prefers_chinese(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"));
	client_address(conn, req.client_ip, sizeof(req.client_ip));

	if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/healthz") == 0)
		status = handle_api(srv, &req, &res, ctx);
	else
		status = serve_static(srv, &req, &res);
	res.status = status;
	if (req.db)
		db_pool_put(srv->pool, req.db);
	ret = send_response(conn, &req, &res);
	log_request(&req, status, util_mono_ms() - ctx->started_ms);
	json_decref(req.json);
	json_decref(res.json);
	free(res.raw);
	free(res.set_cookie);
	free(res.content_disposition);
	return ret;
}

/* Upload routes take a larger body than the JSON API. */
static size_t body_limit(const char *url, const char *method)
{
	struct request probe;
	const struct route *rt = NULL;

	memset(&probe, 0, sizeof(probe));
	probe.path = url;
	probe.method = method;
	if (route_find(&probe, &rt) == 0 && (rt->flags & ROUTE_UPLOAD))
		return HTTP_MAX_UPLOAD;
	return HTTP_MAX_BODY;
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
		buf_init(&ctx->body, body_limit(url, method));
		ctx->started_ms = util_mono_ms();
		*con_cls = ctx;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!ctx->too_big && buf_add(&ctx->body, upload_data, *upload_size) != BUF_OK) {
			ctx->too_big = true;
			buf_free(&ctx->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return dispatch(cls, conn, url, method, ctx);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn_ctx *ctx = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (ctx) {
		buf_free(&ctx->body);
		free(ctx);
		*con_cls = NULL;
	}
}

/* "host:port" or "[v6]:port" into a socket address. */
static int resolve_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	struct addrinfo hints, *ai = NULL;
	size_t hostlen;
	int rc;

	if (!colon || colon == listen)
		return -1;
	hostlen = (size_t)(colon - listen);
	if (listen[0] == '[' && hostlen >= 2 && listen[hostlen - 1] == ']') {
		listen++;
		hostlen -= 2;
	}
	if (hostlen >= sizeof(host))
		return -1;
	memcpy(host, listen, hostlen);
	host[hostlen] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0 || !ai)
		return -1;
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
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
	db_close(db);
	return rc;
}

static void wait_for_idle(struct MHD_Daemon *d, int max_ms)
{
	const union MHD_DaemonInfo *info;
	int waited;

	for (waited = 0; waited < max_ms; waited += 20) {
		info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
		if (!info || info->num_connections == 0)
			return;
		usleep(20000);
	}
}

int http_serve(const struct server_config *cfg)
{
	struct server srv;
	struct MHD_Daemon *d;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	const union MHD_DaemonInfo *info;
	sigset_t stop_signals;
	char err[512];
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	int sig = 0;
	MHD_socket quiesced;

	memset(&srv, 0, sizeof(srv));
	srv.config = cfg;
	if (resolve_listen(cfg->listen, &ss, &sslen) != 0) {
		fprintf(stderr, "waishi: bad listen address %s (want host:port)\n", cfg->listen);
		return 1;
	}
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (prepare_database(cfg) != 0)
		return 1;
	if (db_pool_open(cfg->db_url, cfg->threads + 1, &srv.pool, err, sizeof(err)) != DB_OK) {
		fprintf(stderr, "waishi: %s\n", err);
		return 1;
	}
	if (!realpath(cfg->web_dir, srv.web_root))
		srv.web_root[0] = '\0';

	/* Stop signals are taken by sigwait below, never by the server's threads. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, &srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads, MHD_OPTION_NOTIFY_COMPLETED,
			     on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
			     MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned int)1, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "waishi: cannot listen on %s: %s\n", cfg->listen, strerror(errno));
		db_pool_close(srv.pool);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	{
		char host[128];
		const char *colon = strrchr(cfg->listen, ':');
		size_t hl = (size_t)(colon - cfg->listen);

		if (hl >= sizeof(host))
			hl = sizeof(host) - 1;
		memcpy(host, cfg->listen, hl);
		host[hl] = '\0';
		fprintf(stderr, "waishi: listening on http://%s:%u (database %s, %d threads)\n", host,
			info ? info->port : 0, cfg->db_url, cfg->threads);
	}

	while (sigwait(&stop_signals, &sig) != 0)
		;
	fprintf(stderr, "waishi: signal %d, finishing requests in flight\n", sig);
	quiesced = MHD_quiesce_daemon(d);
	if (quiesced != MHD_INVALID_SOCKET)
		close(quiesced);
	wait_for_idle(d, 1000);
	MHD_stop_daemon(d);
	db_pool_close(srv.pool);
	fprintf(stderr, "waishi: stopped\n");
	return 0;
}
