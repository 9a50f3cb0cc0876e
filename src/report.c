/*
 * report.c - the period summary and its Chinese prose (see report.h).
 */
#include "report.h"

#include "buf.h"
#include "dates.h"
#include "info_item.h"
#include "list.h"
#include "passport.h"
#include "policy.h"
#include "report_files.h"
#include "sister_city.h"
#include "util.h"
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPROVED_STATES "('approved','departed','returned','closed')"
/* Persons (人次) of trips joined LEFT to their members: imported trips carry a count instead of members. */
#define PERSONS_OF_TRIPS "COUNT(m.id) + COALESCE(SUM(CASE WHEN m.id IS NULL THEN d.imported_persons ELSE 0 END), 0)"

struct period {
	const char *from, *to;
};

/* ---- small query helpers ---- */

static int count2(struct db *db, const char *sql, const struct period *p, int64_t *n)
{
	return db_query_int(db, n, sql, "tt", p->from, p->to);
}

/*
 * Rows of (key, batches, persons) grouped by `sql` into {key: {batches, persons}};
 * `sql` binds from, to and, when extra is not NULL, a third text parameter.
 */
static int grouped_by(struct db *db, const char *sql, const struct period *p, const char *extra, json_t **out)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, sql, &st);

	*out = json_object();
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, p->from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, p->to);
	if (rc == DB_OK && extra)
		rc = db_bind_text(st, 3, extra);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		json_object_set_new(*out, db_column_is_null(st, 0) ? "other" : db_column_text(st, 0),
				    json_pack("{s:I, s:I}", "batches", (json_int_t)db_column_int64(st, 1), "persons",
					      (json_int_t)db_column_int64(st, 2)));
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int grouped(struct db *db, const char *sql, const struct period *p, json_t **out)
{
	return grouped_by(db, sql, p, NULL, out);
}

/* ---- sections ---- */

