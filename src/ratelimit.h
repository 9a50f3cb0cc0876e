/*
 * ratelimit.h - a per-address rate limit (token buckets in memory), used for
 * the sign-in route: each address may make `per_minute` attempts a minute,
 * in bursts of at most that many. Addresses unseen for two minutes are
 * forgotten. Process-wide; thread-safe.
 */
#ifndef WAISHI_RATELIMIT_H
#define WAISHI_RATELIMIT_H

#include <stdbool.h>

/* Set the rate (0 turns the limit off). */
void ratelimit_configure(int per_minute);
/* Take one attempt for `key`; false (and *retry_after seconds) when over the limit. */
bool ratelimit_take(const char *key, int *retry_after);
/* Forget every address. */
void ratelimit_reset(void);

#endif
