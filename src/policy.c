/*
 * policy.c - typed policies over the settings table, read and changed (see
 * policy.h); the routes are policy_api.c.
 */
#include "policy.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ptype { P_INT, P_FRACTION, P_SWITCH, P_FORMAT, P_TARGETS, P_APPROVER };

struct policy_def {
	const char *key;
	enum ptype type;
	int64_t min, max; /* for P_INT */
	const char *label_zh;
	const char *help_zh;
	const char *help_en;
};

static const struct policy_def defs[] = {
	{"passport_return_days", P_INT, 0, 60, "证照缴回期限", "回国后缴回护照的天数", "days after return to hand the passport back"},
	{"report_due_days", P_INT, 1, 180, "出访总结期限", "回国后提交并公示出访总结的天数",
	 "days after return to hand in the post-trip report"},
	{"block_unit_overdue_days", P_INT, 1, 365, "逾期限制天数", "单位证照或总结逾期超过此天数,暂停受理新的申报",
	 "a unit overdue by more than this may not submit new trips"},
	{"joint_review_required", P_SWITCH, 0, 0, "会审制度", "开启后团组须经会审投票批准", "approval comes from joint review votes"},
	{"joint_review_quorum", P_FRACTION, 0, 0, "会审到会比例", "须参加投票的会审小组成员比例", "share of the panel that must vote"},
	{"joint_review_pass", P_FRACTION, 0, 0, "会审通过比例", "赞成票须超过所投票数的比例", "share of votes cast that must be 'for' (more than)"},
	{"joint_review_veto", P_SWITCH, 0, 0, "一票否决", "开启后一张反对票即否决", "one 'against' rejects"},
	{"approval_no_format", P_FORMAT, 0, 0, "批件号格式", "批件号格式,{year} 为年份,{n} 为当年序号",
	 "approval number format; {year} and {n} are replaced"},
	{"abtc_targets", P_TARGETS, 0, 0, "APEC卡年度目标", "APEC商务旅行卡年度报送目标,如 [{\"by\":\"10-31\",\"submitted\":50}];by 为月-日(每年)或具体日期",
	 "yearly targets of APEC cards submitted by a day (MM-DD every year, or a date)"},
	{"session_idle_hours", P_INT, 1, 72, "登录超时", "无操作多少小时后须重新登录", "hours of inactivity before a session ends"},
	{"lockout_threshold", P_INT, 3, 20, "密码错误锁定次数", "连续输错密码多少次后锁定账号", "wrong passwords in a row that lock an account"},
	{"lockout_minutes", P_INT, 1, 1440, "锁定时长", "账号锁定的分钟数", "minutes an account stays locked"},
	{"visa_warn_workdays", P_INT, 0, 60, "签证提醒期限", "出发前多少个工作日签证仍未获得时列入待办",
	 "working days before departure from which a visa not yet granted is a to-do item"},
	{"document_stuck_days", P_INT, 1, 365, "办照滞留期限", "办照申请多少天无进展时列入待办",
	 "days without progress after which a document application is a to-do item"},
	{"invitation_approver", P_APPROVER, 0, 0, "邀请审批人", "审批邀请外国人来华申请的角色:director(外办主任)或 officer(外办经办人)",
	 "who decides invitation applications: director or officer"},
	{"invitation_no_format", P_FORMAT, 0, 0, "邀请函编号格式", "邀请函编号格式,{year} 为年份,{n} 为当年序号",
	 "invitation number format; {year} and {n} are replaced"},
};

#define DEF_COUNT (sizeof(defs) / sizeof(defs[0]))

/* ---- parsing ---- */

static bool parse_fraction(const char *s, struct fraction *f)
{
	const char *slash = strchr(s, '/');
	char num[24];
	size_t len;

	if (!slash || (len = (size_t)(slash - s)) == 0 || len >= sizeof(num))
		return false;
	memcpy(num, s, len);
	num[len] = '\0';
	if (!util_parse_int64(num, &f->num) || !util_parse_int64(slash + 1, &f->den))
		return false;
	return f->num >= 0 && f->den > 0 && f->num <= f->den && f->den <= 1000;
}

/* [{"by":"MM-DD" or "YYYY-MM-DD","submitted":N}, ...], at most 12. */
static bool valid_targets(const char *s)
{
	json_error_t jerr;
	json_t *arr = json_loads(s, 0, &jerr), *t;
	char date[16];
	size_t i;
	bool ok = json_is_array(arr) && json_array_size(arr) <= 12;

	json_array_foreach(arr, i, t) {
		const char *by = json_string_value(json_object_get(t, "by"));
		json_t *n = json_object_get(t, "submitted");

		if (!ok || !by || !json_is_integer(n) || json_integer_value(n) < 0 || json_integer_value(n) > 100000 ||
		    json_object_size(t) != 2) {
			ok = false;
			break;
		}
		snprintf(date, sizeof(date), strlen(by) == 5 ? "2000-%s" : "%s", by);
		ok = strlen(by) <= 10 && util_valid_date(date);
	}
	json_decref(arr);
	return ok;
}

