/*
 * attachment_api.c - the routes of attachments (see attachment_api.h): the
 * upload's file cleaned, its type read by content and kept under its
 * SHA-256 before attachment_add writes its row; listing, downloading, and
 * removing one (attachment.h).
 */
#include "attachment_api.h"

#include "attachment.h"
#include "list.h"
#include "util.h"
#include "validate.h"

#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Content types accepted, as libmagic names them. */
static const char *const allowed_types[] = {
	"application/pdf", "image/jpeg", "image/png", "image/gif", "image/tiff", "text/plain",
	"application/msword", "application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	NULL,
};

/* The allow-list entry equal to `type` (a string that outlives the request), or a neutral type. */
static const char *static_type(const char *type)
{
	size_t i;

	for (i = 0; type && allowed_types[i]; i++)
		if (strcmp(allowed_types[i], type) == 0)
			return allowed_types[i];
	return "application/octet-stream";
}

/*
 * The record named by ?entity=&entity_id= must exist and be the caller's to
 * see (and, for `write`, to add a file to): read now, to answer before the
 * upload is kept; the row's insert judges it again.
 */
static int load_owner(struct request *req, struct response *res, bool write, const struct attachment_owner **o,
		      int64_t *entity_id)
{
	struct actor who = http_actor(req);
	struct op_error err;
	int rc;

	*o = attachment_owner_of(&who, http_query(req, "entity"), &err);
	if (!*o)
		return http_error_op(req, res, &err);
	rc = list_query_id(req, res, "entity_id", entity_id);
	if (!rc && !*entity_id)
		rc = validate_fail(req, res, "entity_id", "'entity_id' is required", "缺少 entity_id");
	if (!rc && attachment_owner_check(req->db, &who, *o, *entity_id, write, &err))
		rc = http_error_op(req, res, &err);
	return rc;
}

/* ---- the uploaded file (streamed to a temporary file by server.c) ---- */

/* Keep the last path component, without control characters; valid UTF-8 or a plain name. */
static void clean_filename(char *name)
{
	const char *base = strrchr(name, '/');
	char tmp[256];
	size_t r = 0, w = 0;

	if (!base)
		base = strrchr(name, '\\');
	snprintf(tmp, sizeof(tmp), "%s", base ? base + 1 : name);
	for (; tmp[r]; r++)
		if ((unsigned char)tmp[r] >= 0x20 && tmp[r] != 0x7f && tmp[r] != '"')
			name[w++] = tmp[r];
	name[w] = '\0';
	if (!w || util_utf8_length(name) < 0)
		snprintf(name, 256, "attachment");
}

/* The file's type as libmagic reads it from its first bytes; NULL when not allowed. */
static const char *content_type_of(int fd, char *out, size_t len)
{
	char head[65536];
	magic_t m = magic_open(MAGIC_MIME_TYPE);
	const char *t = NULL;
	ssize_t n = pread(fd, head, sizeof(head), 0);
	size_t i;

	if (m && n > 0 && magic_load(m, NULL) == 0)
		t = magic_buffer(m, head, (size_t)n);
	snprintf(out, len, "%s", t ? t : "");
	if (m)
		magic_close(m);
	for (i = 0; allowed_types[i]; i++)
		if (strcmp(out, allowed_types[i]) == 0)
			return out;
	return NULL;
}

/* ---- storage ---- */

