/*
 * demo_registers.c - the demo's other registers: sister cities in several
 * world regions with their exchanges and school pairings, receptions of
 * foreign and domestic groups, APEC cards in every state, cases of each
 * category, information items adopted by several bodies, contacts with
 * greeting days. Dates are relative to the day the demo is made.
 */
#include "cli.h"

#include "dates.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct demo_row {
	const char *json; /* the record, with "@D+N" / "@D-N" standing for today plus or minus N days */
};

/* Replace every "@D±N" string value with the date N days from today. */
static void resolve_dates(json_t *v, const char *today)
{
	const char *key;
	json_t *child;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, child) {
			const char *s = json_string_value(child);
			if (s && strncmp(s, "@D", 2) == 0) {
				char out[DATE_LEN];
				long n = strtol(s + 2, NULL, 10);
				date_add_days(today, n, out);
				json_object_set_new(v, key, json_string(out));
			} else {
				resolve_dates(child, today);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			const char *s = json_string_value(child);
			if (s && strncmp(s, "@D", 2) == 0) {
				char out[DATE_LEN];
				date_add_days(today, strtol(s + 2, NULL, 10), out);
				json_array_set_new(v, i, json_string(out));
			} else {
				resolve_dates(child, today);
			}
		}
	}
}

static int insert_rows(struct db *db, const char *table, const char *entity, const char *const *columns,
		       const struct demo_row *rows, size_t n, const char *today)
{
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < n && rc == DB_OK; i++) {
		json_error_t jerr;
		json_t *body = json_loads(rows[i].json, 0, &jerr), *values;
		int64_t id = 0;

		if (!body) {
			fprintf(stderr, "waishi: demo row %s/%zu: %s\n", table, i, jerr.text);
			return DB_ERR;
		}
		resolve_dates(body, today);
		values = store_values_from_body(body);
		rc = store_insert(db, table, columns, values, &id);
		if (rc == DB_OK)
			rc = audit_write(db, &cli_actor, "demo_create", entity, id, NULL, body);
		json_decref(values);
		json_decref(body);
	}
	return rc;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct demo_row cities[] = {
	{"{\"name_zh\":\"岘港\",\"name_local\":\"Đà Nẵng\",\"country\":\"VN\",\"region\":\"asean\",\"relation\":\"sister\",\"established_on\":\"1999-05-18\",\"status\":\"active\",\"notes\":\"经贸、旅游往来密切\"}"},
	{"{\"name_zh\":\"清迈\",\"name_local\":\"Chiang Mai\",\"country\":\"TH\",\"region\":\"asean\",\"relation\":\"friendly_exchange\",\"established_on\":\"2012-11-02\",\"status\":\"active\",\"notes\":\"农业合作\"}"},
	{"{\"name_zh\":\"达沃\",\"name_local\":\"Davao\",\"country\":\"PH\",\"region\":\"asean\",\"relation\":\"sister\",\"established_on\":\"2008-09-15\",\"status\":\"active\",\"notes\":\"\"}"},
	{"{\"name_zh\":\"光州\",\"name_local\":\"광주광역시\",\"country\":\"KR\",\"region\":\"east_asia\",\"relation\":\"sister\",\"established_on\":\"2016-10-20\",\"status\":\"active\",\"notes\":\"缔结十周年\"}"},
	{"{\"name_zh\":\"秋田\",\"name_local\":\"秋田市\",\"country\":\"JP\",\"region\":\"east_asia\",\"relation\":\"friendly_exchange\",\"established_on\":\"2005-04-08\",\"status\":\"dormant\",\"notes\":\"近年往来较少\"}"},
	{"{\"name_zh\":\"普瓦捷\",\"name_local\":\"Poitiers\",\"country\":\"FR\",\"region\":\"europe\",\"relation\":\"sister\",\"established_on\":\"2001-06-12\",\"status\":\"active\",\"notes\":\"教育合作\"}"},
	{"{\"name_zh\":\"克莱佩达\",\"name_local\":\"Klaipėda\",\"country\":\"LT\",\"region\":\"europe\",\"relation\":\"sister\",\"established_on\":\"2003-08-26\",\"status\":\"active\",\"notes\":\"港口城市\"}"},
	{"{\"name_zh\":\"布里斯班\",\"name_local\":\"Brisbane\",\"country\":\"AU\",\"region\":\"oceania\",\"relation\":\"friendly_exchange\",\"established_on\":\"2010-03-30\",\"status\":\"active\",\"notes\":\"学校结对\"}"},
	{"{\"name_zh\":\"埃尔帕索\",\"name_local\":\"El Paso\",\"country\":\"US\",\"region\":\"north_america\",\"relation\":\"friendly_exchange\",\"established_on\":\"2014-07-01\",\"status\":\"active\",\"notes\":\"\"}"},
	{"{\"name_zh\":\"罗萨里奥\",\"name_local\":\"Rosario\",\"country\":\"AR\",\"region\":\"latin_america\",\"relation\":\"sister\",\"established_on\":\"2018-05-25\",\"status\":\"active\",\"notes\":\"\"}"},
};

