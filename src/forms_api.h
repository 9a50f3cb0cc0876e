/*
 * forms_api.h - printed forms as PDF: the trip approval (出国任务批件) of an
 * approved trip and the invitation letter (邀请函) of an invitation.
 */
#ifndef WAISHI_FORMS_API_H
#define WAISHI_FORMS_API_H

#include "http.h"

int forms_approval(struct request *req, struct response *res);   /* GET /delegations/{id}/approval-form */
int forms_invitation(struct request *req, struct response *res); /* GET /letters/{id}/invitation-form */
/* An approved invitation application: the invitation letter (邀请函) and the notification to the visa-issuing post. */
int forms_invitation_letter(struct request *req, struct response *res); /* GET /invitations/{id}/letter */
int forms_invitation_notice(struct request *req, struct response *res); /* GET /invitations/{id}/notification */

#endif