static int delegations(struct db *db, const struct period *p, json_t **out)
{
	int64_t batches = 0, persons = 0, budget = 0, overstay = 0, detour = 0, closed = 0;
	json_t *by_category = NULL, *by_unit = NULL, *by_region = json_object();
	struct db_stmt *st = NULL;
	int rc;

	rc = count2(db, "SELECT COUNT(*) FROM delegations WHERE approved_on >= ? AND approved_on <= ? AND status IN " APPROVED_STATES, p, &batches);
	if (rc == DB_OK)
		rc = count2(db, "SELECT " PERSONS_OF_TRIPS " FROM delegations d LEFT JOIN delegation_members m ON m.delegation_id = d.id"
				" WHERE d.approved_on >= ? AND d.approved_on <= ? AND d.status IN " APPROVED_STATES, p, &persons);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COALESCE(SUM(budget_fen), 0) FROM delegations WHERE approved_on >= ? AND approved_on <= ?"
				" AND status IN " APPROVED_STATES, p, &budget);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT d.category, COUNT(DISTINCT d.id), " PERSONS_OF_TRIPS " FROM delegations d"
				 " LEFT JOIN delegation_members m ON m.delegation_id = d.id WHERE d.approved_on >= ? AND d.approved_on <= ?"
				 " AND d.status IN " APPROVED_STATES " GROUP BY d.category", p, &by_category);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT n.name, COUNT(DISTINCT d.id), " PERSONS_OF_TRIPS " FROM delegations d JOIN units n ON n.id = d.unit_id"
				 " LEFT JOIN delegation_members m ON m.delegation_id = d.id WHERE d.approved_on >= ? AND d.approved_on <= ?"
				 " AND d.status IN " APPROVED_STATES " GROUP BY n.name", p, &by_unit);
	/* a trip counts once in each world region it visits */
	if (rc == DB_OK)
		rc = db_prepare(db, "SELECT DISTINCT d.id, x.country, (SELECT COUNT(*) FROM delegation_members m WHERE m.delegation_id = d.id) + d.imported_persons"
				    " FROM delegations d JOIN delegation_destinations x ON x.delegation_id = d.id"
				    " WHERE d.approved_on >= ? AND d.approved_on <= ? AND d.status IN " APPROVED_STATES " ORDER BY d.id", &st);
	if (rc == DB_OK)
		rc = db_bind_text(st, 1, p->from);
	if (rc == DB_OK)
		rc = db_bind_text(st, 2, p->to);
	{
		int64_t last_trip = 0;
		json_t *seen = json_object();
		while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
			const char *region = sister_city_region_of(db_column_text(st, 1));
			json_t *r;

			rc = DB_OK;
			if (!region)
				region = "other_asia";
			if (db_column_int64(st, 0) != last_trip) {
				json_object_clear(seen);
				last_trip = db_column_int64(st, 0);
			}
			if (json_object_get(seen, region))
				continue;
			json_object_set_new(seen, region, json_true());
			r = json_object_get(by_region, region);
			if (!r)
				json_object_set_new(by_region, region, r = json_pack("{s:i, s:i}", "batches", 0, "persons", 0));
			json_object_set_new(r, "batches", json_integer(json_integer_value(json_object_get(r, "batches")) + 1));
			json_object_set_new(r, "persons", json_integer(json_integer_value(json_object_get(r, "persons")) + db_column_int64(st, 2)));
		}
		json_decref(seen);
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM delegation_violations WHERE kind = 'overstay' AND found_on >= ? AND found_on <= ?", p, &overstay);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM delegation_violations WHERE kind = 'detour' AND found_on >= ? AND found_on <= ?", p, &detour);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM delegations WHERE closed_on >= ? AND closed_on <= ?", p, &closed);
	*out = json_pack("{s:I, s:I, s:f, s:o, s:o, s:o, s:{s:I, s:I}, s:I}", "batches", (json_int_t)batches, "persons",
			 (json_int_t)persons, "budget_cny", (double)budget / 100.0, "by_category", by_category ? by_category : json_object(),
			 "by_region", by_region, "by_unit", by_unit ? by_unit : json_object(), "violations", "overstay",
			 (json_int_t)overstay, "detour", (json_int_t)detour, "closed", (json_int_t)closed);
	return rc;
}

static int letters(struct db *db, const struct period *p, json_t **out)
{
	static const char *const kinds[] = {"introduction", "invitation", "visa_service"};
	json_t *g = NULL;
	size_t i;
	int rc = grouped(db, "SELECT kind, COUNT(*), COALESCE(SUM(person_count), 0) FROM letters"
			     " WHERE letter_date >= ? AND letter_date <= ? GROUP BY kind", p, &g);

	*out = json_object();
	for (i = 0; i < 3; i++) {
		json_t *k = json_object_get(g, kinds[i]);
		json_object_set_new(*out, kinds[i], k ? json_incref(k) : json_pack("{s:i, s:i}", "batches", 0, "persons", 0));
	}
	json_decref(g);
	return rc;
}

static int receptions(struct db *db, const struct period *p, json_t **out)
{
	static const char *const types[] = {"foreign", "domestic"};
	size_t i;
	int rc = DB_OK;

	*out = json_object();
	for (i = 0; i < 2 && rc == DB_OK; i++) {
		int64_t batches = 0, persons = 0;
		json_t *by = NULL;

		rc = db_query_int(db, &batches, "SELECT COUNT(*) FROM receptions WHERE arrive_date >= ? AND arrive_date <= ? AND guest_type = ?",
				  "ttt", p->from, p->to, types[i]);
		if (rc == DB_OK)
			rc = db_query_int(db, &persons, "SELECT COALESCE(SUM(persons), 0) FROM receptions WHERE arrive_date >= ?"
							" AND arrive_date <= ? AND guest_type = ?", "ttt", p->from, p->to, types[i]);
		if (rc == DB_OK)
			rc = grouped_by(db, "SELECT category, COUNT(*), SUM(persons) FROM receptions WHERE arrive_date >= ? AND arrive_date <= ?"
					    " AND guest_type = ? GROUP BY category", p, types[i], &by);
		json_object_set_new(*out, types[i], json_pack("{s:I, s:I, s:o}", "batches", (json_int_t)batches, "persons",
							      (json_int_t)persons, "by_category", by ? by : json_object()));
	}
	return rc;
}

