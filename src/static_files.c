/*
 * static_files.c - the web interface's files (see static_files.h): inside
 * the web folder only, precompressed twins (.br, .gz) when the browser takes
 * them, hashed assets cached for a year, index.html with an ETag and 304, and
 * index.html for the interface's own paths.
 */
#include "static_files.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATIC_MAX_FILE ((size_t)64 << 20)

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

/* Whether Accept-Encoding lists `coding` without q=0. */
static bool accepts_encoding(const char *accept, const char *coding)
{
	size_t n = strlen(coding);
	const char *p = accept;

	while (p && *p) {
		const char *end = strchr(p, ','), *q;

		if (!end)
			end = p + strlen(p);
		while (*p == ' ')
			p++;
		if (strncasecmp(p, coding, n) == 0 && (p[n] == ';' || p[n] == ',' || p[n] == ' ' || p + n == end)) {
			q = memchr(p, '=', (size_t)(end - p));
			return !q || strtod(q + 1, NULL) > 0;
		}
		p = *end ? end + 1 : end;
	}
	return false;
}

/* Vite's hashed names: assets/NAME-HASH.EXT, the hash at least 8 characters; such a file never changes. */
static bool hashed_asset(const char *rel)
{
	const char *dash = strrchr(rel, '-'), *dot = strrchr(rel, '.'), *c;

	if (strncmp(rel, "assets/", 7) != 0 || !dash || !dot || dot < dash || dot - dash - 1 < 8)
		return false;
	for (c = dash + 1; c < dot; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	return true;
}

/* Open `rel` + `suffix` as a regular file under the web root; -1 when absent or outside it. */
static int open_web_file(const char *web_root, const char *rel, const char *suffix, struct stat *st)
{
	char joined[PATH_MAX], real[PATH_MAX];
	size_t rootlen = strlen(web_root);
	int fd;

	if (!rootlen || snprintf(joined, sizeof(joined), "%s/%s%s", web_root, rel, suffix) >= (int)sizeof(joined))
		return -1;
	if (!realpath(joined, real) || strncmp(real, web_root, rootlen) != 0 || real[rootlen] != '/')
		return -1;
	fd = open(real, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, st) != 0 || !S_ISREG(st->st_mode) || (size_t)st->st_size > STATIC_MAX_FILE)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/*
 * Answer a regular file under the web root: its .br or .gz twin (written at
 * build time by scripts/precompress.sh) when the client accepts it, cached
 * for a year when its name is hashed, else revalidated by ETag (304).
 * -1 when absent or outside the root.
 */
static int read_web_file(const char *web_root, struct request *req, const char *rel, struct response *res)
{
	const char *accept = http_header(req, "Accept-Encoding"), *inm = http_header(req, "If-None-Match");
	struct stat st;
	int fd = -1;

	if (accept && accepts_encoding(accept, "br") && (fd = open_web_file(web_root, rel, ".br", &st)) >= 0)
		res->content_encoding = "br";
	else if (accept && accepts_encoding(accept, "gzip") && (fd = open_web_file(web_root, rel, ".gz", &st)) >= 0)
		res->content_encoding = "gzip";
	else if ((fd = open_web_file(web_root, rel, "", &st)) < 0)
		return -1;
	res->vary_encoding = true;
	res->cache_control = hashed_asset(rel) ? "public, max-age=31536000, immutable" : "no-cache";
	snprintf(res->etag, sizeof(res->etag), "\"%llx-%llx%s%s\"", (unsigned long long)st.st_mtime,
		 (unsigned long long)st.st_size, res->content_encoding ? "-" : "",
		 res->content_encoding ? res->content_encoding : "");
	if (inm && strcmp(inm, res->etag) == 0) {
		close(fd);
		res->content_type = mime_type(rel);
		res->status = 304;
		return 0;
	}
	/* the response sends the file from its descriptor (sendfile where it can) and closes it */
	http_file(res, http_body_fd(fd, (uint64_t)st.st_size), mime_type(rel), HTTP_INLINE, NULL);
	return 0;
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

int static_serve(const char *web_root, struct request *req, struct response *res)
{
	const char *rel = req->path + 1;
	const char *last_slash;
	char *page;

	if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0)
		return http_error(req, res, 405, "method_not_allowed", NULL, "method not allowed", "不支持此请求方法");
	if (*rel && !safe_relative_path(rel))
		return http_error(req, res, 404, "not_found", NULL, "no such file", "文件不存在");
	if (*rel && read_web_file(web_root, req, rel, res) == 0)
		return res->status;
	/* A path without an extension is a page of the single-page app: send index.html. */
	last_slash = strrchr(req->path, '/');
	if (strchr(last_slash, '.') && *rel)
		return http_error(req, res, 404, "not_found", NULL, "no such file", "文件不存在");
	if (read_web_file(web_root, req, "index.html", res) == 0)
		return res->status;
	page = strdup(placeholder_page);
	if (!page)
		return http_error_internal(req, res);
	return http_file(res, http_body_buffer(page, strlen(page)), "text/html; charset=utf-8", HTTP_INLINE, NULL);
}
