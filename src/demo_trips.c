/*
 * demo_trips.c - a year of realistic official trips for the demo data set:
 * travellers with passports, plans for this year and last, trips in every
 * state of the lifecycle with their review sessions and votes, passports
 * issued and handed back, and letters. Dates are relative to the day the
 * demo is made, so the demo always shows a current year.
 *
 * A trip approved in the past (approved, departed, returned, closed) is
 * written by the trip module's historical record (trip_record.h); a trip
 * still in review starts as a draft and is moved by trip_act as the API
 * moves it (demo_trips_advance, after the commit). What stays written here:
 * the drafts themselves, the review sessions and votes, the passports'
 * events, and the rejection, which only the review tally's handler decides.
 */
#include "cli.h"

#include "dates.h"
#include "delegation.h"
#include "http.h"
#include "trip.h"
#include "trip_record.h"
#include "policy.h"
#include "review.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

struct demo_person {
	const char *name, *gender, *position, *rank;
	int unit, cadre;
};

static const struct demo_person people[] = {
	{"张卫东", "male", "市商务局局长", "bureau", 2, 1},        /* 0 */
	{"李晓梅", "female", "市商务局外经科科长", "section", 2, 1}, /* 1 */
	{"王建华", "male", "市商务局副局长", "division", 2, 1},    /* 2 */
	{"赵敏", "female", "市商务局科员", "staff", 2, 1},         /* 3 */
	{"陈志刚", "male", "市教育局副局长", "division", 3, 1},    /* 4 */
	{"刘芳", "female", "市第一中学校长", "section", 8, 1},     /* 5 */
	{"黄丽娟", "female", "市第三中学教师", "none", 9, 0},      /* 6 */
	{"周海涛", "male", "市教育局国际交流科科长", "section", 3, 1}, /* 7 */
	{"吴国强", "male", "武鸣县副县长", "division", 5, 1},      /* 8 */
	{"郑晓燕", "female", "武鸣县商务局局长", "section", 6, 1}, /* 9 */
	{"孙立新", "male", "武鸣县招商促进局干部", "staff", 5, 1}, /* 10 */
	{"马骏", "male", "市文化广电和旅游局副局长", "division", 4, 1}, /* 11 */
	{"何静", "female", "市文化广电和旅游局科员", "staff", 4, 1}, /* 12 */
	{"林海峰", "male", "东盟国际贸易有限公司总经理", "none", 10, 0}, /* 13 */
	{"许佳", "female", "东盟国际贸易有限公司业务经理", "none", 10, 0}, /* 14 */
	{"高明", "male", "青秀区副区长", "division", 7, 1},        /* 15 */
	{"罗燕", "female", "青秀区商务局科长", "section", 7, 1},   /* 16 */
	{"谢文博", "male", "市商务局科员", "staff", 2, 1},         /* 17 */
	{"韦丽华", "female", "武鸣县第一中学副校长", "section", 11, 1}, /* 18 */
	{"蒙志强", "male", "武鸣县第一中学教师", "none", 11, 0},   /* 19 */
};

#define NPEOPLE (sizeof(people) / sizeof(people[0]))

struct demo_trip {
	int unit;
	const char *title, *task, *category, *inviter;
	const char *countries[3], *cities[3];
	int stop_days[3];
	int members[4]; /* person indexes + 1; first is the leader; 0 ends */
	int budget_yuan;
	const char *state;
	int depart_offset; /* days from today; for last year's trips, days from its 1 January */
};

