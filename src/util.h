/*
 * util.h - small helpers used everywhere: clock, random tokens, hashing,
 * dates and number parsing (no atoi: every parse reports failure).
 */
#ifndef WAISHI_UTIL_H
#define WAISHI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Seconds since the epoch; tests may shift it with WAISHI_CLOCK_OFFSET (seconds). */
int64_t util_now(void);
/* RFC 3339 UTC timestamp of util_now() / of a given time, e.g. 2026-11-29T01:15:46Z. */
void util_now_rfc3339(char *out, size_t len);
void util_time_rfc3339(int64_t t, char *out, size_t len);
/* Monotonic milliseconds, for measuring durations. */
double util_mono_ms(void);

/* nbytes random bytes as 2*nbytes hex characters (out needs 2*nbytes+1). */
void util_random_hex(char *out, size_t nbytes);
/* SHA-256 of data as 64 hex characters (out needs 65). */
void util_sha256_hex(const void *data, size_t len, char *out);
/* SHA-256 of a whole open file, read in pieces from offset 0. 0, or -1 on a read error. */
int util_sha256_fd_hex(int fd, char *out);
/* Constant-time comparison of two NUL-terminated strings. */
bool util_secure_streq(const char *a, const char *b);

/* Strict parses: the whole string must be a number in range. */
bool util_parse_int64(const char *s, int64_t *out);
/* YYYY-MM-DD that names a real calendar day. */
bool util_valid_date(const char *s);

#endif
