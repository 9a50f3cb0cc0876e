/*
 * settings.h - the office's configurable settings (table `settings`).
 */
#ifndef WAISHI_SETTINGS_H
#define WAISHI_SETTINGS_H

#include "db.h"

#include <stddef.h>

/* The integer value of `key`, or `fallback` when absent or not a number. */
int64_t settings_get_int(struct db *db, const char *key, int64_t fallback);
/* The text of `key` into out (at most len - 1 bytes), or `fallback` when absent or empty. */
void settings_get_text(struct db *db, const char *key, const char *fallback, char *out, size_t len);

#endif
