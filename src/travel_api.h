/*
 * travel_api.h - the HTTP handlers of document applications (办照), visas
 * and endorsements, visa requirements, and invitation applications: thin
 * adapters from a request to the operations of doc_application.h, visa.h
 * and invitation.h and from their answer to the response.
 */
#ifndef WAISHI_TRAVEL_API_H
#define WAISHI_TRAVEL_API_H

#include "http.h"

int docapp_list_h(struct request *req, struct response *res);    /* GET /document-applications */
int docapp_get_h(struct request *req, struct response *res);     /* GET /document-applications/{id} */
int docapp_create_h(struct request *req, struct response *res);  /* POST /document-applications */
int docapp_submit_h(struct request *req, struct response *res);  /* POST .../{id}/submit */
int docapp_issue_h(struct request *req, struct response *res);   /* POST .../{id}/issue */
int docapp_refuse_h(struct request *req, struct response *res);  /* POST .../{id}/refuse */

int visa_list_h(struct request *req, struct response *res);      /* GET /visas */
int visa_get_h(struct request *req, struct response *res);       /* GET /visas/{id} */
int visa_create_h(struct request *req, struct response *res);    /* POST /visas */
int visa_submit_h(struct request *req, struct response *res);    /* POST /visas/{id}/submit */
int visa_grant_h(struct request *req, struct response *res);     /* POST /visas/{id}/grant */
int visa_refuse_h(struct request *req, struct response *res);    /* POST /visas/{id}/refuse */
int visa_grid_h(struct request *req, struct response *res);      /* GET /delegations/{id}/visas */

int visa_req_list_h(struct request *req, struct response *res);   /* GET /visa-requirements */
int visa_req_create_h(struct request *req, struct response *res); /* POST /visa-requirements */
int visa_req_update_h(struct request *req, struct response *res); /* PATCH /visa-requirements/{id} */
int visa_req_delete_h(struct request *req, struct response *res); /* DELETE /visa-requirements/{id} */

int invitation_list_h(struct request *req, struct response *res);    /* GET /invitations */
int invitation_get_h(struct request *req, struct response *res);     /* GET /invitations/{id} */
int invitation_create_h(struct request *req, struct response *res);  /* POST /invitations */
int invitation_update_h(struct request *req, struct response *res);  /* PATCH /invitations/{id} */
int invitation_submit_h(struct request *req, struct response *res);  /* POST /invitations/{id}/submit */
int invitation_approve_h(struct request *req, struct response *res); /* POST /invitations/{id}/approve */
int invitation_reject_h(struct request *req, struct response *res);  /* POST /invitations/{id}/reject */

#endif
