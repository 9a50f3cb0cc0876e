/*
 * country.c - ISO 3166-1 countries from iso-codes, Chinese names from its
 * gettext catalogue read directly (the .mo format), see country.h.
 */
#include "country.h"
#include "country_api.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ISO_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#define ISO_MO_ZH "/usr/share/locale/zh_CN/LC_MESSAGES/iso_3166-1.mo"
#define MAX_COUNTRIES 300
#define ZONE_TAB "/usr/share/zoneinfo/zone.tab"
#define ISO_CURRENCIES "/usr/share/iso-codes/json/iso_4217.json"
#define MAX_CURRENCIES 400
#define MAX_ZONE_COUNTRIES 300

struct country {
	char code[3];
	char *name_en;
	char *name_zh;       /* the common Chinese name when there is one (韩国), else the official (德国) */
	char *name_zh_full;  /* the official Chinese name (大韩民国) */
	char *name_en_common;
};

static struct country countries[MAX_COUNTRIES];
static size_t ncountries;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* ---- the gettext .mo catalogue: a table of original and translated strings ---- */

struct mo {
	unsigned char *data;
	size_t size;
	uint32_t n, orig_off, trans_off;
};

static uint32_t mo_u32(const struct mo *mo, size_t off)
{
	uint32_t v;

	if (off + 4 > mo->size)
		return 0;
	memcpy(&v, mo->data + off, 4);
	return v; /* catalogues here are little-endian, magic 0x950412de checked */
}

static bool mo_load(struct mo *mo, const char *path)
{
	FILE *f = fopen(path, "rb");
	long len;

	memset(mo, 0, sizeof(*mo));
	if (!f)
		return false;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > 28 && fseek(f, 0, SEEK_SET) == 0 &&
	    (mo->data = malloc((size_t)len)) && fread(mo->data, 1, (size_t)len, f) == (size_t)len) {
		mo->size = (size_t)len;
	}
	fclose(f);
	if (!mo->size || mo_u32(mo, 0) != 0x950412deU) {
		free(mo->data);
		mo->data = NULL;
		return false;
	}
	mo->n = mo_u32(mo, 8);
	mo->orig_off = mo_u32(mo, 12);
	mo->trans_off = mo_u32(mo, 16);
	return true;
}

/* ---- currencies (ISO 4217) from iso-codes ---- */

static char currencies[MAX_CURRENCIES][4];
static size_t ncurrencies;
static pthread_once_t currency_once = PTHREAD_ONCE_INIT;

static void load_currencies(void)
{
	json_t *root = json_load_file(ISO_CURRENCIES, 0, NULL), *c;
	size_t i;

	if (!root) {
		fprintf(stderr, "waishi: cannot read %s (install the iso-codes package)\n", ISO_CURRENCIES);
		return;
	}
	json_array_foreach(json_object_get(root, "4217"), i, c) {
		const char *code = json_string_value(json_object_get(c, "alpha_3"));
		if (code && strlen(code) == 3 && ncurrencies < MAX_CURRENCIES)
			memcpy(currencies[ncurrencies++], code, 4);
	}
	json_decref(root);
}

bool country_currency_valid(const char *code)
{
	size_t i;

	pthread_once(&currency_once, load_currencies);
	for (i = 0; code && i < ncurrencies; i++)
		if (strcmp(currencies[i], code) == 0)
			return true;
	return false;
}

/* ---- world regions from tzdata ----
 * A country's world region is derived from the principal time zone that
 * Debian's tzdata lists for it (zone.tab, first line per country): its
 * continent, with ASEAN and East Asia told apart by their members. */

const char *const country_regions[] = {"asean", "east_asia", "other_asia", "europe", "north_america",
				       "latin_america", "oceania", "africa", NULL};
const char *const country_regions_zh[] = {"东盟", "东亚", "亚洲其他地区", "欧洲", "北美洲", "拉丁美洲", "大洋洲", "非洲", NULL};

const char *country_region_zh(const char *region)
{
	size_t i;

	for (i = 0; region && country_regions[i]; i++)
		if (strcmp(country_regions[i], region) == 0)
			return country_regions_zh[i];
	return region ? region : "";
}

struct zone_country {
	char code[3];
	const char *region;
};

static struct zone_country zone_countries[MAX_ZONE_COUNTRIES];
static size_t nzone;
static pthread_once_t zone_once = PTHREAD_ONCE_INIT;