static int abtc(struct db *db, const struct period *p, json_t **out)
{
	int64_t holders = 0, in_progress = 0, submitted = 0;
	int rc = db_query_int(db, &holders,
			      "SELECT COUNT(*) FROM abtc_cards WHERE status = 'approved' AND approved_on <= ?"
			      " AND (expiry_date IS NULL OR expiry_date >= ?)", "tt", p->to, p->to);

	if (rc == DB_OK)
		rc = db_query_int(db, &in_progress,
				  "SELECT COUNT(*) FROM abtc_cards WHERE applied_on <= ? AND NOT (COALESCE(approved_on, '9999') <= ?"
				  " OR COALESCE(rejected_on, '9999') <= ?)", "ttt", p->to, p->to, p->to);
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM abtc_cards WHERE submitted_on >= ? AND submitted_on <= ?", p, &submitted);
	*out = json_pack("{s:I, s:I, s:I}", "holders", (json_int_t)holders, "in_progress", (json_int_t)in_progress,
			 "submitted", (json_int_t)submitted);
	return rc;
}

static int sister_cities(struct db *db, const struct period *p, json_t **out)
{
	int64_t total = 0, added = 0, sister = 0, friendly = 0;
	json_t *exchanges = NULL;
	int rc = db_query_int(db, &total,
			      "SELECT COUNT(*) FROM sister_cities WHERE status <> 'ended' AND (established_on IS NULL OR established_on <= ?)",
			      "t", p->to);

	if (rc == DB_OK)
		rc = db_query_int(db, &sister, "SELECT COUNT(*) FROM sister_cities WHERE status <> 'ended' AND relation = 'sister'"
					       " AND (established_on IS NULL OR established_on <= ?)", "t", p->to);
	friendly = total - sister;
	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM sister_cities WHERE established_on >= ? AND established_on <= ?", p, &added);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT kind, COUNT(*), COALESCE(SUM(persons), 0) FROM exchanges WHERE exchange_date >= ? AND exchange_date <= ?"
				 " GROUP BY kind", p, &exchanges);
	*out = json_pack("{s:I, s:I, s:{s:I, s:I}, s:o}", "total", (json_int_t)total, "new", (json_int_t)added, "by_relation",
			 "sister", (json_int_t)sister, "friendly_exchange", (json_int_t)friendly, "exchanges",
			 exchanges ? exchanges : json_object());
	return rc;
}

static int cases(struct db *db, const struct period *p, json_t **out)
{
	int64_t received = 0, closed = 0;
	json_t *by = NULL;
	int rc = count2(db, "SELECT COUNT(*) FROM cases WHERE received_on >= ? AND received_on <= ?", p, &received);

	if (rc == DB_OK)
		rc = count2(db, "SELECT COUNT(*) FROM cases WHERE closed_on >= ? AND closed_on <= ?", p, &closed);
	if (rc == DB_OK)
		rc = grouped(db, "SELECT category, COUNT(*), 0 FROM cases WHERE received_on >= ? AND received_on <= ? GROUP BY category", p, &by);
	*out = json_pack("{s:I, s:I, s:o}", "received", (json_int_t)received, "closed", (json_int_t)closed, "by_category",
			 by ? by : json_object());
	return rc;
}

