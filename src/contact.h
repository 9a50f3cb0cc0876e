/*
 * contact.h - contacts (联络对象): consulates, embassies, chambers,
 * honorary citizens, sister-city mayors, friends; their birthdays and
 * national days for greetings (致信祝贺).
 */
#ifndef WAISHI_CONTACT_H
#define WAISHI_CONTACT_H

#include "register.h"

int contact_list(struct request *req, struct response *res);
int contact_get(struct request *req, struct response *res);
int contact_create(struct request *req, struct response *res);
int contact_update(struct request *req, struct response *res);
int contact_delete(struct request *req, struct response *res);

#endif