static bool member(const char *code, const char *list)
{
	const char *p;

	for (p = list; *p; p += 3)
		if (p[0] == code[0] && p[1] == code[1])
			return true;
	return false;
}

/* Continent of the principal zone -> region; ASEAN and East Asia by membership. */
static const char *region_for(const char *code, const char *zone)
{
	if (member(code, "BN KH ID LA MY MM PH SG TH VN "))
		return "asean";
	if (member(code, "CN JP KR KP MN TW HK MO "))
		return "east_asia";
	if (strncmp(zone, "Asia/", 5) == 0)
		return "other_asia";
	if (strncmp(zone, "Europe/", 7) == 0)
		return "europe";
	if (strncmp(zone, "Africa/", 7) == 0)
		return "africa";
	if (strncmp(zone, "America/", 8) == 0)
		return member(code, "US CA GL PM ") ? "north_america" : "latin_america";
	if (strncmp(zone, "Australia/", 10) == 0 || strncmp(zone, "Pacific/", 8) == 0)
		return "oceania";
	if (strncmp(zone, "Atlantic/", 9) == 0)
		return member(code, "BM ") ? "north_america"
		       : member(code, "CV SH ") ? "africa"
		       : member(code, "FK GS ") ? "latin_america"
						: "europe";
	if (strncmp(zone, "Indian/", 7) == 0)
		return member(code, "MV IO ") ? "other_asia" : member(code, "CC CX ") ? "oceania" : "africa";
	return NULL; /* Antarctica */
}

static void load_zones(void)
{
	FILE *f = fopen(ZONE_TAB, "r");
	char line[512], code[3], coords[64], zone[128];

	if (!f) {
		fprintf(stderr, "waishi: cannot read %s (install the tzdata package)\n", ZONE_TAB);
		return;
	}
	while (fgets(line, sizeof(line), f) && nzone < MAX_ZONE_COUNTRIES) {
		const char *region;
		size_t i;
		bool seen = false;

		if (line[0] == '#' || sscanf(line, "%2s %63s %127s", code, coords, zone) != 3)
			continue;
		for (i = 0; i < nzone && !seen; i++)
			seen = strcmp(zone_countries[i].code, code) == 0;
		region = seen ? NULL : region_for(code, zone);
		if (!region)
			continue;
		memcpy(zone_countries[nzone].code, code, 3);
		zone_countries[nzone].region = region;
		nzone++;
	}
	fclose(f);
}

const char *country_region(const char *alpha2)
{
	size_t i;

	pthread_once(&zone_once, load_zones);
	for (i = 0; alpha2 && i < nzone; i++)
		if (strcmp(zone_countries[i].code, alpha2) == 0)
			return zone_countries[i].region;
	return NULL;
}

/* The translation of `msgid`, or NULL. */
static const char *mo_lookup(const struct mo *mo, const char *msgid)
{
	uint32_t i;

	for (i = 0; mo->data && i < mo->n; i++) {
		uint32_t olen = mo_u32(mo, mo->orig_off + i * 8), opos = mo_u32(mo, mo->orig_off + i * 8 + 4);
		uint32_t tlen = mo_u32(mo, mo->trans_off + i * 8), tpos = mo_u32(mo, mo->trans_off + i * 8 + 4);

		if ((size_t)opos + olen >= mo->size || (size_t)tpos + tlen >= mo->size)
			continue;
		if (olen == strlen(msgid) && memcmp(mo->data + opos, msgid, olen) == 0)
			return (const char *)mo->data + tpos;
	}
	return NULL;
}

/* ---- 港澳台: regions of China ---- */

static const struct {
	char code[3];
	const char *name_en;
} china_regions[] = {{"HK", "Hong Kong, China"}, {"MO", "Macao, China"}, {"TW", "Taiwan, China"}};

bool country_is_hmt(const char *alpha2)
{
	size_t i;

	for (i = 0; alpha2 && i < sizeof(china_regions) / sizeof(china_regions[0]); i++)
		if (strcmp(china_regions[i].code, alpha2) == 0)
			return true;
	return false;
}

bool country_is_china(const char *alpha2)
{
	return alpha2 && strcmp(alpha2, "CN") == 0;
}

const char *country_group(const char *alpha2)
{
	return country_is_hmt(alpha2) ? "hmt" : country_is_china(alpha2) ? "china" : "foreign";
}

