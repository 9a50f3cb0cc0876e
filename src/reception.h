/*
 * reception.h - receptions (接待): foreign guests (外宾) and domestic
 * visitors (内宾), by category, with persons and dates, hosted by a unit.
 */
#ifndef WAISHI_RECEPTION_H
#define WAISHI_RECEPTION_H

#include "register.h"

extern const struct record_def reception_record;

int reception_list(struct request *req, struct response *res);
int reception_get(struct request *req, struct response *res);
int reception_create(struct request *req, struct response *res);
int reception_update(struct request *req, struct response *res);
int reception_delete(struct request *req, struct response *res);

#endif
