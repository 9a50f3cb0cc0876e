/*
 * labels_api.h - the labels route (every code with its Chinese and English label); the dictionary itself is labels.h.
 */
#ifndef WAISHI_LABELS_API_H
#define WAISHI_LABELS_API_H

#include "http.h"

int labels_get(struct request *req, struct response *res);

#endif
