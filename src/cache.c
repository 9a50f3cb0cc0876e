/*
 * cache.c - generation-tagged, direct-mapped caches of database reads
 * (see cache.h).
 */
#include "cache.h"

#include <stdlib.h>
#include <string.h>

struct cache_slot {
	char *key; /* NULL: empty */
	uint64_t hash;
	uint64_t gen;
	unsigned char *value;
};

/* FNV-1a */
static uint64_t key_hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return h;
}

static struct cache_slot *slot_of(struct cache *c, uint64_t hash)
{
	return &c->slots[(size_t)(hash ^ (hash >> 29)) & (c->nslots - 1)];
}

bool cache_get(struct cache *c, const char *key, uint64_t gen, void *value)
{
	uint64_t hash = key_hash(key);
	struct cache_slot *s;
	bool hit = false;

	pthread_mutex_lock(&c->lock);
	if (c->slots) {
		s = slot_of(c, hash);
		hit = s->key && s->gen == gen && s->hash == hash && strcmp(s->key, key) == 0;
		if (hit)
			memcpy(value, s->value, c->value_size);
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void cache_put(struct cache *c, const char *key, uint64_t gen, const void *value)
{
	uint64_t hash = key_hash(key);
	struct cache_slot *s;
	char *copy = strdup(key);
	unsigned char *v = NULL;

	if (!copy)
		return;
	pthread_mutex_lock(&c->lock);
	if (!c->slots)
		c->slots = calloc(c->nslots, sizeof(*c->slots));
	if (!c->slots)
		goto out;
	s = slot_of(c, hash);
	if (!s->value && !(s->value = malloc(c->value_size)))
		goto out;
	v = s->value;
	free(s->key);
	s->key = copy;
	copy = NULL;
	s->hash = hash;
	s->gen = gen;
	memcpy(v, value, c->value_size);
out:
	pthread_mutex_unlock(&c->lock);
	free(copy);
}

void cache_drop(struct cache *c, const char *key)
{
	uint64_t hash = key_hash(key);
	struct cache_slot *s;

	pthread_mutex_lock(&c->lock);
	if (c->slots) {
		s = slot_of(c, hash);
		if (s->key && s->hash == hash && strcmp(s->key, key) == 0) {
			free(s->key);
			s->key = NULL;
		}
	}
	pthread_mutex_unlock(&c->lock);
}
