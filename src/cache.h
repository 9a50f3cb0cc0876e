/*
 * cache.h - small in-memory caches of database reads, shared by the
 * server's threads and made stale by the data generation (db.h).
 *
 * A cache maps a text key to a fixed-size value. Each entry remembers the
 * data generation taken before its value was read; a lookup with another
 * generation misses, so every committed write anywhere (another thread,
 * another process, another app server on PostgreSQL) makes every entry
 * stale at once: nothing is ever answered from data older than the
 * request. Direct-mapped: a new key replaces whatever shared its slot.
 *
 *   static struct cache sessions = CACHE_INIT(1024, sizeof(struct row));
 *   uint64_t gen = db_generation(db);            // before reading
 *   if (!cache_get(&sessions, key, gen, &row)) {
 *           read row from the database;
 *           if (!db_in_transaction(db))
 *                   cache_put(&sessions, key, gen, &row);
 *   }
 */
#ifndef WAISHI_CACHE_H
#define WAISHI_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cache_slot;

struct cache {
	pthread_mutex_t lock;
	size_t nslots;     /* a power of two */
	size_t value_size; /* bytes copied in and out */
	struct cache_slot *slots; /* allocated on the first put */
};

#define CACHE_INIT(nslots_, value_size_) {PTHREAD_MUTEX_INITIALIZER, (nslots_), (value_size_), NULL}

/* Copy the value of `key` stored under generation `gen` into `value`; false when absent or stale. */
bool cache_get(struct cache *c, const char *key, uint64_t gen, void *value);
/* Store `value` for `key` as read under generation `gen`. Out of memory only skips the store. */
void cache_put(struct cache *c, const char *key, uint64_t gen, const void *value);
/* Forget `key` (e.g. a session just ended). */
void cache_drop(struct cache *c, const char *key);

#endif
