/*
 * labels.c - the one dictionary of stored codes and their Chinese and
 * English labels (see labels.h). Adding a code to the schema means adding
 * its row here; the web interface and the exports read nothing else.
 */
#include "labels.h"
#include "labels_api.h"

#include <string.h>

struct label {
	const char *key, *zh, *en;
};

struct label_set {
	const char *kind;
	const struct label *items; /* ends with a NULL key */
};

#define END {NULL, NULL, NULL}

static const struct label role[] = {
	{"admin", "系统管理员", "Administrator"}, {"officer", "外办经办人", "Officer"},
	{"reviewer", "会审小组成员", "Reviewer"}, {"director", "外办主任", "Director"},
	{"unit", "申报单位", "Applicant unit"}, {"county", "县区外事办", "County office"},
	{"viewer", "领导查询", "Viewer"}, END};
static const struct label status[] = {
	{"draft", "草稿", "Draft"}, {"submitted", "已申报", "Submitted"},
	{"county_reviewed", "县级初审通过", "County reviewed"},
	{"preliminary_approved", "初审通过", "Preliminary approved"}, {"approved", "已批准", "Approved"},
	{"rejected", "未通过", "Rejected"}, {"departed", "已出访", "Departed"}, {"returned", "已回国", "Returned"},
	{"closed", "已办结", "Closed"}, {"cancelled", "已取消", "Cancelled"}, END};
static const struct label category[] = {
	{"inspection", "考察", "Inspection"}, {"investment", "招商", "Investment"},
	{"sister_city", "友城交流", "Sister city"}, {"training", "培训", "Training"},
	{"conference", "会议", "Conference"}, {"student", "学生交流", "Students"},
	{"business", "商务", "Business"}, {"other", "其他", "Other"}, END};
static const struct label level[] = {
	{"city_bureau", "市直部门", "City bureau"}, {"county", "县", "County"}, {"district", "区", "District"},
	{"enterprise", "企业", "Enterprise"}, {"school", "学校", "School"}, {"other", "其他", "Other"}, END};
static const struct label rank[] = {
	{"provincial", "省部级", "Provincial"}, {"bureau", "厅局级", "Bureau"}, {"division", "县处级", "Division"},
	{"section", "乡科级", "Section"}, {"staff", "科员", "Staff"}, {"none", "非干部", "Not a cadre"}, END};
static const struct label gender[] = {{"male", "男", "Male"}, {"female", "女", "Female"}, END};
static const struct label passport_status[] = {
	{"in_custody", "在库", "In custody"}, {"issued", "已领取", "Issued"}, {"lost", "遗失", "Lost"},
	{"cancelled", "注销", "Cancelled"}, END};
static const struct label passport_kind[] = {
	{"service", "公务护照", "Service"}, {"official_ordinary", "因公普通护照", "Official ordinary"},
	{"hk_macao_permit", "往来港澳通行证", "Hong Kong and Macao permit"},
	{"taiwan_permit", "大陆居民往来台湾通行证", "Taiwan permit"}, END};
static const struct label document_kind[] = {
	{"official_passport", "因公护照", "Official passport"}, {"hk_macao_permit", "往来港澳通行证", "Hong Kong and Macao permit"},
	{"taiwan_permit", "大陆居民往来台湾通行证", "Taiwan permit"}, END};
static const struct label document_reason[] = {
	{"new", "首次申办", "New"}, {"renewal", "换发", "Renewal"}, {"lost", "遗失补办", "Lost, replaced"}, END};
static const struct label document_status[] = {
	{"applied", "已申请", "Applied"}, {"submitted", "已递交", "Submitted"}, {"issued", "已签发", "Issued"},
	{"refused", "不予签发", "Refused"}, END};
static const struct label visa_status[] = {
	{"to_apply", "待办理", "To apply"}, {"submitted", "已递交", "Submitted"}, {"granted", "已获签", "Granted"},
	{"refused", "被拒签", "Refused"}, END};
static const struct label visa_kind[] = {{"visa", "签证", "Visa"}, {"endorsement", "签注", "Endorsement"}, END};
static const struct label visa_entries[] = {
	{"single", "一次", "Single"}, {"double", "两次", "Double"}, {"multiple", "多次", "Multiple"}, END};
static const struct label visa_requirement[] = {
	{"required", "须办签证", "Visa required"}, {"visa_free_official", "持公务护照免签", "Visa-free on an official passport"},
	{"on_arrival", "落地签", "Visa on arrival"}, END};