/* A region of China is named after China: 中国 + the short Chinese name (香港, 澳门, 台湾), "Hong Kong, China". */
static void name_as_region_of_china(struct country *c)
{
	size_t i, len = strlen("中国") + strlen(c->name_zh) + 1;
	char *zh;

	for (i = 0; i < sizeof(china_regions) / sizeof(china_regions[0]); i++) {
		if (strcmp(china_regions[i].code, c->code) != 0)
			continue;
		zh = malloc(len);
		if (!zh)
			return;
		snprintf(zh, len, "中国%s", c->name_zh);
		free(c->name_zh);
		c->name_zh = zh;
		free(c->name_en_common);
		c->name_en_common = strdup(china_regions[i].name_en);
	}
}

static void load_countries(void)
{
	json_error_t jerr;
	json_t *root = json_load_file(ISO_JSON, 0, &jerr), *list, *c;
	struct mo mo;
	size_t i;

	if (!root) {
		fprintf(stderr, "waishi: cannot read %s (install the iso-codes package)\n", ISO_JSON);
		return;
	}
	mo_load(&mo, ISO_MO_ZH);
	list = json_object_get(root, "3166-1");
	json_array_foreach(list, i, c) {
		const char *code = json_string_value(json_object_get(c, "alpha_2"));
		const char *name = json_string_value(json_object_get(c, "name"));
		const char *common = json_string_value(json_object_get(c, "common_name"));
		const char *zh, *zh_common;

		if (!code || !name || strlen(code) != 2 || ncountries >= MAX_COUNTRIES)
			continue;
		zh = mo_lookup(&mo, name);
		zh_common = common ? mo_lookup(&mo, common) : NULL;
		memcpy(countries[ncountries].code, code, 3);
		countries[ncountries].name_en = strdup(name);
		countries[ncountries].name_en_common = strdup(common ? common : name);
		countries[ncountries].name_zh_full = strdup(zh ? zh : name);
		countries[ncountries].name_zh = strdup(zh_common ? zh_common : zh ? zh : name);
		name_as_region_of_china(&countries[ncountries]);
		ncountries++;
	}
	free(mo.data);
	json_decref(root);
}

bool country_init(void)
{
	pthread_once(&once, load_countries);
	return ncountries > 0;
}

static const struct country *find(const char *code)
{
	size_t i;

	country_init();
	for (i = 0; code && i < ncountries; i++)
		if (strcmp(countries[i].code, code) == 0)
			return &countries[i];
	return NULL;
}

bool country_valid(const char *alpha2)
{
	return find(alpha2) != NULL;
}

const char *country_name_zh(const char *alpha2)
{
	const struct country *c = find(alpha2);

	return c ? c->name_zh : NULL;
}

const char *country_name_en(const char *alpha2)
{
	const struct country *c = find(alpha2);

	return c ? (country_is_hmt(alpha2) ? c->name_en_common : c->name_en) : NULL;
}

const char *country_code_of(const char *text)
{
	size_t i;

	country_init();
	for (i = 0; text && i < ncountries; i++)
		if (strcasecmp(countries[i].code, text) == 0 || strcmp(countries[i].name_zh, text) == 0 ||
		    strcmp(countries[i].name_zh_full, text) == 0 || strcasecmp(countries[i].name_en, text) == 0 ||
		    strcasecmp(countries[i].name_en_common, text) == 0)
			return countries[i].code;
	return NULL;
}

bool country_at(size_t i, const char **alpha2, const char **name_zh)
{
	country_init();
	if (i >= ncountries)
		return false;
	*alpha2 = countries[i].code;
	*name_zh = countries[i].name_zh;
	return true;
}

int country_list(struct request *req, struct response *res)
{
	const char *q = http_query(req, "q"), *dest = http_query(req, "destination");
	bool destinations_only = dest && strcmp(dest, "true") == 0;
	json_t *items = json_array();
	size_t i;

	country_init();
	for (i = 0; i < ncountries; i++) {
		const struct country *c = &countries[i];
		if (destinations_only && country_is_china(c->code))
			continue;
		if (q && *q && !strcasestr(c->name_en, q) && !strcasestr(c->name_en_common, q) && !strstr(c->name_zh, q) &&
		    !strstr(c->name_zh_full, q) && strcasecmp(c->code, q) != 0)
			continue;
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s}", "code", c->code, "name",
						       country_name_en(c->code), "name_zh", c->name_zh, "group",
						       country_group(c->code)));
	}
	return http_json(res, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}
