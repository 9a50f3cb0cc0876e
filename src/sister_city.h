/*
 * sister_city.h - sister cities (友好城市) and friendly-exchange cities, their
 * exchanges (government, students, education, business, culture, sports;
 * inbound or outbound; school pairings 学校结对), and the coverage of the
 * world's regions (友城布局 and its blank areas 友城空白区).
 */
#ifndef WAISHI_SISTER_CITY_H
#define WAISHI_SISTER_CITY_H

#include "register.h"

extern const struct record_def exchange_record;

int sister_city_list(struct request *req, struct response *res);
int sister_city_get(struct request *req, struct response *res);
int sister_city_create(struct request *req, struct response *res);
int sister_city_update(struct request *req, struct response *res);
int sister_city_delete(struct request *req, struct response *res);
int sister_city_coverage(struct request *req, struct response *res);

int exchange_list(struct request *req, struct response *res);
int exchange_get(struct request *req, struct response *res);
int exchange_create(struct request *req, struct response *res);
int exchange_update(struct request *req, struct response *res);
int exchange_delete(struct request *req, struct response *res);
int exchange_pairings(struct request *req, struct response *res);

/* The world region of a country: country_region() (country.h). */
const char *sister_city_region_of(const char *alpha2);

#endif