static const struct label invitation_status[] = {
	{"draft", "草稿", "Draft"}, {"submitted", "已提交", "Submitted"}, {"approved", "已批准", "Approved"},
	{"rejected", "不予批准", "Rejected"}, END};
static const struct label passport_event[] = {
	{"issued", "领取", "Issued"}, {"returned", "缴回", "Returned"}, {"called_back", "召回", "Called back"}, END};
static const struct label letter_kind[] = {
	{"introduction", "介绍信", "Introduction"}, {"invitation", "邀请外国人来华函电", "Invitation"},
	{"visa_service", "因私签证代办", "Visa service"}, END};
static const struct label guest_type[] = {{"foreign", "外宾", "Foreign"}, {"domestic", "内宾", "Domestic"}, END};
static const struct label reception_category[] = {
	{"sister_city_government", "友城政府团", "Sister-city government"},
	{"sister_city_students", "友城学生团", "Sister-city students"}, {"business", "商务团", "Business"},
	{"education", "教育团", "Education"}, {"international_org", "国际组织", "International organisation"},
	{"embassy", "驻华使馆", "Embassy"}, {"consulate", "领事团", "Consulate"},
	{"honorary_citizen", "荣誉市民团", "Honorary citizens"}, {"overseas_chinese", "海外华人华侨", "Overseas Chinese"},
	{"other", "其他", "Other"}, END};
static const struct label region[] = {
	{"asean", "东盟", "ASEAN"}, {"east_asia", "东亚", "East Asia"}, {"other_asia", "亚洲其他地区", "Other Asia"},
	{"europe", "欧洲", "Europe"}, {"north_america", "北美洲", "North America"},
	{"latin_america", "拉丁美洲", "Latin America"}, {"oceania", "大洋洲", "Oceania"}, {"africa", "非洲", "Africa"},
	END};
static const struct label relation[] = {
	{"sister", "友好城市", "Sister city"}, {"friendly_exchange", "友好交流城市", "Friendly exchange"}, END};
static const struct label city_status[] = {
	{"active", "正常", "Active"}, {"dormant", "休眠", "Dormant"}, {"ended", "终止", "Ended"}, END};
static const struct label exchange_kind[] = {
	{"government", "政府", "Government"}, {"student", "学生", "Students"}, {"education", "教育", "Education"},
	{"business", "经贸", "Business"}, {"culture", "文化", "Culture"}, {"sports", "体育", "Sports"}, END};
static const struct label direction[] = {{"inbound", "来访", "Inbound"}, {"outbound", "出访", "Outbound"}, END};
static const struct label abtc_status[] = {
	{"applied", "已申请", "Applied"}, {"submitted", "已报送", "Submitted"}, {"approved", "已批准", "Approved"},
	{"rejected", "未通过", "Rejected"}, {"expired", "已过期", "Expired"}, END};
static const struct label case_category[] = {
	{"economic", "经济", "Economic"}, {"labour", "劳务", "Labour"}, {"death_injury", "意外伤亡", "Death or injury"},
	{"public_order", "治安", "Public order"}, {"consular", "领事协助", "Consular"}, {"other", "其他", "Other"}, END};
static const struct label case_status[] = {
	{"received", "受理", "Received"}, {"in_progress", "办理中", "In progress"}, {"answered", "已答复", "Answered"},
	{"closed", "已办结", "Closed"}, END};
static const struct label contact_kind[] = {
	{"consulate", "领事馆", "Consulate"}, {"embassy", "使馆", "Embassy"}, {"chamber", "商会", "Chamber"},
	{"honorary_citizen", "荣誉市民", "Honorary citizen"}, {"mayor", "友城市长", "Mayor"},
	{"friend", "友好人士", "Friend"}, {"other", "其他", "Other"}, END};
static const struct label vote[] = {{"for", "赞成", "For"}, {"against", "反对", "Against"}, {"abstain", "弃权", "Abstain"}, END};
static const struct label body[] = {
	{"province", "省外办", "Provincial office"}, {"prefecture", "上级市外办", "Prefecture office"},
	{"national", "国家级", "National"}, {"other", "其他", "Other"}, END};