static bool valid_format(const char *s)
{
	return strstr(s, "{year}") && strstr(s, "{n}") && strlen(s) < 100;
}

/* Parse one value into p; false when invalid. */
static bool apply_value(const struct policy_def *d, const char *v, struct policy *p)
{
	int64_t i = 0;
	struct fraction f;

	switch (d->type) {
	case P_INT:
		if (!util_parse_int64(v, &i) || i < d->min || i > d->max)
			return false;
		break;
	case P_FRACTION:
		if (!parse_fraction(v, &f))
			return false;
		break;
	case P_SWITCH:
		if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
			return false;
		break;
	case P_FORMAT:
		if (!valid_format(v))
			return false;
		if (strcmp(d->key, "invitation_no_format") == 0)
			snprintf(p->invitation_no_format, sizeof(p->invitation_no_format), "%s", v);
		else
			snprintf(p->approval_no_format, sizeof(p->approval_no_format), "%s", v);
		return true;
	case P_TARGETS:
		return valid_targets(v);
	case P_APPROVER:
		if (strcmp(v, "director") != 0 && strcmp(v, "officer") != 0)
			return false;
		p->invitation_by_officer = strcmp(v, "officer") == 0;
		return true;
	}
#define SET_INT(name)                                                                                             \
	if (strcmp(d->key, #name) == 0)                                                                           \
		p->name = i;
#define SET_FRAC(name)                                                                                            \
	if (strcmp(d->key, #name) == 0)                                                                           \
		p->name = f;
#define SET_SWITCH(name)                                                                                          \
	if (strcmp(d->key, #name) == 0)                                                                           \
		p->name = strcmp(v, "on") == 0;
	SET_INT(passport_return_days)
	SET_INT(report_due_days)
	SET_INT(block_unit_overdue_days)
	SET_INT(visa_warn_workdays)
	SET_INT(document_stuck_days)
	SET_FRAC(joint_review_quorum)
	SET_FRAC(joint_review_pass)
	SET_SWITCH(joint_review_required)
	SET_SWITCH(joint_review_veto)
#undef SET_INT
#undef SET_FRAC
#undef SET_SWITCH
	return true;
}

static void set_defaults(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->passport_return_days = 7;
	p->report_due_days = 30;
	p->block_unit_overdue_days = 30;
	p->joint_review_required = true;
	p->joint_review_quorum = (struct fraction){2, 3};
	p->joint_review_pass = (struct fraction){1, 2};
	p->joint_review_veto = false;
	snprintf(p->approval_no_format, sizeof(p->approval_no_format), "外审〔{year}〕{n}号");
	p->visa_warn_workdays = 10;
	p->document_stuck_days = 30;
	p->invitation_by_officer = false;
	snprintf(p->invitation_no_format, sizeof(p->invitation_no_format), "外邀〔{year}〕{n}号");
}

static const struct policy_def *find_def(const char *key)
{
	size_t i;

	for (i = 0; i < DEF_COUNT; i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

int policy_load(struct db *db, struct policy *p)
{
	struct db_stmt *st = NULL;
	int rc;

	set_defaults(p);
	rc = db_prepare(db, "SELECT key, value FROM settings", &st);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		const struct policy_def *d = find_def(db_column_text(st, 0));
		if (d)
			(void)apply_value(d, db_column_text(st, 1), p); /* a bad stored value keeps the default */
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

void policy_approval_no(const struct policy *p, int year, int64_t n, char *out, size_t len)
{
	policy_number_format(p->approval_no_format, year, n, out, len);
}

void policy_number_format(const char *format, int year, int64_t n, char *out, size_t len)
{
	const char *s = format;
	size_t w = 0;

	while (*s && w + 24 < len) {
		if (strncmp(s, "{year}", 6) == 0) {
			w += (size_t)snprintf(out + w, len - w, "%d", year);
			s += 6;
		} else if (strncmp(s, "{n}", 3) == 0) {
			w += (size_t)snprintf(out + w, len - w, "%lld", (long long)n);
			s += 3;
		} else {
			out[w++] = *s++;
		}
	}
	out[w] = '\0';
}

/* ---- the settings as records, and their change ---- */

/* The stored text of a setting as its JSON value. */
static json_t *value_json(const struct policy_def *d, const char *v)
{
	int64_t i;

	if (d->type == P_INT && util_parse_int64(v, &i))
		return json_integer(i);
	if (d->type == P_SWITCH)
		return json_boolean(strcmp(v, "on") == 0);
	if (d->type == P_TARGETS)
		return json_loads(v, 0, NULL);
	return json_string(v);
}

int policy_items(struct db *db, json_t *items)
{
	struct db_stmt *st = NULL;
	size_t i;
	int rc = DB_OK;

	for (i = 0; i < DEF_COUNT && rc == DB_OK; i++) {
		rc = db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st);
		if (rc == DB_OK)
			rc = db_bind_text(st, 1, defs[i].key);
		if (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
			json_array_append_new(items, json_pack("{s:s, s:o, s:s, s:s, s:s}", "key", defs[i].key, "value",
							       value_json(&defs[i], db_column_text(st, 0)), "label_zh",
							       defs[i].label_zh, "description_zh", defs[i].help_zh,
							       "description_en", defs[i].help_en));
			rc = DB_OK;
		} else if (rc == DB_DONE) {
			rc = DB_OK;
		}
		db_finalize(st);
		st = NULL;
	}
	return rc;
}

/* The request value of a setting as stored text; false when of the wrong JSON type. */
static bool value_text(const struct policy_def *d, json_t *v, char *out, size_t len)
{
	if (d->type == P_INT && json_is_integer(v)) {
		snprintf(out, len, "%lld", (long long)json_integer_value(v));
		return true;
	}
	if (d->type == P_SWITCH && json_is_boolean(v)) {
		snprintf(out, len, "%s", json_is_true(v) ? "on" : "off");
		return true;
	}
	if ((d->type == P_FRACTION || d->type == P_FORMAT || d->type == P_APPROVER) && json_is_string(v) &&
	    json_string_length(v) < len) {
		snprintf(out, len, "%s", json_string_value(v));
		return true;
	}
	if (d->type == P_TARGETS && json_is_array(v)) {
		char *text = json_dumps(v, JSON_COMPACT);
		bool fits = text && strlen(text) < len;
		if (fits)
			snprintf(out, len, "%s", text);
		free(text);
		return fits;
	}
	return false;
}

static int reject_value(const struct policy_def *d, struct op_error *err)
{
	char en[200], zh[240];

	snprintf(en, sizeof(en), "'%s' has an invalid value (%s)", d->key, d->help_en);
	snprintf(zh, sizeof(zh), "「%s」的取值无效(%s)", d->label_zh, d->help_zh);
	return op_invalid(err, d->key, en, zh);
}

/* Every key of the body a setting and every value valid for it: 0 or the refusal. */
static int judge_body(json_t *body, struct op_error *err)
{
	struct policy scratch;
	const char *key;
	json_t *v;
	char text[1024], en[120], zh[120];

	if (!body || json_object_size(body) == 0)
		return op_invalid(err, NULL, "send at least one setting", "请至少提交一项设置");
	set_defaults(&scratch);
	json_object_foreach(body, key, v) {
		const struct policy_def *d = find_def(key);
		if (!d) {
			snprintf(en, sizeof(en), "unknown setting '%.60s'", key);
			snprintf(zh, sizeof(zh), "未知设置项「%.60s」", key);
			return op_fail(err, 422, "unknown_field", key, en, zh);
		}
		if (!value_text(d, v, text, sizeof(text)) || !apply_value(d, text, &scratch))
			return reject_value(d, err);
	}
	return 0;
}

/* Write every setting of the judged body. */
static int write_body(struct db *db, json_t *body)
{
	const char *key;
	json_t *v;
	char text[1024], now[32];
	int rc = DB_OK;

	util_now_rfc3339(now, sizeof(now));
	json_object_foreach(body, key, v) {
		(void)value_text(find_def(key), v, text, sizeof(text));
		rc = db_execf(db, "UPDATE settings SET value = ?, updated_at = ? WHERE key = ?", "ttt", text, now, key);
		if (rc != DB_OK)
			break;
	}
	return rc;
}

int policy_update(struct db *db, const struct actor *who, json_t *body, struct op_error *err)
{
	json_t *before = NULL;
	int status, rc = db_begin(db);

	if (rc != DB_OK)
		return op_fail_db(err, rc);
	status = judge_body(body, err);
	if (!status) {
		before = json_array();
		rc = before ? policy_items(db, before) : DB_ERR;
	}
	if (!status && rc == DB_OK)
		rc = write_body(db, body);
	if (!status && rc == DB_OK)
		rc = op_audit(db, who, "update", "policies", 0, before, body);
	json_decref(before);
	return op_finish(db, status, rc, err);
}