static const struct demo_trip trips[] = {
	{2, "市商务局赴新加坡、马来西亚经贸考察团", "考察东盟自贸区建设经验,推介我市投资环境", "investment",
	 "新加坡中华总商会", {"SG", "MY"}, {"新加坡", "吉隆坡"}, {3, 4}, {1, 2, 0}, 68000, "closed", -300},
	{3, "市教育局赴英国职业教育培训团", "学习英国现代学徒制与职业教育管理", "training", "英国文化教育协会",
	 {"GB"}, {"伦敦"}, {5}, {5, 8, 0}, 96000, "closed", -250},
	{5, "武鸣县赴泰国农业合作考察团", "洽谈热带水果种植加工合作", "inspection", "泰国农业与合作社部",
	 {"TH"}, {"曼谷"}, {5}, {9, 10, 0}, 42000, "closed", -200},
	{4, "市文旅局赴日本文化旅游推介团", "参加东京国际旅游展并推介我市旅游资源", "conference", "日本旅行业协会",
	 {"JP"}, {"东京"}, {5}, {12, 13, 0}, 75000, "closed", -160},
	{8, "市第一中学赴澳大利亚友好学校交流团", "回访友好学校,商谈学生互访计划", "student", "布里斯班州立中学",
	 {"AU"}, {"布里斯班"}, {5}, {6, 7, 0}, 58000, "closed", -120},
	{2, "市商务局赴越南经贸洽谈团", "出席中越边境贸易洽谈会", "business", "越南工贸部",
	 {"VN"}, {"河内"}, {4}, {3, 18, 0}, 21000, "returned", -45},
	{7, "青秀区赴韩国友好城市交流团", "出席友城缔结十周年活动", "sister_city", "韩国光州广域市",
	 {"KR"}, {"光州"}, {4}, {16, 17, 0}, 36000, "departed", -2},
	{3, "市教育局赴新西兰教育合作考察团", "考察基础教育国际化办学", "inspection", "新西兰教育部",
	 {"NZ"}, {"奥克兰"}, {5}, {8, 0}, 52000, "approved", 4},
	{5, "武鸣县赴老挝招商推介团", "推介武鸣工业园区,洽谈产能合作", "investment", "老挝计划投资部",
	 {"LA"}, {"万象"}, {4}, {11, 0}, 18000, "preliminary_approved", 35},
	{2, "市商务局赴德国、法国经贸考察团", "考察德法中小企业园区,对接招商项目", "investment", "德国中国商会",
	 {"DE", "FR"}, {"法兰克福", "巴黎"}, {4, 4}, {3, 4, 0}, 120000, "submitted", 55},
	{4, "市文旅局赴柬埔寨文化交流团", "举办我市非遗文化展演", "other", "柬埔寨文化艺术部",
	 {"KH"}, {"金边"}, {4}, {13, 0}, 26000, "draft", 80},
	{10, "东盟国际贸易有限公司赴印尼商务团", "参加雅加达国际博览会", "business", "印尼工商会馆",
	 {"ID"}, {"雅加达"}, {5}, {14, 15, 0}, 40000, "rejected", 50},
	{3, "市教育局赴美国教育考察团", "考察STEM教育", "inspection", "美国国际教育协会",
	 {"US"}, {"洛杉矶"}, {5}, {5, 0}, 88000, "cancelled", 70},
};

#define NTRIPS (sizeof(trips) / sizeof(trips[0]))

/* Trips of last year (all closed), so this year has last year beside it. */
static const struct demo_trip last_year[] = {
	{2, "市商务局赴泰国经贸考察团", "考察泰国东部经济走廊", "investment", "泰国投资促进委员会",
	 {"TH"}, {"曼谷"}, {5}, {1, 2, 4, 0}, 90000, "closed", 60},
	{3, "市教育局赴日本教育交流团", "考察日本中小学课程改革", "inspection", "日本文部科学省",
	 {"JP"}, {"大阪"}, {5}, {5, 6, 0}, 70000, "closed", 110},
	{5, "武鸣县赴越南边贸考察团", "考察边境经济合作区建设", "inspection", "越南谅山省人民委员会",
	 {"VN"}, {"谅山"}, {3}, {9, 10, 11, 0}, 15000, "closed", 150},
	{7, "青秀区赴韩国友城交流团", "友城政府间交流", "sister_city", "韩国光州广域市",
	 {"KR"}, {"光州"}, {4}, {16, 17, 0}, 32000, "closed", 200},
	{4, "市文旅局赴新加坡旅游推介团", "出席新加坡国际旅游展", "conference", "新加坡旅游局",
	 {"SG"}, {"新加坡"}, {4}, {12, 13, 0}, 45000, "closed", 260},
	{2, "市商务局赴印尼、菲律宾招商团", "推介中国—东盟博览会", "investment", "印尼投资协调委员会",
	 {"ID", "PH"}, {"雅加达", "马尼拉"}, {4, 3}, {3, 18, 2, 0}, 98000, "closed", 290},
	{3, "市教育局赴新加坡校长培训团", "参加新加坡教育部校长领导力培训", "training", "新加坡南洋理工大学",
	 {"SG"}, {"新加坡"}, {5}, {8, 6, 0}, 56000, "closed", 310},
	{10, "东盟国际贸易有限公司赴马来西亚商务团", "参加马来西亚国际清真展", "business", "马来西亚对外贸易发展局",
	 {"MY"}, {"吉隆坡"}, {4}, {14, 15, 0}, 30000, "closed", 320},
	{5, "武鸣县赴柬埔寨农业考察团", "考察柬埔寨水稻种植合作项目", "inspection", "柬埔寨农林渔业部",
	 {"KH"}, {"金边"}, {4}, {9, 11, 0}, 28000, "closed", 335},
};