static const struct label review_status[] = {{"open", "进行中", "Open"}, {"closed", "已结束", "Closed"}, END};
static const struct label review_outcome[] = {
	{"approved", "通过", "Approved"}, {"rejected", "未通过", "Rejected"},
	{"no_quorum", "未达法定人数,待再次会审", "No quorum, waits for another session"},
	{"blocked", "表决通过,但有阻止项,待主任特批", "Passed, held by a block until the director overrides"}, END};
static const struct label decision[] = {{"approve", "同意", "Approve"}, {"return", "退回修改", "Send back"}, END};
static const struct label violation_kind[] = {{"overstay", "超时", "Overstay"}, {"detour", "绕道", "Detour"}, END};
static const struct label severity[] = {
	{"block", "阻止", "Block"}, {"warning", "提醒", "Warning"}, {"overdue", "已逾期", "Overdue"},
	{"soon", "即将到期", "Due soon"}, END};
static const struct label todo_kind[] = {
	{"passport_due", "护照待缴回", "Passport due back"}, {"report_overdue", "出访总结逾期", "Report overdue"},
	{"departure_unprepared", "行前准备未完成", "Departure not prepared"}, {"vote_waiting", "待会审表决", "Vote waiting"},
	{"preliminary_waiting", "待初审", "Preliminary review waiting"},
	{"county_review_waiting", "待县级初审", "County review waiting"}, {"override_waiting", "待主任特批", "Override waiting"},
	{"abtc_expiring", "APEC卡即将到期", "APEC card expiring"}, {"case_open", "案件久未办结", "Case open long"},
	{"greeting", "致信祝贺", "Greeting due"}, {"visa_pending", "签证未办妥", "Visa not granted"},
	{"document_stuck", "办照久未办结", "Document application stuck"}, END};
static const struct label check_rule[] = {
	{"max_countries", "出访国家数", "Countries per trip"}, {"max_days_by_countries", "在外天数", "Days by countries"},
	{"max_days_temporary", "临时出国期限", "Temporary trip limit"}, {"max_members", "团组人数", "Members"},
	{"max_trips_per_person_year", "每人每年出访次数", "Trips per person per year"},
	{"min_substantive_share", "实质性公务活动", "Substantive activities"}, {"min_lead_days", "提前申报", "Lead time"},
	{"publicity_days", "出访前公示", "Pre-trip posting"}, {"within_plan", "年度计划", "Annual plan"},
	{"zero_growth", "零增长", "Zero growth"}, {"passport_validity", "护照有效期", "Passport validity"},
	{"unit_overdue", "单位逾期未缴", "Unit overdue"}, {"visa_requirement", "签证要求", "Visa requirement"},
	{"visa_refused", "签证被拒", "Visa refused"}, END};
static const struct label entity[] = {
	{"delegation", "出访团组", "Delegation"}, {"person", "出访人员", "Traveller"}, {"passport", "护照", "Passport"},
	{"plan", "年度计划", "Plan"}, {"review_session", "会审", "Review session"}, {"letter", "函件", "Letter"},
	{"reception", "接待", "Reception"}, {"sister_city", "友好城市", "Sister city"}, {"exchange", "友城交流", "Exchange"},
	{"abtc", "APEC卡", "APEC card"}, {"case", "涉外案件", "Case"}, {"info_item", "外事信息", "Information item"},
	{"contact", "联络对象", "Contact"}, {"attachment", "附件", "Attachment"}, {"user", "用户", "User"},
	{"unit", "单位", "Unit"}, {"policies", "政策设置", "Policies"}, {"holidays", "节假日", "Holidays"},
	{"report_draft", "工作总结草稿", "Report draft"}, {"rule", "规则", "Rule"}, {"rules", "规则集", "Rule set"},
	{"report_settings", "工作总结设置", "Report settings"}, {"document_application", "办照申请", "Document application"},
	{"visa", "签证(签注)", "Visa"}, {"visa_requirement", "签证要求", "Visa requirement"},
	{"invitation", "邀请外国人来华申请", "Invitation application"}, END};
