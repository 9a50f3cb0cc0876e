/*
 * import_api.h - the import routes; reading and writing the files is import.h.
 */
#ifndef WAISHI_IMPORT_API_H
#define WAISHI_IMPORT_API_H

#include "http.h"

int import_upload(struct request *req, struct response *res);   /* POST /api/v1/import/{register} */
int import_template(struct request *req, struct response *res); /* GET /api/v1/import/{register}/template */

#endif
