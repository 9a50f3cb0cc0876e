/*
 * abtc.h - APEC business travel cards (APEC商务旅行卡): applied by an
 * enterprise's person, submitted to the province, approved with a card
 * number and expiry or rejected; an approved card past its expiry reads
 * as expired. Statistics against the yearly targets (abtc_targets).
 */
#ifndef WAISHI_ABTC_H
#define WAISHI_ABTC_H

#include "register.h"

/* The register, the arg of its routes (routes.c) for the shared handlers of register.h. */
extern const struct register_def abtc_def;
int abtc_submit(struct request *req, struct response *res);
int abtc_approve(struct request *req, struct response *res);
int abtc_reject(struct request *req, struct response *res);
int abtc_stats(struct request *req, struct response *res);
/* Each yearly target of `year` as {by, target, submitted by then}, into *out (an array). */
int abtc_target_progress(struct db *db, int year, json_t **out);

#endif