/* Passports falling due in the period, and those back by their due date. */
static int passports(struct db *db, const struct period *p, json_t **out)
{
	struct db_stmt *st = NULL;
	struct policy pol;
	int64_t due = 0, on_time = 0;
	char due_on[DATE_LEN];
	int rc = policy_load(db, &pol);

	if (rc == DB_OK)
		rc = db_prepare(db,
				"SELECT e.passport_id, d.status, d.actual_return, d.cancelled_on,"
				" (SELECT MIN(r.on_date) FROM passport_events r WHERE r.passport_id = e.passport_id"
				"  AND r.delegation_id = e.delegation_id AND r.kind = 'returned')"
				" FROM passport_events e JOIN delegations d ON d.id = e.delegation_id WHERE e.kind = 'issued'", &st);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		passport_due(&pol, db_column_text(st, 1), db_column_is_null(st, 2) ? NULL : db_column_text(st, 2),
			     db_column_is_null(st, 3) ? NULL : db_column_text(st, 3), due_on);
		rc = DB_OK;
		if (!due_on[0] || strcmp(due_on, p->from) < 0 || strcmp(due_on, p->to) > 0)
			continue;
		due++;
		if (!db_column_is_null(st, 4) && strcmp(db_column_text(st, 4), due_on) <= 0)
			on_time++;
	}
	db_finalize(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	*out = json_pack("{s:I, s:I, s:o}", "due", (json_int_t)due, "returned_on_time", (json_int_t)on_time, "collection_rate",
			 due ? json_real((double)on_time * 100.0 / (double)due) : json_null());
	return rc;
}

/* Every section of one period. */
static int period_figures(struct db *db, const struct period *p, json_t **out)
{
	static const char *const names[] = {"delegations", "letters", "receptions", "abtc", "sister_cities", "cases", "passports"};
	int (*const fns[])(struct db *, const struct period *, json_t **) = {delegations, letters, receptions, abtc,
									    sister_cities, cases, passports};
	json_t *section = NULL;
	size_t i;
	int rc = DB_OK;

	*out = json_object();
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]) && rc == DB_OK; i++) {
		section = NULL;
		rc = fns[i](db, p, &section);
		if (section)
			json_object_set_new(*out, names[i], section);
	}
	if (rc == DB_OK) {
		rc = info_item_db_stats(db, p->from, p->to, &section);
		if (rc == DB_OK)
			json_object_set_new(*out, "info_items", section);
	}
	return rc;
}

/* ---- prose ---- */

/* Append to the prose; the text is small and the buffer's limit generous, so a failure only shortens it. */
static void say(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (buf_vaddf(b, fmt, ap) != BUF_OK)
		fprintf(stderr, "waishi: report text truncated\n");
	va_end(ap);
}

static int64_t num(json_t *o, const char *a, const char *b)
{
	json_t *v = json_object_get(o, a);

	if (b)
		v = json_object_get(v, b);
	return json_integer_value(v);
}

static void period_name(const char *from, const char *to, char *out, size_t len)
{
	int y = date_year(from);

	if (strcmp(from + 4, "-01-01") == 0 && strcmp(to + 4, "-06-30") == 0 && date_year(to) == y)
		snprintf(out, len, "上半年");
	else if (strcmp(from + 4, "-07-01") == 0 && strcmp(to + 4, "-12-31") == 0 && date_year(to) == y)
		snprintf(out, len, "下半年");
	else if (strcmp(from + 4, "-01-01") == 0 && strcmp(to + 4, "-12-31") == 0 && date_year(to) == y)
		snprintf(out, len, "今年");
	else
		snprintf(out, len, "%d年%d月%d日至%d年%d月%d日", y, (from[5] - '0') * 10 + from[6] - '0',
			 (from[8] - '0') * 10 + from[9] - '0', date_year(to), (to[5] - '0') * 10 + to[6] - '0',
			 (to[8] - '0') * 10 + to[9] - '0');
}

