/*
 * country.h - countries and regions from Debian's iso-codes (ISO 3166-1),
 * with Chinese names from its zh_CN gettext catalogue. Never a hand-typed
 * list. Destinations and nationalities are stored as alpha-2 codes. Each
 * country's world region comes from tzdata.
 */
#ifndef WAISHI_COUNTRY_H
#define WAISHI_COUNTRY_H

#include "http.h"

#include <stdbool.h>
#include <stddef.h>

/* Load the list once (thread-safe); false when iso-codes is missing. */
bool country_init(void);
bool country_valid(const char *alpha2);
/* Chinese name (falls back to the English name); NULL for an unknown code. */
const char *country_name_zh(const char *alpha2);
const char *country_name_en(const char *alpha2);

/* The alpha-2 code for a code (any case), a Chinese or an English name; NULL when unknown. */
const char *country_code_of(const char *text);

/* The i-th country (0-based) of the list; false past the end. */
bool country_at(size_t i, const char **alpha2, const char **name_zh);

/*
 * World regions (asean, east_asia, other_asia, europe, north_america,
 * latin_america, oceania, africa) with their Chinese names, NULL-terminated;
 * a country's region from tzdata's zone.tab, NULL when unknown.
 */
extern const char *const country_regions[];
extern const char *const country_regions_zh[];
const char *country_region(const char *alpha2);
const char *country_region_zh(const char *region);

/* Whether code is an ISO 4217 currency (USD, EUR, CNY...), from iso-codes. */
bool country_currency_valid(const char *code);

/* GET /api/v1/countries?q= -> {"items":[{"code","name","name_zh"}],"total"} */
int country_list(struct request *req, struct response *res);

#endif
