/*
 * util.c - clock, random tokens, hashing, strict parsing, UTF-8 length and
 * money (see util.h); no project includes.
 */
#include "util.h"

#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int64_t clock_offset; /* set once by util_clock_init, before any thread starts */
static char clock_zone[64] = "UTC";

static bool digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool util_parse_rfc3339(const char *s, int64_t *out)
{
	char date[11];
	struct tm tm;
	int hh, mm, ss, oh = 0, om = 0, sign = 1;
	const char *z;

	if (!s || strlen(s) < 20 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!util_valid_date(date) || !digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mm) || !digits(s + 17, 2, &ss) ||
	    hh > 23 || mm > 59 || ss > 60)
		return false;
	z = s + 19;
	if (strcmp(z, "Z") != 0) {
		if ((z[0] != '+' && z[0] != '-') || strlen(z) != 6 || z[3] != ':' || !digits(z + 1, 2, &oh) ||
		    !digits(z + 4, 2, &om) || oh > 23 || om > 59)
			return false;
		sign = z[0] == '-' ? -1 : 1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)strtol(date, NULL, 10) - 1900;
	tm.tm_mon = (int)strtol(date + 5, NULL, 10) - 1;
	tm.tm_mday = (int)strtol(date + 8, NULL, 10);
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_sec = ss;
	*out = (int64_t)timegm(&tm) - sign * (oh * 3600 + om * 60);
	return true;
}

int util_clock_offset(const char *now_env, const char *offset_env, int64_t real_now, int64_t *offset)
{
	int64_t start = 0, extra = 0;

	if (now_env && *now_env && !util_parse_rfc3339(now_env, &start))
		return -1;
	if (offset_env && *offset_env && !util_parse_int64(offset_env, &extra))
		return -2;
	*offset = (now_env && *now_env ? start - real_now : 0) + extra;
	return 0;
}

/* A zone name with a slash must be a file of the time zone database; other values are POSIX TZ strings. */
static bool zone_known(const char *zone)
{
	const char *dir = getenv("TZDIR");
	char path[512];

	if (!strchr(zone, '/'))
		return true;
	if (strstr(zone, ".."))
		return false;
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", zone);
	return access(path, R_OK) == 0;
}

int util_clock_init(char *err, size_t len)
{
	const char *zone = getenv("WAISHI_TIMEZONE");
	const char *now_env = getenv("WAISHI_NOW"), *offset_env = getenv("WAISHI_CLOCK_OFFSET");
	bool fallback = false;

	switch (util_clock_offset(now_env, offset_env, (int64_t)time(NULL), &clock_offset)) {
	case -1:
		snprintf(err, len, "WAISHI_NOW wants an RFC 3339 instant such as 2027-01-03T09:00:00+08:00, not %s",
			 now_env);
		return -1;
	case -2:
		snprintf(err, len, "WAISHI_CLOCK_OFFSET wants a whole number of seconds, not %s", offset_env);
		return -1;
	default:
		break;
	}
	if (!zone || !*zone) {
		zone = "Asia/Shanghai";
		fallback = true;
	}
	if (strlen(zone) >= sizeof(clock_zone)) {
		snprintf(err, len, "WAISHI_TIMEZONE is too long");
		return -1;
	}
	snprintf(clock_zone, sizeof(clock_zone), "%s", zone);
	if (!zone_known(zone)) {
		if (!fallback) {
			snprintf(err, len, "unknown time zone %s (WAISHI_TIMEZONE): not in the time zone database", zone);
			return -1;
		}
		zone = "CST-8"; /* no tzdata installed: China has kept +08:00 without summer time since 1991 */
	}
	setenv("TZ", zone, 1);
	tzset();
	return 0;
}

const char *util_clock_zone(void)
{
	return clock_zone;
}

int64_t util_now(void)
{
	return (int64_t)time(NULL) + clock_offset;
}

void util_time_rfc3339(int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void util_now_rfc3339(char *out, size_t len)
{
	util_time_rfc3339(util_now(), out, len);
}

double util_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void util_random_hex(char *out, size_t nbytes)
{
	unsigned char raw[64];

	if (nbytes > sizeof(raw))
		nbytes = sizeof(raw);
	randombytes_buf(raw, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, raw, nbytes);
	sodium_memzero(raw, sizeof(raw));
}

void util_sha256_hex(const void *data, size_t len, char *out)
{
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(digest, data, len);
	sodium_bin2hex(out, sizeof(digest) * 2 + 1, digest, sizeof(digest));
}

int util_sha256_fd_hex(int fd, char *out)
{
	crypto_hash_sha256_state st;
	unsigned char chunk[65536], digest[crypto_hash_sha256_BYTES];
	off_t off = 0;
	ssize_t n;

	crypto_hash_sha256_init(&st);
	while ((n = pread(fd, chunk, sizeof(chunk), off)) > 0) {
		crypto_hash_sha256_update(&st, chunk, (unsigned long long)n);
		off += n;
	}
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, sizeof(digest) * 2 + 1, digest, sizeof(digest));
	return n < 0 ? -1 : 0;
}

bool util_secure_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

bool util_parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

bool util_valid_date(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, i, dim;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	dim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	return d <= dim;
}

bool util_in_list(const char *s, const char *const *list)
{
	for (; s && list && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

long util_utf8_length(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long n = 0;

	while (*p) {
		int extra = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;

		if (extra < 0)
			return -1;
		for (p++; extra > 0; extra--, p++)
			if ((*p & 0xc0) != 0x80)
				return -1;
		n++;
	}
	return n;
}

bool util_money_to_fen(json_t *v, int64_t *fen)
{
	double yuan, cents;

	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0 || json_integer_value(v) > INT64_MAX / 100)
			return false;
		*fen = json_integer_value(v) * 100;
		return true;
	}
	if (!json_is_real(v))
		return false;
	yuan = json_real_value(v);
	if (!(yuan >= 0) || yuan > 1e13)
		return false;
	cents = round(yuan * 100.0);
	if (fabs(cents - yuan * 100.0) > 1e-6)
		return false;
	*fen = (int64_t)cents;
	return true;
}
