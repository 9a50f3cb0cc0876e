/*
 * ratelimit.c - per-address token buckets (see ratelimit.h): a chained hash
 * table of addresses, pruned as it is used.
 */
#include "ratelimit.h"

#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RL_BUCKETS 1024
#define RL_FORGET_MS 120000.0
#define RL_MAX_ENTRIES 100000

struct entry {
	char key[64];
	double tokens;
	double last_ms;
	struct entry *next;
};

static pthread_mutex_t rl_lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table[RL_BUCKETS];
static int rl_rate;
static int rl_entries;

static unsigned hash_key(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % RL_BUCKETS;
}

void ratelimit_configure(int per_minute)
{
	pthread_mutex_lock(&rl_lock);
	rl_rate = per_minute > 0 ? per_minute : 0;
	pthread_mutex_unlock(&rl_lock);
}

void ratelimit_reset(void)
{
	size_t i;

	pthread_mutex_lock(&rl_lock);
	for (i = 0; i < RL_BUCKETS; i++) {
		while (table[i]) {
			struct entry *e = table[i];
			table[i] = e->next;
			free(e);
		}
	}
	rl_entries = 0;
	pthread_mutex_unlock(&rl_lock);
}

static void prune_all(double now)
{
	struct entry **pp;
	size_t i;

	for (i = 0; i < RL_BUCKETS; i++) {
		for (pp = &table[i]; *pp;) {
			struct entry *cur = *pp;

			if (now - cur->last_ms > RL_FORGET_MS) {
				*pp = cur->next;
				free(cur);
				rl_entries--;
			} else {
				pp = &cur->next;
			}
		}
	}
}

bool ratelimit_take(const char *key, int *retry_after)
{
	struct entry **pp, *e = NULL;
	double now = util_mono_ms(), per_ms;
	bool ok = true;

	*retry_after = 0;
	pthread_mutex_lock(&rl_lock);
	if (rl_rate == 0)
		goto out;
	per_ms = rl_rate / 60000.0;
	for (pp = &table[hash_key(key)]; *pp;) {
		struct entry *cur = *pp;

		if (strcmp(cur->key, key) == 0) {
			e = cur;
			pp = &cur->next;
		} else if (now - cur->last_ms > RL_FORGET_MS) {
			*pp = cur->next; /* prune as we pass */
			free(cur);
			rl_entries--;
		} else {
			pp = &cur->next;
		}
	}
	if (!e) {
		if (rl_entries >= RL_MAX_ENTRIES)
			prune_all(now);
		/* still full, or no memory: this address goes untracked (the password lane still bounds the work) */
		if (rl_entries >= RL_MAX_ENTRIES || !(e = calloc(1, sizeof(*e))))
			goto out;
		snprintf(e->key, sizeof(e->key), "%s", key);
		e->tokens = rl_rate;
		e->last_ms = now;
		e->next = table[hash_key(key)];
		table[hash_key(key)] = e;
		rl_entries++;
	}
	e->tokens += (now - e->last_ms) * per_ms;
	if (e->tokens > rl_rate)
		e->tokens = rl_rate;
	e->last_ms = now;
	if (e->tokens >= 1.0) {
		e->tokens -= 1.0;
	} else {
		ok = false;
		*retry_after = (int)((1.0 - e->tokens) / per_ms / 1000.0) + 1;
	}
out:
	pthread_mutex_unlock(&rl_lock);
	return ok;
}