static const struct label audit_action[] = {
	{"create", "新建", "Created"}, {"update", "修改", "Updated"}, {"delete", "删除", "Deleted"},
	{"submit", "提交申报", "Submitted"}, {"county_review", "县级初审", "County review"},
	{"preliminary", "初审", "Preliminary review"}, {"publicity", "出访前公示", "Pre-trip posting"},
	{"approve", "批准", "Approved"}, {"override", "主任特批", "Director's override"},
	{"briefing", "行前教育", "Briefing"}, {"commitment", "签署承诺书", "Commitment signed"},
	{"depart", "出发", "Departed"}, {"return", "回国", "Returned"}, {"report", "提交出访总结", "Report handed in"},
	{"close", "办结", "Closed"}, {"cancel", "取消出访", "Cancelled"}, {"review_tally", "会审计票", "Review tally"},
	{"vote", "会审表决", "Vote"}, {"vote_change", "修改表决", "Vote changed"}, {"deputy_add", "指定代投", "Deputy named"},
	{"deputy_revoke", "撤销代投", "Deputy revoked"}, {"issue", "领取", "Issued"}, {"reject", "未通过", "Rejected"},
	{"start", "开始办理", "Started"}, {"answer", "答复", "Answered"}, {"activate", "启用", "Activated"},
	{"deactivate", "停用", "Deactivated"}, {"login", "登录", "Signed in"}, {"logout", "退出登录", "Signed out"},
	{"login_failed", "登录失败", "Sign-in failed"}, {"account_locked", "账号锁定", "Account locked"},
	{"password_change", "修改密码", "Password changed"}, {"password_reset", "重置密码", "Password reset"},
	{"import", "导入", "Imported"}, {"replace", "替换", "Replaced"}, {"bulk_create", "批量新建", "Bulk created"},
	{"demo_create", "演示数据", "Demo data"}, {"update_budget", "修改经费预算", "Budget changed"},
	{"update_actual", "填报经费决算", "Actual spend entered"}, {"edit", "编辑", "Edited"}, {"refresh", "刷新数据", "Refreshed"},
	{"finalize", "定稿", "Finalised"}, {"reopen", "重新打开", "Reopened"}, {"grant", "获签", "Granted"},
	{"refuse", "拒绝", "Refused"}, END};
static const struct label inviter_type[] = {
	{"foreign_government", "外国政府", "Foreign government"}, {"foreign_organisation", "外国机构团体", "Foreign organisation"},
	{"foreign_company", "外国企业", "Foreign company"}, {"university", "大学", "University"},
	{"international_organisation", "国际组织", "International organisation"},
	{"overseas_chinese_association", "海外华侨华人社团", "Overseas Chinese association"},
	{"foreign_office_in_china", "外国驻华机构", "Foreign office in China"},
	{"chinese_company_abroad", "中资境外企业", "Chinese company abroad"}, {"other", "其他", "Other"}, END};
static const struct label budget_source[] = {
	{"fiscal", "财政拨款", "Fiscal appropriation"}, {"self_raised", "自筹", "Self-raised"}, {"other", "其他", "Other"}, END};
static const struct label funding_item[] = {
	{"international_travel", "国际旅费", "International travel"}, {"accommodation", "住宿费", "Accommodation"},
	{"meals", "伙食费", "Meals"}, {"incidentals", "公杂费", "Incidentals"}, {"other", "其他费用", "Other"}, END};

/* GET /countries "group": 港澳台 are regions of China, never foreign countries. */
static const struct label country_group[] = {
	{"hmt", "港澳台地区", "Hong Kong, Macao, Taiwan"}, {"foreign", "外国", "Foreign country"},
	{"china", "中国", "China"}, END};
/* A trip by its destinations (report delegations.abroad / .hmt): any foreign one makes it 出国. */
static const struct label trip_kind[] = {
	{"abroad", "出国", "Abroad"}, {"hmt", "赴港澳台", "To Hong Kong, Macao, Taiwan"}, END};

static const struct label_set sets[] = {
	{"role", role},
	{"status", status},
	{"category", category},
	{"level", level},
	{"rank", rank},
	{"gender", gender},
	{"passport_status", passport_status},
	{"passport_kind", passport_kind},
	{"document_kind", document_kind},
	{"document_reason", document_reason},
	{"document_status", document_status},
	{"visa_status", visa_status},
	{"visa_kind", visa_kind},
	{"visa_entries", visa_entries},
	{"visa_requirement", visa_requirement},
	{"invitation_status", invitation_status},
	{"passport_event", passport_event},
	{"letter_kind", letter_kind},
	{"guest_type", guest_type},
	{"reception_category", reception_category},
	{"region", region},
	{"relation", relation},
	{"city_status", city_status},
	{"exchange_kind", exchange_kind},
	{"direction", direction},
	{"abtc_status", abtc_status},
	{"case_category", case_category},
	{"case_status", case_status},
	{"contact_kind", contact_kind},
	{"vote", vote},
	{"body", body},
	{"review_status", review_status},
	{"review_outcome", review_outcome},
	{"decision", decision},
	{"violation_kind", violation_kind},
	{"severity", severity},
	{"todo_kind", todo_kind},
	{"check_rule", check_rule},
	{"entity", entity},
	{"audit_action", audit_action},
	{"inviter_type", inviter_type},
	{"budget_source", budget_source},
	{"funding_item", funding_item},
	{"country_group", country_group},
	{"trip_kind", trip_kind},
};