static const char *category_zh(const char *key)
{
	static const char *const map[][2] = {
		{"sister_city_government", "友城政府团"}, {"sister_city_students", "友城学生团"}, {"business", "商务团"},
		{"education", "教育团"}, {"international_org", "国际组织"}, {"embassy", "驻华使馆"}, {"consulate", "领事团"},
		{"honorary_citizen", "荣誉市民团"}, {"overseas_chinese", "海外华人华侨团"}, {"other", "其他"},
		{"economic", "经济类"}, {"labour", "劳务类"}, {"death_injury", "意外伤亡类"}, {"public_order", "治安类"},
		{"consular", "领事协助类"},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], key) == 0)
			return map[i][1];
	return key;
}

static const char *exchange_zh(const char *key)
{
	static const char *const map[][2] = {{"government", "政府交流"}, {"student", "学生交流"}, {"education", "教育交流"},
					     {"business", "经贸交流"},   {"culture", "文化交流"}, {"sports", "体育交流"}};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], key) == 0)
			return map[i][1];
	return key;
}

/* "、"-joined "name N批" parts of a {key: {batches, persons}} object; false when empty. */
static bool join_categories(struct buf *b, json_t *by, const char *unit, const char *(*label)(const char *))
{
	const char *key;
	json_t *v;
	bool first = true;

	json_object_foreach(by, key, v) {
		say(b, "%s%s%lld%s", first ? "" : "、", label(key), (long long)json_integer_value(json_object_get(v, "batches")), unit);
		first = false;
	}
	return !first;
}

static void sentence_trips(struct buf *b, json_t *s, const char *name)
{
	json_t *d = json_object_get(s, "delegations"), *l = json_object_get(s, "letters");
	bool any = false;

	if (num(d, "batches", NULL) == 0 && num(l, "introduction", "batches") == 0 && num(l, "invitation", "batches") == 0 &&
	    num(l, "visa_service", "batches") == 0)
		return;
	say(b, "%s,我市", name);
	if (num(d, "batches", NULL)) {
		say(b, "共办理因公出国(境)团组%lld批%lld人次", (long long)num(d, "batches", NULL), (long long)num(d, "persons", NULL));
		any = true;
	}
	if (num(l, "introduction", "batches")) {
		say(b, "%s办理介绍信%lld批%lld人次", any ? "," : "", (long long)num(l, "introduction", "batches"),
			       (long long)num(l, "introduction", "persons"));
		any = true;
	}
	if (num(l, "invitation", "batches")) {
		say(b, "%s邀请外国人函电%lld批%lld人次", any ? "," : "", (long long)num(l, "invitation", "batches"),
			       (long long)num(l, "invitation", "persons"));
		any = true;
	}
	if (num(l, "visa_service", "batches"))
		say(b, "%s因私签证%lld批%lld人次", any ? ";" : "", (long long)num(l, "visa_service", "batches"),
			       (long long)num(l, "visa_service", "persons"));
	say(b, "%s", "。");
}

static int64_t magnitude(int64_t now, int64_t before)
{
	return now <= before ? before - now : now - before;
}

static void sentence_zero_growth(struct buf *b, json_t *s, json_t *last)
{
	json_t *d = json_object_get(s, "delegations"), *l = json_object_get(last, "delegations");
	int64_t nb = num(d, "batches", NULL), lb = num(l, "batches", NULL), np = num(d, "persons", NULL), lp = num(l, "persons", NULL);
	double nbud = json_number_value(json_object_get(d, "budget_cny")), lbud = json_number_value(json_object_get(l, "budget_cny"));

	if (nb == 0 && lb == 0)
		return;
	if (nb == lb && np == lp)
		say(b, "%s", "团组批次、人次与去年同期持平");
	else {
		/* 「比去年同期减少7批28人次」; a dimension that did not move is said to be level */
		if (nb != lb && np != lp && (nb < lb) == (np < lp))
			say(b, "比去年同期%s%lld批%lld人次", nb < lb ? "减少" : "增加", (long long)magnitude(nb, lb),
			    (long long)magnitude(np, lp));
		else {
			say(b, "%s", "比去年同期");
			if (nb == lb)
				say(b, "%s", "批次持平");
			else
				say(b, "%s%lld批", nb < lb ? "减少" : "增加", (long long)magnitude(nb, lb));
			if (np == lp)
				say(b, "%s", "、人次持平");
			else
				say(b, "、%s%lld人次", np < lp ? "减少" : "增加", (long long)magnitude(np, lp));
		}
	}
	if (nbud != lbud)
		say(b, ",经费%s%.2f万元", nbud < lbud ? "减少" : "增加", (nbud < lbud ? lbud - nbud : nbud - lbud) / 10000.0);
	say(b, "%s", json_is_true(json_object_get(d, "zero_growth")) ? ",实现了零增长。" : ",未实现零增长。");
}