static int ensure_dir(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

/* Keep the upload under files_dir/ab/HASH, once per content; the name is unique per upload until then. */
static int store_file(struct request *req, const char *hash)
{
	const char *files_dir = req->config->files_dir;
	char dir[4096], path[4200];

	if (snprintf(dir, sizeof(dir), "%s/%.2s", files_dir, hash) >= (int)sizeof(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/%s", dir, hash);
	if (ensure_dir(files_dir) != 0 || ensure_dir(dir) != 0)
		return -1;
	return http_upload_keep(req, path);
}

/* ---- handlers ---- */

int attachment_upload(struct request *req, struct response *res)
{
	const struct attachment_owner *o = NULL;
	struct http_upload *u = req->upload;
	struct actor who = http_actor(req);
	struct attachment_file file;
	char mime[128], hash[65], filename[256];
	struct op_error err;
	json_t *row = NULL;
	int64_t entity_id = 0;
	int rc = load_owner(req, res, true, &o, &entity_id);

	if (rc)
		return rc;
	if (!u || !u->seen || u->size == 0)
		return validate_fail(req, res, "file", "no file in the upload", "未收到文件");
	snprintf(filename, sizeof(filename), "%s", u->filename);
	clean_filename(filename);
	if (!content_type_of(u->fd, mime, sizeof(mime))) {
		char en[300], zh[300];
		snprintf(en, sizeof(en), "files of type %s are not accepted (PDF, images, Word, Excel, text)", mime);
		snprintf(zh, sizeof(zh), "不接受此类型的文件(%s);可上传 PDF、图片、Word、Excel、文本", mime);
		return http_error(req, res, 415, "unsupported_type", "file", en, zh);
	}
	if (util_sha256_fd_hex(u->fd, hash) != 0 || store_file(req, hash) != 0)
		return http_error_internal(req, res);
	file = (struct attachment_file){filename, mime, hash, (int64_t)u->size};
	rc = attachment_add(req->db, &who, o->entity, entity_id, &file, &row, &err);
	return http_answer_op(req, res, rc, &err, 201, row);
}

int attachment_list(struct request *req, struct response *res)
{
	static const struct list_sort_key sorts[] = {{"id", "a.id"}, {"filename", "a.filename"}, {NULL, NULL}};
	static const struct list_spec spec = {
		.select = ATTACHMENT_COLUMNS,
		.from = "attachments a JOIN users u ON u.id = a.uploaded_by",
		.sorts = sorts,
		.default_order = "a.id",
		.search_columns = NULL,
		.unit_column = NULL,
		.group_by = NULL,
	};
	const struct attachment_owner *o = NULL;
	struct list_params lp;
	struct list_filter f;
	int64_t entity_id = 0;
	json_t *out = NULL;
	int rc = load_owner(req, res, false, &o, &entity_id);

	if (!rc)
		rc = list_params(req, res, &lp);
	if (rc)
		return rc;
	lp.scope_unit = 0; /* the owning record's scope was checked above */
	list_filter_init(&f);
	/* not a declarative filter: both parameters are required, and name a record the caller must be able to read */
	rc = list_filter_add(&f, "a.entity = ? AND a.entity_id = ?", "ti", o->entity, entity_id);
	if (rc == DB_OK)
		rc = list_run(req->db, &spec, &lp, &f, &out);
	list_filter_free(&f);
	return list_answer(req, res, rc, out);
}

/* The attachment row, after checking the caller may see its record. */
static int load_attachment(struct request *req, struct response *res, json_t **row)
{
	struct actor who = http_actor(req);
	struct op_error err;

	return attachment_read(req->db, &who, req->ids[0], row, &err) ? http_error_op(req, res, &err) : 0;
}

int attachment_download(struct request *req, struct response *res)
{
	json_t *row = NULL;
	char path[4200];
	struct stat st;
	int fd = -1;
	int rc = load_attachment(req, res, &row);

	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/%.2s/%s", req->config->files_dir, json_string_value(json_object_get(row, "sha256")),
		 json_string_value(json_object_get(row, "sha256")));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size == (off_t)json_integer_value(json_object_get(row, "size_bytes"))) {
		/* sent from the file as it is read: a 20 MiB download costs no memory */
		rc = http_file(res, http_body_fd(fd, (uint64_t)st.st_size),
			       static_type(json_string_value(json_object_get(row, "mime_type"))), HTTP_DOWNLOAD,
			       json_string_value(json_object_get(row, "filename")));
		fd = -1;
	} else {
		rc = http_error(req, res, 410, "file_missing", NULL, "the stored file is missing", "附件文件已丢失");
	}
	if (fd >= 0)
		close(fd);
	json_decref(row);
	return rc;
}

int attachment_delete(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct op_error err;

	if (attachment_remove(req->db, &who, req->ids[0], &err))
		return http_error_op(req, res, &err);
	return http_json(res, 200, json_pack("{s:b}", "ok", 1));
}