#define NLAST (sizeof(last_year) / sizeof(last_year[0]))

struct demo_ctx {
	struct db *db;
	struct policy policy;
	char today[DATE_LEN];
	int64_t person_ids[NPEOPLE];
	int64_t passport_ids[NPEOPLE];
	int64_t unit_ids[16];
};

static int add_people(struct demo_ctx *c)
{
	char number[16], now[32];
	size_t i;
	int rc = DB_OK;

	util_now_rfc3339(now, sizeof(now));
	for (i = 0; i < NPEOPLE && rc == DB_OK; i++) {
		const struct demo_person *p = &people[i];

		rc = db_query_int(c->db, &c->person_ids[i],
				  "INSERT INTO persons (name, gender, unit_id, position, rank, is_cadre, created_at, updated_at)"
				  " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				  "ttittitt", p->name, p->gender, c->unit_ids[p->unit], p->position, p->rank, (int64_t)p->cadre,
				  now, now);
		snprintf(number, sizeof(number), "%c%08d", p->cadre ? 'S' : 'P', 10452300 + (int)i * 17);
		if (rc == DB_OK)
			rc = db_query_int(c->db, &c->passport_ids[i],
					  "INSERT INTO passports (number, kind, person_id, issue_date, expiry_date, status,"
					  " created_at, updated_at) VALUES (?, ?, ?, '2021-03-01', '2031-02-28', 'in_custody', ?, ?)"
					  " RETURNING id",
					  "ttitt", number, p->cadre ? "service" : "official_ordinary", c->person_ids[i], now, now);
	}
	return rc;
}

static int add_plans(struct demo_ctx *c, int year)
{
	static const struct {
		int unit, batches, persons, budget_yuan;
	} plans[] = {{2, 4, 10, 300000}, {3, 4, 8, 320000}, {4, 2, 5, 150000}, {5, 3, 8, 120000},
		     {7, 2, 4, 80000},   {8, 1, 3, 70000},   {10, 2, 4, 90000}};
	char now[32];
	size_t i;
	int rc = DB_OK;

	util_now_rfc3339(now, sizeof(now));
	for (i = 0; i < sizeof(plans) / sizeof(plans[0]) && rc == DB_OK; i++)
		rc = db_execf(c->db,
			      "INSERT INTO plans (year, unit_id, batches, persons, budget_fen, created_at, updated_at)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?)",
			      "iiiiitt", (int64_t)year, c->unit_ids[plans[i].unit], (int64_t)plans[i].batches,
			      (int64_t)plans[i].persons, (int64_t)plans[i].budget_yuan * 100, now, now);
	return rc;
}

/* The title the office gives its next session of the year of `date`: 「2026年第3次因公出国(境)会审」. */
static int session_title(struct db *db, const char *date, char *title, size_t len)
{
	char jan1[DATE_LEN], next_jan1[DATE_LEN];
	int64_t held = 0;
	int rc;

	date_from_days(date_year_start(date_year(date)), jan1);
	date_from_days(date_year_start(date_year(date) + 1), next_jan1);
	rc = db_query_int(db, &held, "SELECT COUNT(*) FROM review_sessions WHERE meeting_date >= ? AND meeting_date < ?", "tt",
			  jan1, next_jan1);
	snprintf(title, len, "%d年第%lld次因公出国(境)会审", date_year(date), (long long)held + 1);
	return rc;
}

/*
 * A past trip's review on `date`, as the office held it: a closed session
 * whose three reviewers voted for the trip (the historical record has no
 * live review to go through).
 */
static int add_past_review(struct demo_ctx *c, int64_t trip_id, const char *date)
{
	static const char *const reviewers[] = {"reviewer1", "reviewer2", "reviewer3"};
	char title[64], now[32];
	int64_t sid = 0, rid = 0;
	size_t i;
	int rc = session_title(c->db, date, title, sizeof(title));

	util_now_rfc3339(now, sizeof(now));
	if (rc == DB_OK)
		rc = db_query_int(c->db, &sid,
				  "INSERT INTO review_sessions (meeting_date, title, status, closed_at, created_at, updated_at)"
				  " VALUES (?, ?, 'closed', ?, ?, ?) RETURNING id",
				  "ttttt", date, title, now, now, now);
	if (rc == DB_OK)
		rc = db_execf(c->db, "INSERT INTO review_items (session_id, delegation_id, outcome, votes_for, votes_against,"
				     " votes_abstain, panel_size) VALUES (?, ?, 'approved', 3, 0, 0, 3)",
			      "ii", sid, trip_id);
	for (i = 0; i < 3 && rc == DB_OK; i++) {
		rc = db_query_int(c->db, &rid, "SELECT id FROM users WHERE username = ?", "t", reviewers[i]);
		if (rc == DB_OK)
			rc = db_execf(c->db,
				      "INSERT INTO review_votes (session_id, delegation_id, reviewer_id, cast_by, decision,"
				      " created_at, updated_at) VALUES (?, ?, ?, ?, 'for', ?, ?)",
				      "iiiitt", sid, trip_id, rid, rid, now, now);
	}
	return rc;
}