static void sentence_receptions(struct buf *b, json_t *s)
{
	json_t *r = json_object_get(s, "receptions"), *f = json_object_get(r, "foreign"), *dm = json_object_get(r, "domestic");

	if (!num(f, "batches", NULL) && !num(dm, "batches", NULL))
		return;
	say(b, "%s", "接待");
	if (num(f, "batches", NULL))
		say(b, "外宾%lld批%lld人次", (long long)num(f, "batches", NULL), (long long)num(f, "persons", NULL));
	if (num(dm, "batches", NULL))
		say(b, "%s内宾%lld批%lld人", num(f, "batches", NULL) ? "、" : "", (long long)num(dm, "batches", NULL),
			       (long long)num(dm, "persons", NULL));
	if (num(f, "batches", NULL)) {
		say(b, "%s", ",外宾中");
		join_categories(b, json_object_get(f, "by_category"), "批", category_zh);
	}
	say(b, "%s", "。");
}

static void sentence_others(struct buf *b, json_t *s)
{
	json_t *a = json_object_get(s, "abtc"), *c = json_object_get(s, "sister_cities"), *k = json_object_get(s, "cases");
	json_t *i = json_object_get(s, "info_items"), *p = json_object_get(s, "passports"), *ad = json_object_get(i, "adopted");

	if (num(a, "submitted", NULL) || num(a, "holders", NULL) || num(a, "in_progress", NULL))
		say(b, "办理APEC商务旅行卡申请%lld张,现有有效持卡人%lld人,正在办理%lld张。", (long long)num(a, "submitted", NULL),
			       (long long)num(a, "holders", NULL), (long long)num(a, "in_progress", NULL));
	if (num(c, "total", NULL)) {
		say(b, "我市现有国际友好城市%lld个(友好城市%lld个、友好交流城市%lld个)", (long long)num(c, "total", NULL),
			       (long long)num(c, "by_relation", "sister"), (long long)num(c, "by_relation", "friendly_exchange"));
		if (num(c, "new", NULL))
			say(b, ",新结好%lld个", (long long)num(c, "new", NULL));
		if (json_object_size(json_object_get(c, "exchanges"))) {
			say(b, "%s", ";开展");
			join_categories(b, json_object_get(c, "exchanges"), "次", exchange_zh);
		}
		say(b, "%s", "。");
	}
	if (num(k, "received", NULL) || num(k, "closed", NULL))
		say(b, "受理涉外案(事)件%lld起,办结%lld起。", (long long)num(k, "received", NULL), (long long)num(k, "closed", NULL));
	if (num(i, "sent", NULL)) {
		say(b, "共编发上报各类信息%lld条", (long long)num(i, "sent", NULL));
		if (num(ad, "province", NULL))
			say(b, ",被省外办录用%lld条", (long long)num(ad, "province", NULL));
		if (num(ad, "prefecture", NULL))
			say(b, ",被上级市外办录用%lld条", (long long)num(ad, "prefecture", NULL));
		if (num(ad, "national", NULL))
			say(b, ",被国家级刊物录用%lld条", (long long)num(ad, "national", NULL));
		say(b, "%s", "。");
	}
	if (num(p, "due", NULL))
		say(b, "应缴回因公护照%lld本,按时缴回%lld本,证照收缴率为%.0f%%。", (long long)num(p, "due", NULL),
			       (long long)num(p, "returned_on_time", NULL), json_number_value(json_object_get(p, "collection_rate")));
}

