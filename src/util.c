/*
 * util.c - clock, random tokens, hashing and strict parsing (see util.h).
 */
#include "util.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int64_t util_now(void)
{
	static int64_t offset = -1;
	const char *env;
	int64_t v;

	if (offset < 0) {
		env = getenv("WAISHI_CLOCK_OFFSET");
		offset = (env && util_parse_int64(env, &v) && v >= 0) ? v : 0;
	}
	return (int64_t)time(NULL) + offset;
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
