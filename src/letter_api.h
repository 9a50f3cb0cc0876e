/*
 * letter_api.h - the routes of letters (letter.h): list, read, create, update.
 */
#ifndef WAISHI_LETTER_API_H
#define WAISHI_LETTER_API_H

#include "http.h"
#include "letter.h"

int letter_list(struct request *req, struct response *res);
int letter_get(struct request *req, struct response *res);
int letter_create(struct request *req, struct response *res);
int letter_update(struct request *req, struct response *res);

#endif