/* Passports out and back for a trip that has travelled. */
static int add_passport_events(struct demo_ctx *c, const struct demo_trip *t, int64_t trip_id, const char *issued,
			       const char *returned)
{
	char now[32];
	int i, rc = DB_OK;

	util_now_rfc3339(now, sizeof(now));
	for (i = 0; i < 4 && t->members[i] && rc == DB_OK; i++) {
		int64_t pid = c->passport_ids[t->members[i] - 1];

		rc = db_execf(c->db, "INSERT INTO passport_events (passport_id, kind, delegation_id, on_date, created_at)"
				     " VALUES (?, 'issued', ?, ?, ?)",
			      "iitt", pid, trip_id, issued, now);
		if (rc == DB_OK && returned)
			rc = db_execf(c->db, "INSERT INTO passport_events (passport_id, kind, delegation_id, on_date, on_time, created_at)"
					     " VALUES (?, 'returned', ?, ?, 1, ?)",
				      "iitt", pid, trip_id, returned, now);
		else if (rc == DB_OK)
			rc = db_execf(c->db, "UPDATE passports SET status = 'issued', delegation_id = ?, issued_on = ? WHERE id = ?",
				      "iti", trip_id, issued, pid);
	}
	return rc;
}

/* The trip as an applicant enters it: the API's body (unit, title, itinerary, members, budget). */
static json_t *trip_body_of(const struct demo_ctx *c, const struct demo_trip *t, const char *depart, const char *ret)
{
	json_t *f = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "unit_id", (json_int_t)c->unit_ids[t->unit],
			      "title", t->title, "task", t->task, "category", t->category, "inviter", t->inviter,
			      "depart_date", depart, "return_date", ret, "budget_cny", (json_int_t)t->budget_yuan,
			      "budget_source", "fiscal");
	json_t *dests = json_array(), *members = json_array();
	int64_t days = 0;
	int i;

	for (i = 0; i < 3 && t->countries[i]; i++) {
		days += t->stop_days[i];
		json_array_append_new(dests, json_pack("{s:s, s:s, s:i}", "country", t->countries[i], "city", t->cities[i],
						       "days", t->stop_days[i]));
	}
	for (i = 0; i < 4 && t->members[i]; i++)
		json_array_append_new(members, json_pack("{s:I, s:b}", "person_id", (json_int_t)c->person_ids[t->members[i] - 1],
							 "is_leader", i == 0));
	json_object_set_new(f, "destinations", dests);
	json_object_set_new(f, "members", members);
	json_object_set_new(f, "official_days", json_integer(days - 1));
	return f;
}

/*
 * A draft as an applicant enters it, through the trip module's create
 * (checked and numbered as the API's), with its publicity registered for
 * a trip that goes on (the states after it are reached by trip_act).
 */
static int insert_trip(struct demo_ctx *c, const struct demo_trip *t, const char *depart, const char *ret, int64_t *id)
{
	char publicity[DATE_LEN];
	struct op_error err;
	json_t *body = trip_body_of(c, t, depart, ret), *trip = NULL;
	int rc = DB_OK;

	if (trip_create_in(c->db, &cli_op_actor, body, &trip, &err) != 0) {
		fprintf(stderr, "waishi: demo trip %s: %s\n", t->title, err.en);
		rc = DB_ERR;
	}
	*id = json_integer_value(json_object_get(trip, "id"));
	json_decref(trip);
	json_decref(body);
	date_add_days(depart, -50, publicity);
	if (strcmp(publicity, c->today) > 0)
		date_add_days(c->today, -9, publicity);
	if (rc == DB_OK && strcmp(t->state, "draft") != 0)
		rc = db_execf(c->db, "UPDATE delegations SET publicity_start = ? WHERE id = ?", "ti", publicity, *id);
	return rc;
}

/* The days of a trip approved in the past, as the office would have had them. */
struct past_dates {
	char submitted[DATE_LEN], publicity[DATE_LEN], approved[DATE_LEN], briefing[DATE_LEN], report[DATE_LEN],
		back[DATE_LEN];
};

