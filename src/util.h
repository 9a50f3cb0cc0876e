/*
 * util.h - small helpers used everywhere: clock, random tokens, hashing,
 * dates and number parsing (no atoi: every parse reports failure).
 */
#ifndef WAISHI_UTIL_H
#define WAISHI_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * The clock. util_now() is the real time plus one offset fixed at start by
 * util_clock_init() from the environment:
 *   WAISHI_NOW=2027-01-03T09:00:00+08:00  the clock starts at this instant and advances
 *   WAISHI_CLOCK_OFFSET=SECONDS           added on top (may be negative)
 * and the office's time zone, WAISHI_TIMEZONE (default Asia/Shanghai), which
 * decides the local date, "today" (date_today). Call util_clock_init() once,
 * before any thread starts; -1 with a message in err on a bad value.
 */
int util_clock_init(char *err, size_t len);
int64_t util_now(void);
/* The office's time zone name as configured (for /healthz). */
const char *util_clock_zone(void);
/* The offset the two variables give at real time real_now: 0, -1 bad WAISHI_NOW, -2 bad offset. */
int util_clock_offset(const char *now_env, const char *offset_env, int64_t real_now, int64_t *offset);
/* Seconds since the epoch of YYYY-MM-DDTHH:MM:SS followed by Z or ±HH:MM. */
bool util_parse_rfc3339(const char *s, int64_t *out);
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

/* Number of UTF-8 code points; -1 when the string is not valid UTF-8. */
long util_utf8_length(const char *s);
/* `s` is one of the NULL-terminated `list` (NULL s or list: false). */
bool util_in_list(const char *s, const char *const *list);
/* Yuan as a JSON number (at most two decimals, not negative) to integer fen; false if not exact. */
bool util_money_to_fen(json_t *v, int64_t *fen);

#endif
