/*
 * country_api.h - the country list route; the countries themselves (from iso-codes) are country.h.
 */
#ifndef WAISHI_COUNTRY_API_H
#define WAISHI_COUNTRY_API_H

#include "http.h"

int country_list(struct request *req, struct response *res);

#endif