static void past_dates_of(const struct demo_ctx *c, const struct demo_trip *t, const char *depart, const char *ret,
			  struct past_dates *d)
{
	char jan1[DATE_LEN];

	date_add_days(depart, -45, d->submitted);
	date_add_days(depart, -50, d->publicity);
	date_add_days(depart, -20, d->approved);
	date_add_days(depart, -5, d->briefing);
	/* the trip still waiting to leave was approved this year (on 1 January when it leaves early in
	 * January), so the demo has this year's figures on any day; the briefing follows the approval */
	date_from_days(date_year_start(date_year(c->today)), jan1);
	if (strcmp(t->state, "approved") == 0 && strcmp(d->approved, jan1) < 0)
		snprintf(d->approved, sizeof(d->approved), "%s", jan1);
	if (strcmp(d->briefing, d->approved) < 0)
		snprintf(d->briefing, sizeof(d->briefing), "%s", d->approved);
	if (strcmp(d->submitted, d->approved) > 0)
		snprintf(d->submitted, sizeof(d->submitted), "%s", d->approved);
	if (strcmp(d->publicity, d->submitted) > 0)
		snprintf(d->publicity, sizeof(d->publicity), "%s", d->submitted);
	date_add_days(ret, 12, d->report);
	date_add_days(ret, 3, d->back);
}

/* The fields of the trip module's historical record for a trip approved in the past: the body and its history. */
static json_t *past_fields(const struct demo_ctx *c, const struct demo_trip *t, const char *depart, const char *ret,
			   const struct past_dates *d)
{
	json_t *f = trip_body_of(c, t, depart, ret);

	json_object_set_new(f, "status", json_string(t->state));
	json_object_set_new(f, "submitted_on", json_string(d->submitted));
	json_object_set_new(f, "publicity_start", json_string(d->publicity));
	json_object_set_new(f, "approved_on", json_string(d->approved));
	json_object_set_new(f, "briefing_date", json_string(d->briefing));
	json_object_set_new(f, "reminder_card", json_true());
	if (strcmp(t->state, "closed") == 0) {
		json_object_set_new(f, "report_date", json_string(d->report));
		json_object_set_new(f, "closed_on", json_string(d->report));
		json_object_set_new(f, "report_summary", json_string("圆满完成出访任务,达成合作意向,出访总结已在本单位公示。"));
	}
	return f;
}

static bool approved_in_the_past(const char *state)
{
	return strcmp(state, "approved") == 0 || strcmp(state, "departed") == 0 || strcmp(state, "returned") == 0 ||
	       strcmp(state, "closed") == 0;
}

/*
 * A trip approved in the past goes through the trip module's historical
 * record (checked, numbered and counted as any trip); its review session
 * and its passports out and back are written beside it.
 */
static int add_past_trip(struct demo_ctx *c, const struct demo_trip *t, const char *depart, const char *ret, int64_t *id)
{
	struct past_dates d;
	struct op_error err;
	json_t *fields;
	int rc;

	past_dates_of(c, t, depart, ret, &d);
	fields = past_fields(c, t, depart, ret, &d);
	if (!fields)
		return DB_ERR;
	if (trip_past_write(c->db, &cli_op_actor, fields, id, &err) != 0) {
		fprintf(stderr, "waishi: demo trip %s: %s (%s)\n", t->title, err.en, err.field ? err.field : "");
		json_decref(fields);
		return DB_ERR;
	}
	json_decref(fields);
	rc = add_past_review(c, *id, d.approved);
	if (rc == DB_OK && strcmp(t->state, "approved") != 0)
		rc = add_passport_events(c, t, *id, d.briefing, strcmp(t->state, "departed") != 0 ? d.back : NULL);
	return rc;
}

static int add_trip(struct demo_ctx *c, const struct demo_trip *t, bool of_last_year)
{
	char depart[DATE_LEN], ret[DATE_LEN], jan1[DATE_LEN];
	int64_t id = 0, days = 0;
	int i, rc;

	for (i = 0; i < 3 && t->countries[i]; i++)
		days += t->stop_days[i];
	date_from_days(date_year_start(date_year(c->today) - 1), jan1);
	date_add_days(of_last_year ? jan1 : c->today, t->depart_offset, depart);
	date_add_days(depart, days - 1, ret);
	if (!approved_in_the_past(t->state))
		return insert_trip(c, t, depart, ret, &id); /* audited by the trip's create */
	rc = add_past_trip(c, t, depart, ret, &id);
	if (rc == DB_OK) {
		json_t *after = delegation_detail(c->db, id, &rc);
		if (rc == DB_OK)
			rc = audit_write(c->db, &cli_actor, "demo_create", "delegation", id, NULL, after);
		json_decref(after);
	}
	return rc;
}

