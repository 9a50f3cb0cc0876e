/*
 * settings.h - the office's configurable settings (table `settings`).
 */
#ifndef WAISHI_SETTINGS_H
#define WAISHI_SETTINGS_H

#include "db.h"

/* The integer value of `key`, or `fallback` when absent or not a number. */
int64_t settings_get_int(struct db *db, const char *key, int64_t fallback);

#endif