static const char *const city_columns[] = {"name_zh", "name_local", "country", "region", "relation", "established_on",
					   "status", "notes", NULL};

static const struct demo_row receptions[] = {
	{"{\"title\":\"越南岘港市人民委员会代表团\",\"guest_type\":\"foreign\",\"category\":\"sister_city_government\",\"country\":\"VN\",\"sister_city_id\":1,\"persons\":12,\"arrive_date\":\"@D-150\",\"leave_date\":\"@D-148\",\"host_unit_id\":1,\"programme\":\"市长会见,参观高新区,签署旅游合作备忘录\"}"},
	{"{\"title\":\"韩国光州广域市学生访问团\",\"guest_type\":\"foreign\",\"category\":\"sister_city_students\",\"country\":\"KR\",\"sister_city_id\":4,\"persons\":32,\"arrive_date\":\"@D-120\",\"leave_date\":\"@D-115\",\"host_unit_id\":8,\"programme\":\"入住学生家庭,参加课堂交流\"}"},
	{"{\"title\":\"法国驻广州总领事一行\",\"guest_type\":\"foreign\",\"category\":\"consulate\",\"country\":\"FR\",\"persons\":4,\"arrive_date\":\"@D-90\",\"leave_date\":\"@D-89\",\"host_unit_id\":1,\"programme\":\"拜会市领导,座谈教育合作\"}"},
	{"{\"title\":\"泰国正大集团商务考察团\",\"guest_type\":\"foreign\",\"category\":\"business\",\"country\":\"TH\",\"persons\":9,\"arrive_date\":\"@D-60\",\"leave_date\":\"@D-58\",\"host_unit_id\":2,\"programme\":\"考察农业产业园,洽谈投资项目\"}"},
	{"{\"title\":\"东盟秘书处官员\",\"guest_type\":\"foreign\",\"category\":\"international_org\",\"country\":\"ID\",\"persons\":6,\"arrive_date\":\"@D-30\",\"leave_date\":\"@D-29\",\"host_unit_id\":1,\"programme\":\"出席中国—东盟博览会相关活动\"}"},
	{"{\"title\":\"马来西亚华人华侨寻根团\",\"guest_type\":\"foreign\",\"category\":\"overseas_chinese\",\"country\":\"MY\",\"persons\":25,\"arrive_date\":\"@D-15\",\"leave_date\":\"@D-12\",\"host_unit_id\":1,\"programme\":\"参观侨乡,座谈\"}"},
	{"{\"title\":\"荣誉市民艾伦先生一行\",\"guest_type\":\"foreign\",\"category\":\"honorary_citizen\",\"country\":\"AU\",\"persons\":3,\"arrive_date\":\"@D-400\",\"leave_date\":\"@D-397\",\"host_unit_id\":1,\"programme\":\"回访\"}"},
	{"{\"title\":\"省外办调研组\",\"guest_type\":\"domestic\",\"category\":\"other\",\"persons\":6,\"arrive_date\":\"@D-100\",\"leave_date\":\"@D-99\",\"host_unit_id\":1,\"programme\":\"调研因公出国(境)管理工作\"}"},
	{"{\"title\":\"兄弟城市外办考察团\",\"guest_type\":\"domestic\",\"category\":\"other\",\"persons\":15,\"arrive_date\":\"@D-45\",\"leave_date\":\"@D-44\",\"host_unit_id\":1,\"programme\":\"交流友城工作经验\"}"},
	{"{\"title\":\"省教育厅国际交流处\",\"guest_type\":\"domestic\",\"category\":\"education\",\"persons\":5,\"arrive_date\":\"@D-380\",\"leave_date\":\"@D-379\",\"host_unit_id\":3,\"programme\":\"座谈中外合作办学\"}"},
};

