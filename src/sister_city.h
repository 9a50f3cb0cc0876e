/*
 * sister_city.h - sister cities (友好城市) and friendly-exchange cities, their
 * exchanges (government, students, education, business, culture, sports;
 * inbound or outbound; school pairings 学校结对), and the coverage of the
 * world's regions (友城布局 and its blank areas 友城空白区).
 */
#ifndef WAISHI_SISTER_CITY_H
#define WAISHI_SISTER_CITY_H

#include "register.h"

/* The registers, the args of their routes (routes.c) for the shared handlers of register.h. */
extern const struct register_def sister_city_def;
extern const struct register_def exchange_def;
extern const struct record_def exchange_record;

int sister_city_coverage(struct request *req, struct response *res);
int exchange_pairings(struct request *req, struct response *res);

/* The world region of a country: country_region() (country.h). */
const char *sister_city_region_of(const char *alpha2);

#endif
