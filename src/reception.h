/*
 * reception.h - receptions (接待): foreign guests (外宾) and domestic
 * visitors (内宾), by category, with persons and dates, hosted by a unit.
 */
#ifndef WAISHI_RECEPTION_H
#define WAISHI_RECEPTION_H

#include "register.h"

/* The register, the arg of its routes (routes.c) for the shared handlers of register.h. */
extern const struct register_def reception_def;
extern const struct record_def reception_record;


#endif