static int add_letters(struct demo_ctx *c)
{
	static const struct {
		const char *kind, *purpose, *persons;
		int unit, count, offset;
	} letters[] = {
		{"introduction", "赴省外办办理出国手续", "[{\"name\":\"陈志刚\"},{\"name\":\"周海涛\"}]", 3, 2, -40},
		{"introduction", "赴驻华使馆办理签证", "[{\"name\":\"吴国强\"}]", 5, 1, -20},
		{"invitation", "邀请德国客商来邕洽谈投资",
		 "[{\"name\":\"Hans Müller\",\"nationality\":\"DE\",\"passport_no\":\"C4F7K2M91\"}]", 2, 1, -30},
		{"invitation", "邀请越南专家来邕参加农业论坛",
		 "[{\"name\":\"Nguyen Van An\",\"nationality\":\"VN\",\"passport_no\":\"B1234567\"},{\"name\":\"Tran Thi Hoa\",\"nationality\":\"VN\",\"passport_no\":\"B7654321\"}]",
		 5, 2, -60},
		{"visa_service", "代办因私赴泰国旅游签证", "[{\"name\":\"林海峰\"},{\"name\":\"许佳\"}]", 10, 2, -10},
		{"introduction", "赴省外办办理出国手续", "[{\"name\":\"张卫东\"}]", 2, 1, -400},
		{"visa_service", "代办因私签证", "[{\"name\":\"何静\"}]", 4, 1, -380},
	};
	char date[DATE_LEN], now[32];
	size_t i;
	int rc = DB_OK;

	util_now_rfc3339(now, sizeof(now));
	for (i = 0; i < sizeof(letters) / sizeof(letters[0]) && rc == DB_OK; i++) {
		date_add_days(c->today, letters[i].offset, date);
		rc = db_execf(c->db,
			      "INSERT INTO letters (kind, letter_date, unit_id, purpose, persons_json, person_count, created_at, updated_at)"
			      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			      "ttittitt", letters[i].kind, date, c->unit_ids[letters[i].unit], letters[i].purpose,
			      letters[i].persons, (int64_t)letters[i].count, now, now);
	}
	return rc;
}

static void demo_ctx_init(struct demo_ctx *c, struct db *db, const int64_t *unit_ids, size_t nunits)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->db = db;
	date_today(c->today);
	for (i = 0; i < nunits && i + 1 < sizeof(c->unit_ids) / sizeof(c->unit_ids[0]); i++)
		c->unit_ids[i + 1] = unit_ids[i];
}

int demo_trips_fill(struct db *db, const int64_t *unit_ids, size_t nunits)
{
	struct demo_ctx c;
	size_t i;
	int rc;

	demo_ctx_init(&c, db, unit_ids, nunits);
	rc = policy_load(db, &c.policy);
	if (rc == DB_OK)
		rc = add_people(&c);
	if (rc == DB_OK)
		rc = add_plans(&c, date_year(c.today));
	if (rc == DB_OK)
		rc = add_plans(&c, date_year(c.today) - 1);
	for (i = 0; i < NLAST && rc == DB_OK; i++)
		rc = add_trip(&c, &last_year[i], true);
	for (i = 0; i < NTRIPS && rc == DB_OK; i++)
		rc = add_trip(&c, &trips[i], false);
	if (rc == DB_OK)
		rc = add_letters(&c);
	return rc;
}

/* ---- trips moved by trip_act ---- */

/* One step of an acted trip: the action, who takes it (a demo username), its body. */
struct demo_step {
	enum trip_action action;
	const char *username;
	const char *body; /* JSON or NULL */
};

static const struct demo_trip acted[] = {
	{2, "市商务局赴中国香港经贸推介团", "出席香港投资推介会,对接港资企业", "investment", "香港中华总商会",
	 {"HK"}, {"香港"}, {3}, {18, 2, 0}, 24000, "preliminary_approved", 40},
	{11, "武鸣县第一中学赴泰国友好学校交流团", "回访友好学校,商谈师生互访", "student", "泰国清迈府立中学",
	 {"TH"}, {"清迈"}, {5}, {19, 20, 0}, 30000, "county_reviewed", 60},
	{6, "武鸣县商务局赴马来西亚招商团", "推介武鸣县农产品加工园区", "investment", "马来西亚中华总商会",
	 {"MY"}, {"吉隆坡"}, {4}, {10, 0}, 22000, "submitted", 65},
};