static const struct label *items_of(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < sizeof(sets) / sizeof(sets[0]); i++)
		if (strcmp(sets[i].kind, kind) == 0)
			return sets[i].items;
	return NULL;
}

static const struct label *find(const char *kind, const char *key)
{
	const struct label *l = items_of(kind);

	for (; l && key && l->key; l++)
		if (strcmp(l->key, key) == 0)
			return l;
	return NULL;
}

const char *labels_key_of(const char *kind, const char *text)
{
	const struct label *l = items_of(kind);

	for (; l && text && l->key; l++)
		if (strcmp(l->zh, text) == 0 || strcmp(l->key, text) == 0 || strcmp(l->en, text) == 0)
			return l->key;
	return NULL;
}

const char *labels_nth(const char *kind, size_t n, const char **zh)
{
	const struct label *l = items_of(kind);
	size_t i;

	for (i = 0; l && l->key; l++, i++)
		if (i == n) {
			*zh = l->zh;
			return l->key;
		}
	return NULL;
}

const char *labels_zh(const char *kind, const char *key)
{
	const struct label *l = find(kind, key);

	return l ? l->zh : NULL;
}

const char *labels_en(const char *kind, const char *key)
{
	const struct label *l = find(kind, key);

	return l ? l->en : NULL;
}

/* Which enumeration an exported column holds: {sheet or NULL for any, field, kind}. */
static const char *const columns[][3] = {
	{"delegations", "status", "status"},
	{"delegations", "category", "category"},
	{"passports", "status", "passport_status"},
	{"passports", "kind", "passport_kind"},
	{"document-applications", "kind", "document_kind"},
	{"document-applications", "reason", "document_reason"},
	{"document-applications", "status", "document_status"},
	{"document-applications", "passport_kind", "passport_kind"},
	{"visas", "status", "visa_status"},
	{"visas", "kind", "visa_kind"},
	{"visas", "entries", "visa_entries"},
	{"visas", "requirement", "visa_requirement"},
	{"visa-requirements", "requirement", "visa_requirement"},
	{"invitations", "status", "invitation_status"},
	{"letters", "kind", "letter_kind"},
	{"receptions", "category", "reception_category"},
	{"sister-cities", "status", "city_status"},
	{"exchanges", "kind", "exchange_kind"},
	{"abtc", "status", "abtc_status"},
	{"cases", "category", "case_category"},
	{"cases", "status", "case_status"},
	{"contacts", "kind", "contact_kind"},
	{"review-sessions", "status", "review_status"},
	{"audit", "entity", "entity"},
	{"audit", "action", "audit_action"},
	{NULL, "role", "role"},
	{NULL, "level", "level"},
	{NULL, "rank", "rank"},
	{NULL, "gender", "gender"},
	{NULL, "guest_type", "guest_type"},
	{NULL, "region", "region"},
	{NULL, "relation", "relation"},
	{NULL, "direction", "direction"},
	{NULL, "outcome", "review_outcome"},
	{NULL, "decision", "vote"},
};

const char *labels_column_kind(const char *sheet, const char *field)
{
	size_t i;

	if (!field)
		return NULL;
	for (i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		if (strcmp(columns[i][1], field) == 0 && (!columns[i][0] || (sheet && strcmp(columns[i][0], sheet) == 0)))
			return columns[i][2];
	return NULL;
}

int labels_get(struct request *req, struct response *res)
{
	json_t *out = json_object(), *arr;
	const struct label *l;
	size_t i;

	(void)req;
	if (!out)
		return http_error_internal(req, res);
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		arr = json_array();
		for (l = sets[i].items; arr && l->key; l++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "key", l->key, "zh", l->zh, "en", l->en));
		if (!arr || json_object_set_new(out, sets[i].kind, arr) != 0) {
			json_decref(out);
			return http_error_internal(req, res);
		}
	}
	return http_json(res, 200, out);
}
