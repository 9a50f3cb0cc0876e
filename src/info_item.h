/*
 * info_item.h - information items (外事信息) written and sent up (编发上报),
 * and which bodies adopted them (录用): province, prefecture, national, other.
 */
#ifndef WAISHI_INFO_ITEM_H
#define WAISHI_INFO_ITEM_H

#include "register.h"

/* The register, the arg of its routes (routes.c) for the shared handlers of register.h. */
extern const struct register_def info_item_def;
int info_item_stats(struct request *req, struct response *res);

/* Items sent in [from, to] and their adoptions per body, into *out ({sent, adopted:{body:n}}). */
int info_item_db_stats(struct db *db, const char *from, const char *to, json_t **out);

#endif