static const struct demo_step hk_steps[] = {
	{TRIP_SUBMIT, "shangwu", NULL},
	{TRIP_PRELIMINARY, "officer", "{\"decision\":\"approve\",\"comment\":\"赴港手续齐全,同意提交会审\"}"},
};
static const struct demo_step county_steps[] = {
	{TRIP_SUBMIT, "county", NULL},
	{TRIP_COUNTY_REVIEW, "county", "{\"decision\":\"approve\",\"comment\":\"县外办初审同意,报市外办\"}"},
};
static const struct demo_step submit_steps[] = {{TRIP_SUBMIT, "county", NULL}};

/* The actor of a demo user; the strings are the caller's (username is static). */
static int demo_actor(struct db *db, const char *username, struct actor *a)
{
	struct db_stmt *st = NULL;
	int rc = db_prepare(db, "SELECT id, role, COALESCE(unit_id, 0) FROM users WHERE username = ?", &st);

	if (rc == DB_OK)
		rc = db_bind_text(st, 1, username);
	if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		a->id = db_column_int64(st, 0);
		a->role = role_from_name(db_column_text(st, 1));
		a->unit_id = db_column_int64(st, 2);
		a->username = username;
		a->client_ip = "";
		rc = DB_OK;
	} else if (rc == DB_DONE) {
		rc = DB_ERR;
	}
	db_finalize(st);
	return rc;
}

/* The demo travellers' ids, looked up by name (they were committed with the rest). */
static int load_people(struct demo_ctx *c)
{
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < NPEOPLE && rc == DB_OK; i++)
		rc = db_query_int(c->db, &c->person_ids[i], "SELECT id FROM persons WHERE name = ?", "t", people[i].name);
	return rc;
}

/* Take each step on trip `id` through trip_act, as the API would, each its own transaction. */
static int take_steps(struct demo_ctx *c, const struct demo_trip *t, int64_t id, const struct demo_step *steps, size_t nsteps)
{
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < nsteps && rc == DB_OK; i++) {
		struct actor who;
		struct op_error err;
		json_t *body = steps[i].body ? json_loads(steps[i].body, 0, NULL) : NULL, *trip = NULL;

		rc = demo_actor(c->db, steps[i].username, &who);
		if (rc == DB_OK && trip_act(c->db, &who, id, steps[i].action, body, 0, &trip, &err) != 0) {
			fprintf(stderr, "waishi: demo %s of %s: %s\n", trip_action_name(steps[i].action), t->title, err.en);
			rc = DB_ERR;
		}
		json_decref(trip);
		json_decref(body);
	}
	return rc;
}

/* Insert the draft (its own transaction), then take each step through trip_act. */
static int act_trip(struct demo_ctx *c, const struct demo_trip *t, const struct demo_step *steps, size_t nsteps)
{
	char depart[DATE_LEN], ret[DATE_LEN];
	int64_t id = 0;
	int rc;

	date_add_days(c->today, t->depart_offset, depart);
	date_add_days(depart, t->stop_days[0] - 1, ret);
	rc = db_begin(c->db);
	if (rc == DB_OK)
		rc = insert_trip(c, t, depart, ret, &id);
	if (rc == DB_OK)
		rc = db_commit(c->db);
	if (rc != DB_OK) {
		db_rollback(c->db);
		return rc;
	}
	return take_steps(c, t, id, steps, nsteps);
}

/* ---- this year's trips in review, moved from draft by trip_act ---- */

static const struct demo_step unit_submit_steps[] = {{TRIP_SUBMIT, "shangwu", NULL}};
static const struct demo_step county_preliminary_steps[] = {
	{TRIP_SUBMIT, "county", NULL},
	{TRIP_COUNTY_REVIEW, "county", "{\"decision\":\"approve\",\"comment\":\"县外办初审同意,报市外办\"}"},
	{TRIP_PRELIMINARY, "officer", "{\"decision\":\"approve\",\"comment\":\"材料齐全,同意提交会审\"}"},
};
static const struct demo_step office_preliminary_steps[] = {
	{TRIP_SUBMIT, "officer", NULL},
	{TRIP_PRELIMINARY, "officer", "{\"decision\":\"approve\",\"comment\":\"材料齐全,同意提交会审\"}"},
};
static const struct demo_step cancel_steps[] = {
	{TRIP_SUBMIT, "jiaoyu", NULL},
	{TRIP_CANCEL, "jiaoyu", "{\"reason\":\"邀请方活动延期\"}"},
};

