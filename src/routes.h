/*
 * routes.h - the one table of every HTTP route (routes.c).
 */
#ifndef WAISHI_ROUTES_H
#define WAISHI_ROUTES_H

#include "http.h"

#include <stddef.h>

extern const struct route routes[];
extern const size_t route_count;

#endif