static char *prose(json_t *now, json_t *last, const char *from, const char *to)
{
	struct buf b;
	char name[96];

	buf_init(&b, 65536);
	period_name(from, to, name, sizeof(name));
	sentence_trips(&b, now, name);
	sentence_zero_growth(&b, now, last);
	sentence_receptions(&b, now);
	sentence_others(&b, now);
	return buf_detach(&b, NULL);
}

/* ---- the summary ---- */

/* Section by section: this period's figures with last year's beside them. */
static json_t *merge(json_t *now, json_t *last)
{
	const char *key;
	json_t *section, *out = json_object();

	json_object_foreach(now, key, section) {
		json_t *copy = json_deep_copy(section);
		json_object_set(copy, "last_year", json_object_get(last, key));
		json_object_set_new(out, key, copy);
	}
	return out;
}

int report_summary_build(struct db *db, const char *from, const char *to, json_t **out)
{
	struct period now = {from, to}, before;
	char last_from[DATE_LEN], last_to[DATE_LEN];
	json_t *a = NULL, *b = NULL, *d;
	char *text;
	int rc;

	date_add_months(from, -12, last_from);
	date_add_months(to, -12, last_to);
	before.from = last_from;
	before.to = last_to;
	*out = NULL;
	rc = period_figures(db, &now, &a);
	if (rc == DB_OK)
		rc = period_figures(db, &before, &b);
	if (rc != DB_OK) {
		json_decref(a);
		json_decref(b);
		return rc;
	}
	d = json_object_get(a, "delegations");
	json_object_set_new(d, "zero_growth",
			    json_boolean(num(d, "batches", NULL) <= num(json_object_get(b, "delegations"), "batches", NULL) &&
					 num(d, "persons", NULL) <= num(json_object_get(b, "delegations"), "persons", NULL) &&
					 json_number_value(json_object_get(d, "budget_cny")) <=
						 json_number_value(json_object_get(json_object_get(b, "delegations"), "budget_cny"))));
	text = prose(a, b, from, to);
	*out = merge(a, b);
	json_object_set_new(*out, "period", json_pack("{s:s, s:s}", "from", from, "to", to));
	json_object_set_new(*out, "last_period", json_pack("{s:s, s:s}", "from", last_from, "to", last_to));
	json_object_set_new(*out, "text", json_string(text ? text : ""));
	free(text);
	json_decref(a);
	json_decref(b);
	return DB_OK;
}

int report_summary_get(struct request *req, struct response *res)
{
	const char *from = NULL, *to = NULL, *format = http_query(req, "format");
	json_t *out = NULL;
	int rc = list_query_date(req, res, "from", &from);

	if (!rc)
		rc = list_query_date(req, res, "to", &to);
	if (!rc && !from)
		rc = validate_fail(req, res, "from", "'from' is required", "缺少开始日期 from");
	if (!rc && !to)
		rc = validate_fail(req, res, "to", "'to' is required", "缺少结束日期 to");
	if (!rc && strcmp(from, to) > 0)
		rc = validate_fail(req, res, "to", "'to' comes before 'from'", "结束日期早于开始日期");
	if (!rc && format && !report_format_known(format))
		rc = validate_fail(req, res, "format", "format is json, xlsx, docx or pdf", "格式须为 json、xlsx、docx 或 pdf");
	if (rc)
		return rc;
	rc = report_summary_build(req->db, from, to, &out);
	if (rc != DB_OK)
		return http_error_db(req, res, rc);
	if (!format || strcmp(format, "json") == 0)
		return http_json(res, 200, out);
	rc = report_file_answer(req, res, out, format);
	json_decref(out);
	return rc;
}