static const char *const reception_columns[] = {"title", "guest_type", "category", "country", "sister_city_id", "persons",
						"arrive_date", "leave_date", "host_unit_id", "programme", NULL};

static const struct demo_row exchanges[] = {
	{"{\"sister_city_id\":6,\"kind\":\"education\",\"direction\":\"outbound\",\"exchange_date\":\"@D-200\",\"persons\":8,\"school\":\"市第一中学\",\"partner_school\":\"Lycée Camille Guérin\",\"notes\":\"签订结对协议\"}"},
	{"{\"sister_city_id\":6,\"kind\":\"student\",\"direction\":\"inbound\",\"exchange_date\":\"@D-80\",\"persons\":18,\"school\":\"市第一中学\",\"partner_school\":\"Lycée Camille Guérin\",\"notes\":\"法方学生来访两周\"}"},
	{"{\"sister_city_id\":8,\"kind\":\"student\",\"direction\":\"outbound\",\"exchange_date\":\"@D-125\",\"persons\":20,\"school\":\"市第三中学\",\"partner_school\":\"Brisbane State High School\",\"notes\":\"\"}"},
	{"{\"sister_city_id\":4,\"kind\":\"government\",\"direction\":\"outbound\",\"exchange_date\":\"@D-3\",\"persons\":4,\"notes\":\"出席友城缔结十周年活动\"}"},
	{"{\"sister_city_id\":1,\"kind\":\"business\",\"direction\":\"inbound\",\"exchange_date\":\"@D-150\",\"persons\":12,\"notes\":\"旅游合作\"}"},
	{"{\"sister_city_id\":7,\"kind\":\"culture\",\"direction\":\"outbound\",\"exchange_date\":\"@D-60\",\"persons\":15,\"notes\":\"民族歌舞团演出\"}"},
	{"{\"sister_city_id\":3,\"kind\":\"sports\",\"direction\":\"inbound\",\"exchange_date\":\"@D-370\",\"persons\":22,\"notes\":\"青少年足球友谊赛\"}"},
};

static const char *const exchange_columns[] = {"sister_city_id", "kind", "direction", "exchange_date", "persons",
					       "school", "partner_school", "notes", NULL};

static const struct demo_row cards[] = {
	{"{\"person_name\":\"林海峰\",\"company\":\"东盟国际贸易有限公司\",\"status\":\"approved\",\"applied_on\":\"@D-300\",\"submitted_on\":\"@D-290\",\"approved_on\":\"@D-250\",\"card_no\":\"CHN1234567\",\"expiry_date\":\"@D+1500\"}"},
	{"{\"person_name\":\"许佳\",\"company\":\"东盟国际贸易有限公司\",\"status\":\"approved\",\"applied_on\":\"@D-1700\",\"submitted_on\":\"@D-1690\",\"approved_on\":\"@D-1650\",\"card_no\":\"CHN0987654\",\"expiry_date\":\"@D+45\"}"},
	{"{\"person_name\":\"黄志强\",\"company\":\"广西北部湾机械有限公司\",\"status\":\"approved\",\"applied_on\":\"@D-200\",\"submitted_on\":\"@D-190\",\"approved_on\":\"@D-150\",\"card_no\":\"CHN2345678\",\"expiry_date\":\"@D+1650\"}"},
	{"{\"person_name\":\"梁晓东\",\"company\":\"南宁糖业股份有限公司\",\"status\":\"submitted\",\"applied_on\":\"@D-40\",\"submitted_on\":\"@D-30\"}"},
	{"{\"person_name\":\"韦春花\",\"company\":\"广西农垦集团\",\"status\":\"submitted\",\"applied_on\":\"@D-35\",\"submitted_on\":\"@D-25\"}"},
	{"{\"person_name\":\"覃国庆\",\"company\":\"广西农垦集团\",\"status\":\"applied\",\"applied_on\":\"@D-6\"}"},
	{"{\"person_name\":\"莫小兰\",\"company\":\"南宁跨境电商产业园\",\"status\":\"rejected\",\"applied_on\":\"@D-120\",\"submitted_on\":\"@D-110\",\"rejected_on\":\"@D-70\"}"},
	{"{\"person_name\":\"陆建国\",\"company\":\"北部湾港务集团\",\"status\":\"approved\",\"applied_on\":\"@D-2000\",\"submitted_on\":\"@D-1990\",\"approved_on\":\"@D-1950\",\"card_no\":\"CHN0001122\",\"expiry_date\":\"@D-10\"}"},
};

