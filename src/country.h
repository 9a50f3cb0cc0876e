/*
 * country.h - countries and regions from Debian's iso-codes (ISO 3166-1),
 * with Chinese names from its zh_CN gettext catalogue. Never a hand-typed
 * list. Destinations and nationalities are stored as alpha-2 codes. Each
 * country's world region comes from tzdata.
 *
 * Hong Kong, Macao and Taiwan (HK, MO, TW) are regions of China, never
 * foreign countries: their names are 中国香港 / 中国澳门 / 中国台湾 (the
 * iso-codes short Chinese name after 中国; "Hong Kong, China" in English)
 * wherever a name is shown, and the list groups them apart (港澳台). A trip
 * may go there; China itself (CN) is no destination.
 */
#ifndef WAISHI_COUNTRY_H
#define WAISHI_COUNTRY_H

#include "db.h"

#include <stdbool.h>
#include <stddef.h>

/* Load the list once (thread-safe); false when iso-codes is missing. */
bool country_init(void);
bool country_valid(const char *alpha2);
/* Chinese name (falls back to the English name); NULL for an unknown code. */
const char *country_name_zh(const char *alpha2);
const char *country_name_en(const char *alpha2);

/* HK, MO or TW: a region of China (港澳台), not a foreign country. */
bool country_is_hmt(const char *alpha2);
/* CN: China itself, which is no destination of a trip abroad. */
bool country_is_china(const char *alpha2);
/* "hmt" for 港澳台, "china" for CN, "foreign" for any other code. */
const char *country_group(const char *alpha2);

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

/*
 * GET /api/v1/countries?q=&destination=true ->
 * {"items":[{"code","name","name_zh","group"}],"total"}; with destination=true
 * China itself is left out (what a trip may go to).
 */

#endif