/* Reviewer `n` (1..3) casts `decision` on the trip. */
static int demo_vote(struct demo_ctx *c, int64_t session, int64_t trip, int n, const char *decision)
{
	static const char *const reviewers[] = {"reviewer1", "reviewer2", "reviewer3"};
	struct actor who;
	struct op_error err;
	int rc = demo_actor(c->db, reviewers[n - 1], &who);

	if (rc == DB_OK && review_cast_vote(c->db, &who, session, trip, decision, 0, &err) != 0) {
		fprintf(stderr, "waishi: demo vote: %s\n", err.en);
		rc = DB_ERR;
	}
	return rc;
}

/*
 * The joint review of a trip that reached it, through the review's
 * operations as the API takes them: an open session with two votes for
 * it, or a session six days ago that voted it down (one for, two against)
 * and was closed, which rejects the trip.
 */
static int review_trip(struct demo_ctx *c, int64_t id, bool rejected)
{
	char date[DATE_LEN], title[64];
	struct actor officer;
	struct op_error err = {0, "", NULL, "", "", ""};
	json_t *agenda = json_pack("[I]", (json_int_t)id);
	int64_t session = 0;
	int rc = demo_actor(c->db, "officer", &officer);

	if (rejected)
		date_add_days(c->today, -6, date);
	else
		snprintf(date, sizeof(date), "%s", c->today);
	if (rc == DB_OK)
		rc = session_title(c->db, date, title, sizeof(title));
	if (rc == DB_OK && review_open_session(c->db, &officer, date, title, agenda, &session, &err) != 0)
		rc = DB_ERR;
	json_decref(agenda);
	if (rc == DB_OK)
		rc = demo_vote(c, session, id, 1, "for");
	if (rc == DB_OK)
		rc = demo_vote(c, session, id, 2, rejected ? "against" : "for");
	if (rc == DB_OK && rejected)
		rc = demo_vote(c, session, id, 3, "against");
	if (rc == DB_OK && rejected && review_close_session(c->db, &officer, session, 0, &err) != 0)
		rc = DB_ERR;
	if (rc != DB_OK)
		fprintf(stderr, "waishi: demo review of trip %lld: %s\n", (long long)id, err.en);
	return rc;
}

int demo_trips_advance(struct db *db, const int64_t *unit_ids, size_t nunits)
{
	struct demo_ctx c;
	int64_t open_review[NTRIPS];
	size_t i, nopen = 0;
	int rc;

	demo_ctx_init(&c, db, unit_ids, nunits);
	rc = load_people(&c);
	for (i = 0; i < NTRIPS && rc == DB_OK; i++) {
		const struct demo_trip *t = &trips[i];
		const char *state = t->state;
		int64_t id = 0;

		if (strcmp(state, "draft") == 0 || approved_in_the_past(state))
			continue;
		rc = db_query_int(db, &id, "SELECT id FROM delegations WHERE title = ?", "t", t->title);
		if (rc != DB_OK)
			break;
		if (strcmp(state, "submitted") == 0)
			rc = take_steps(&c, t, id, unit_submit_steps, sizeof(unit_submit_steps) / sizeof(unit_submit_steps[0]));
		else if (strcmp(state, "preliminary_approved") == 0)
			rc = take_steps(&c, t, id, county_preliminary_steps,
					sizeof(county_preliminary_steps) / sizeof(county_preliminary_steps[0]));
		else if (strcmp(state, "rejected") == 0)
			rc = take_steps(&c, t, id, office_preliminary_steps,
					sizeof(office_preliminary_steps) / sizeof(office_preliminary_steps[0]));
		else if (strcmp(state, "cancelled") == 0)
			rc = take_steps(&c, t, id, cancel_steps, sizeof(cancel_steps) / sizeof(cancel_steps[0]));
		if (rc == DB_OK && strcmp(state, "rejected") == 0)
			rc = review_trip(&c, id, true);
		else if (rc == DB_OK && strcmp(state, "preliminary_approved") == 0)
			open_review[nopen++] = id;
	}
	/* today's open session after the past week's closed one, so the year's sessions are numbered in date order */
	for (i = 0; i < nopen && rc == DB_OK; i++)
		rc = review_trip(&c, open_review[i], false);
	return rc;
}

int demo_trips_act(struct db *db, const int64_t *unit_ids, size_t nunits)
{
	struct demo_ctx c;
	int rc;

	demo_ctx_init(&c, db, unit_ids, nunits);
	rc = load_people(&c);
	if (rc == DB_OK)
		rc = act_trip(&c, &acted[0], hk_steps, sizeof(hk_steps) / sizeof(hk_steps[0]));
	if (rc == DB_OK)
		rc = act_trip(&c, &acted[1], county_steps, sizeof(county_steps) / sizeof(county_steps[0]));
	if (rc == DB_OK)
		rc = act_trip(&c, &acted[2], submit_steps, 1);
	return rc;
}