static const char *const card_columns[] = {"person_name", "company", "status", "applied_on", "submitted_on",
					   "approved_on", "rejected_on", "card_no", "expiry_date", NULL};

static const struct demo_row cases[] = {
	{"{\"received_on\":\"@D-100\",\"category\":\"economic\",\"nationalities_json\":\"[\\\"KR\\\"]\",\"parties\":\"韩国某投资企业与本地合作方\",\"summary\":\"合资企业利润分配纠纷,外方请求协调\",\"status\":\"closed\",\"started_on\":\"@D-99\",\"answered_on\":\"@D-80\",\"closed_on\":\"@D-70\",\"resolution\":\"经商务局协调,双方达成和解\"}"},
	{"{\"received_on\":\"@D-50\",\"category\":\"labour\",\"nationalities_json\":\"[\\\"VN\\\"]\",\"parties\":\"越南籍务工人员阮某等3人\",\"summary\":\"反映被拖欠工资\",\"status\":\"answered\",\"started_on\":\"@D-49\",\"answered_on\":\"@D-20\",\"resolution\":\"\"}"},
	{"{\"received_on\":\"@D-40\",\"category\":\"death_injury\",\"nationalities_json\":\"[\\\"TH\\\"]\",\"parties\":\"泰国籍游客一名\",\"summary\":\"交通事故受伤住院,协助联系领馆\",\"status\":\"in_progress\",\"started_on\":\"@D-40\",\"resolution\":\"\"}"},
	{"{\"received_on\":\"@D-12\",\"category\":\"public_order\",\"nationalities_json\":\"[\\\"US\\\",\\\"GB\\\"]\",\"parties\":\"外籍教师两名\",\"summary\":\"酒吧纠纷,公安机关已处理\",\"status\":\"received\",\"resolution\":\"\"}"},
	{"{\"received_on\":\"@D-8\",\"category\":\"consular\",\"nationalities_json\":\"[\\\"FR\\\"]\",\"parties\":\"法国籍留学生\",\"summary\":\"护照遗失,协助办理证明\",\"status\":\"in_progress\",\"started_on\":\"@D-7\",\"resolution\":\"\"}"},
	{"{\"received_on\":\"@D-380\",\"category\":\"other\",\"nationalities_json\":\"[\\\"MY\\\"]\",\"parties\":\"马来西亚籍商人\",\"summary\":\"咨询投资政策\",\"status\":\"closed\",\"started_on\":\"@D-380\",\"answered_on\":\"@D-375\",\"closed_on\":\"@D-375\",\"resolution\":\"已书面答复\"}"},
};

static const char *const case_columns[] = {"received_on", "category", "nationalities_json", "parties", "summary", "status",
					   "started_on", "answered_on", "closed_on", "resolution", NULL};

static const struct demo_row infos[] = {
	{"{\"title\":\"我市与越南岘港市签署旅游合作备忘录\",\"sent_on\":\"@D-148\",\"author\":\"王丽\",\"sent_to\":[\"省外办\",\"市委办\"],\"adopted_by\":[{\"body\":\"province\",\"on\":\"@D-140\"}]}"},
	{"{\"title\":\"我市召开因公出国(境)管理工作会议\",\"sent_on\":\"@D-130\",\"author\":\"李强\",\"sent_to\":[\"省外办\"],\"adopted_by\":[]}"},
	{"{\"title\":\"韩国光州学生团来我市开展交流\",\"sent_on\":\"@D-115\",\"author\":\"王丽\",\"sent_to\":[\"省外办\"],\"adopted_by\":[{\"body\":\"province\",\"on\":\"@D-110\"},{\"body\":\"national\",\"on\":\"@D-100\"}]}"},
	{"{\"title\":\"我市妥善处置一起涉外劳务纠纷\",\"sent_on\":\"@D-20\",\"author\":\"李强\",\"sent_to\":[\"省外办\",\"市政府办\"],\"adopted_by\":[{\"body\":\"prefecture\",\"on\":\"@D-15\"}]}"},
	{"{\"title\":\"我市APEC商务旅行卡办理工作成效明显\",\"sent_on\":\"@D-10\",\"author\":\"王丽\",\"sent_to\":[\"省外办\"],\"adopted_by\":[{\"body\":\"province\",\"on\":\"@D-5\"}]}"},
	{"{\"title\":\"我市友城工作年度综述\",\"sent_on\":\"@D-390\",\"author\":\"王丽\",\"sent_to\":[\"省外办\"],\"adopted_by\":[{\"body\":\"province\",\"on\":\"@D-385\"}]}"},
};

