/*
 * attachment_api.h - files kept with a record (附件): scans of approvals,
 * passports, invitations, reports. Uploaded as multipart/form-data (field
 * "file", at most 20 MiB), their type checked by content (libmagic) against
 * an allow list, stored outside the web root under their SHA-256. Reading
 * or adding one needs the same permission as its record.
 */
#ifndef WAISHI_ATTACHMENT_API_H
#define WAISHI_ATTACHMENT_API_H

#include "http.h"

int attachment_upload(struct request *req, struct response *res);   /* POST /attachments?entity=&entity_id= */
int attachment_list(struct request *req, struct response *res);     /* GET /attachments?entity=&entity_id= */
int attachment_download(struct request *req, struct response *res); /* GET /attachments/{id} */
int attachment_delete(struct request *req, struct response *res);   /* DELETE /attachments/{id} (admin) */

#endif
