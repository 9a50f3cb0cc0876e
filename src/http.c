/*
 * http.c - a request and its answer (see http.h): the roles' names, the
 * query and headers, JSON and error bodies in both languages, the acting
 * user, file answers with their Content-Disposition, and keeping an uploaded
 * file. What receives the requests - the
 * server, its checks and its dispatcher - is server.c; the web interface's
 * files are static_files.c.
 */
#include "http.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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
	struct op_error err;

	op_fail_db(&err, dbrc);
	return http_error_op(req, res, &err);
}

int http_error_op(struct request *req, struct response *res, const struct op_error *err)
{
	return http_error(req, res, err->status, err->code, err->field, err->en, err->zh);
}

int http_answer_op(struct request *req, struct response *res, int op_status, const struct op_error *err, int status,
		   json_t *body)
{
	if (op_status) {
		json_decref(body);
		return http_error_op(req, res, err);
	}
	return http_json(res, status, body);
}

int http_run_body_op(struct request *req, struct response *res, http_body_op_fn op, int status)
{
	struct actor who = http_actor(req);
	struct op_error err;
	json_t *out = NULL;
	int op_status = op(req->db, &who, req->json, &out, &err);

	return http_answer_op(req, res, op_status, &err, status, out);
}

struct actor http_actor(const struct request *req)
{
	struct actor a = {req->user.id, req->user.role, req->user.unit_id, req->user.username, req->client_ip};

	return a;
}

/* The caller prefers Chinese when the highest-weighted Accept-Language tag is zh*. */
bool http_prefers_chinese(const char *accept)
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

/* ---- file answers ---- */

/* A filename that can stand in a quoted-string as it is: printable ASCII but '"', '\\' and '%'. */
static bool plain_filename(const char *name)
{
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\' || *p == '%')
			return false;
	return true;
}

/* RFC 8187 attr-char kept as it is; the rest percent-encoded. */
static bool attr_char(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || strchr(".-_~", c);
}

/*
 * The Content-Disposition value (malloc'd): `kind; filename="name"`, or for
 * a name that is not plain, an ASCII fallback ('_' for each character that
 * is not plain: one per UTF-8 sequence) and the percent-encoded UTF-8 name.
 */
static char *disposition_header(const char *kind, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(name), cap = strlen(kind) + 4 * n + 48, w;
	char *out = malloc(cap);
	const unsigned char *p;

	if (!out)
		return NULL;
	if (plain_filename(name)) {
		snprintf(out, cap, "%s; filename=\"%s\"", kind, name);
		return out;
	}
	w = (size_t)snprintf(out, cap, "%s; filename=\"", kind);
	for (p = (const unsigned char *)name; *p; p++)
		if (*p >= 0x20 && *p <= 0x7e && *p != '"' && *p != '\\' && *p != '%')
			out[w++] = (char)*p;
		else if ((*p & 0xc0) != 0x80) /* one '_' for a whole UTF-8 sequence */
			out[w++] = '_';
	w += (size_t)snprintf(out + w, cap - w, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p; p++) {
		if (attr_char(*p)) {
			out[w++] = (char)*p;
		} else {
			out[w++] = '%';
			out[w++] = hex[*p >> 4];
			out[w++] = hex[*p & 15];
		}
	}
	out[w] = '\0';
	return out;
}

int http_file(struct response *res, struct http_body body, const char *content_type, enum http_disposition how,
	      const char *filename)
{
	const char *kind = how == HTTP_DOWNLOAD ? "attachment" : "inline";
	char *header = NULL;

	if (filename && *filename)
		header = disposition_header(kind, filename);
	else if (how == HTTP_DOWNLOAD)
		header = strdup(kind);
	if (!header && (how == HTTP_DOWNLOAD || (filename && *filename))) {
		if (body.fd >= 0)
			close(body.fd);
		free(body.data);
		return 500;
	}
	free(res->content_disposition);
	res->content_disposition = header;
	if (body.fd >= 0) {
		res->fd = body.fd;
		res->fd_size = body.size;
	} else {
		free(res->raw);
		res->raw = body.data;
		res->raw_len = (size_t)body.size;
	}
	res->content_type = content_type;
	return res->status = 200;
}

int http_upload_keep(struct request *req, const char *dest)
{
	struct http_upload *u = req->upload;

	if (!u || u->fd < 0 || fsync(u->fd) != 0)
		return -1;
	/* link, not rename: an existing file of the same content stays as it is */
	if (link(u->path, dest) != 0 && errno != EEXIST) {
		if (rename(u->path, dest) != 0) /* a filesystem without hard links */
			return -1;
		u->kept = true;
		return 0;
	}
	unlink(u->path);
	u->kept = true;
	return 0;
}
