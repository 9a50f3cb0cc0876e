/*
 * import_api.c - the import routes (see import_api.h): a spreadsheet uploaded
 * into a register (import.c reads and writes it, all or nothing), and the
 * template of a register as an .xlsx with its filling rules.
 */
#include "import_api.h"

#include "export.h"
#include "import.h"
#include "validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int import_upload(struct request *req, struct response *res)
{
	struct actor who = http_actor(req);
	struct http_upload *u = req->upload;
	const char *name = req->route_arg; /* the register of the route (routes.c) */
	char err[300] = "";
	json_t *errors = NULL;
	size_t imported = 0;
	int rc;

	if (!name || !import_known(name))
		return http_error_not_found(req, res);
	if (!u || !u->seen || !u->size)
		return validate_fail(req, res, "file", "send the .xlsx or .csv file as multipart/form-data, field 'file'",
				     "请以 multipart/form-data 上传 .xlsx 或 .csv 文件,字段名为 file");
	rc = import_run(req->db, &who, name, u->fd, NULL, &imported, &errors, err, sizeof(err));
	if (rc == 1 && errors && json_array_size(errors)) {
		json_t *body = json_pack("{s:{s:s, s:s, s:n, s:O}}", "error", "code", "import_rejected", "message",
					 req->zh ? "文件中有错误,未导入任何数据" : "the file has errors; nothing was imported", "field",
					 "rows", errors);
		json_decref(errors);
		return http_json(res, 422, body);
	}
	json_decref(errors);
	if (rc == 2)
		return http_error(req, res, 413, "file_too_large", "file", err, err);
	if (rc == 1)
		return validate_fail(req, res, "file", err, err);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	return http_json(res, 201, json_pack("{s:s, s:I}", "register", name, "imported", (json_int_t)imported));
}

int import_template(struct request *req, struct response *res)
{
	struct export_sheet sheets[2];
	json_t *row = NULL, *help = NULL;
	const char *name = req->route_arg; /* the register of the route (routes.c) */
	char filename[80], *data = NULL;
	size_t len = 0;
	int status;

	if (!name)
		return http_error_not_found(req, res);
	status = import_template_rows(name, &row, &help);
	if (status)
		return status > 0 ? http_error_not_found(req, res) : http_error_internal(req, res);
	/* the first sheet is only the header row (the importer reads it); the rules are on a second sheet */
	sheets[0].name = name;
	sheets[0].rows = json_pack("[o]", row);
	sheets[1].name = "填写说明";
	sheets[1].rows = help;
	status = export_xlsx(sheets, 2, &data, &len) != 0;
	json_decref(sheets[0].rows);
	json_decref(help);
	if (status)
		return http_error_internal(req, res);
	snprintf(filename, sizeof(filename), "import-%s.xlsx", name);
	return http_file(res, http_body_buffer(data, len), EXPORT_XLSX_TYPE, HTTP_DOWNLOAD, filename);
}