static const char *const info_columns[] = {"title", "sent_on", "author", "sent_to_json", "adopted_by_json", NULL};

static const struct demo_row contacts[] = {
	{"{\"name\":\"让-皮埃尔·杜邦\",\"organisation\":\"法国驻广州总领事馆\",\"kind\":\"consulate\",\"country\":\"FR\",\"national_day\":\"07-14\",\"email\":\"consulat@example.fr\",\"phone\":\"020-12345678\"}"},
	{"{\"name\":\"阮文明\",\"organisation\":\"越南驻南宁总领事馆\",\"kind\":\"consulate\",\"country\":\"VN\",\"national_day\":\"09-02\",\"email\":\"lsq@example.vn\"}"},
	{"{\"name\":\"金成浩\",\"organisation\":\"光州广域市\",\"kind\":\"mayor\",\"country\":\"KR\",\"sister_city_id\":4,\"birthday\":\"1965-@B\",\"email\":\"mayor@example.kr\"}"},
	{"{\"name\":\"艾伦·史密斯\",\"organisation\":\"\",\"kind\":\"honorary_citizen\",\"country\":\"AU\",\"birthday\":\"1950-03-21\",\"notes\":\"2015年授予荣誉市民\"}"},
	{"{\"name\":\"陈嘉伟\",\"organisation\":\"马来西亚中华总商会\",\"kind\":\"chamber\",\"country\":\"MY\",\"national_day\":\"08-31\"}"},
	{"{\"name\":\"Somchai Wong\",\"organisation\":\"泰国驻南宁总领事馆\",\"kind\":\"consulate\",\"country\":\"TH\",\"national_day\":\"12-05\"}"},
	{"{\"name\":\"玛丽·勒克莱尔\",\"organisation\":\"普瓦捷市\",\"kind\":\"friend\",\"country\":\"FR\",\"sister_city_id\":6}"},
};

static const char *const contact_columns[] = {"name", "organisation", "kind", "country", "sister_city_id", "birthday",
					      "national_day", "email", "phone", "notes", NULL};

/* The mayor's birthday falls ten days from the day the demo is made, so a greeting is due. */
static int add_contacts(struct db *db, const char *today)
{
	struct demo_row rows[N(contacts)];
	char mayor[1024], soon[DATE_LEN];
	const char *at;
	size_t i;

	date_add_days(today, 10, soon);
	for (i = 0; i < N(contacts); i++)
		rows[i] = contacts[i];
	at = strstr(contacts[2].json, "@B");
	snprintf(mayor, sizeof(mayor), "%.*s%.5s%s", (int)(at - contacts[2].json), contacts[2].json, soon + 5, at + 2);
	rows[2].json = mayor;
	return insert_rows(db, "contacts", "contact", contact_columns, rows, N(rows), today);
}

int demo_registers_fill(struct db *db)
{
	char today[DATE_LEN];
	int rc;

	date_today(today);
	rc = insert_rows(db, "sister_cities", "sister_city", city_columns, cities, N(cities), today);
	if (rc == DB_OK)
		rc = insert_rows(db, "receptions", "reception", reception_columns, receptions, N(receptions), today);
	if (rc == DB_OK)
		rc = insert_rows(db, "exchanges", "exchange", exchange_columns, exchanges, N(exchanges), today);
	if (rc == DB_OK)
		rc = insert_rows(db, "abtc_cards", "abtc", card_columns, cards, N(cards), today);
	if (rc == DB_OK)
		rc = insert_rows(db, "cases", "case", case_columns, cases, N(cases), today);
	if (rc == DB_OK)
		rc = insert_rows(db, "info_items", "info_item", info_columns, infos, N(infos), today);
	if (rc == DB_OK)
		rc = add_contacts(db, today);
	return rc;
}
