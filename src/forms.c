/*
 * forms.c - the trip approval and the invitation letter as PDF (see forms.h).
 */
#include "forms_api.h"

#include "buf.h"
#include "country.h"
#include "dates.h"
#include "delegation_api.h"
#include "document.h"
#include "invitation.h"
#include "auth_api.h"
#include "letter.h"
#include "policy.h"
#include "record_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int answer_pdf(struct request *req, struct response *res, struct document *d, const char *name)
{
	char *data = NULL, filename[80];
	size_t len = 0;
	int rc = d && document_pdf(d, &data, &len) == 0;

	document_free(d);
	if (!rc)
		return http_error_internal(req, res);
	snprintf(filename, sizeof(filename), "%s.pdf", name);
	return http_file(res, http_body_buffer(data, len), "application/pdf", HTTP_INLINE, filename);
}

static void chinese_date(const char *ymd, char *out, size_t len)
{
	snprintf(out, len, "%d年%d月%d日", date_year(ymd), (int)strtol(ymd + 5, NULL, 10), (int)strtol(ymd + 8, NULL, 10));
}

/* "德国(法兰克福,4天)、法国(巴黎,4天)" */
static void itinerary(json_t *trip, struct buf *b)
{
	json_t *d;
	size_t i;

	json_array_foreach(json_object_get(trip, "destinations"), i, d)
		if (buf_addf(b, "%s%s(%s,%lld天)", i ? "、" : "", str(d, "country_name"), str(d, "city"),
			     (long long)json_integer_value(json_object_get(d, "days"))) != BUF_OK)
			return;
}

static void members(json_t *trip, struct buf *b)
{
	json_t *m;
	size_t i;

	json_array_foreach(json_object_get(trip, "members"), i, m)
		if (buf_addf(b, "%s%s(%s%s)", i ? "、" : "", str(m, "name"), json_is_true(json_object_get(m, "is_leader")) ? "团长," : "",
			     str(m, "position")) != BUF_OK)
			return;
}

int forms_approval(struct request *req, struct response *res)
{
	static const char *const approved[] = {"approved", "departed", "returned", "closed"};
	struct document *d;
	struct policy p;
	struct buf route, people;
	json_t *base = NULL, *trip;
	char on[40], name[64];
	size_t i;
	bool ok = false;
	int rc = delegation_load(req, res, req->ids[0], &base);

	if (rc)
		return rc;
	for (i = 0; i < 4; i++)
		ok = ok || strcmp(str(base, "status"), approved[i]) == 0;
	json_decref(base);
	if (!ok)
		return http_error(req, res, 409, "invalid_transition", NULL, "only an approved trip has an approval form",
				  "只有已批准的团组才有出国任务批件");
	trip = delegation_detail(req->db, req->ids[0], &rc);
	if (!trip || policy_load(req->db, &p) != DB_OK) {
		json_decref(trip);
		return http_error_db(req, res, rc ? rc : DB_ERR);
	}
	buf_init(&route, 8192);
	buf_init(&people, 8192);
	itinerary(trip, &route);
	members(trip, &people);
	chinese_date(str(trip, "approved_on"), on, sizeof(on));
	d = document_new();
	document_add(d, BLOCK_TITLE, "因公出国(境)任务批件");
	document_add(d, BLOCK_SUBTITLE, "批件号:%s", str(trip, "approval_no"));
	document_add(d, BLOCK_LINE, "申报单位:%s", str(trip, "unit_name"));
	document_add(d, BLOCK_LINE, "团组名称:%s(团组编号 %s)", str(trip, "title"), str(trip, "code"));
	document_add(d, BLOCK_LINE, "出访任务:%s", str(trip, "task"));
	document_add(d, BLOCK_LINE, "邀请单位:%s", str(trip, "inviter"));
	document_add(d, BLOCK_LINE, "出访国家(地区):%s", route.data);
	document_add(d, BLOCK_LINE, "出访日期:%s 至 %s,在外%lld天", str(trip, "depart_date"), str(trip, "return_date"),
		     (long long)json_integer_value(json_object_get(trip, "days")));
	document_add(d, BLOCK_LINE, "团组成员(%zu人):%s", json_array_size(json_object_get(trip, "members")), people.data);
	document_add(d, BLOCK_LINE, "经费预算:%.2f元", json_number_value(json_object_get(trip, "budget_cny")));
	document_add(d, BLOCK_PARAGRAPH,
		     "经审核,同意该团组按上述任务、路线、人员和日程执行。出访人员须严格遵守外事纪律,不得擅自变更行程、"
		     "延长在外时间;回国后%lld日内缴回因公护照,%lld日内提交出访总结并在本单位公示。",
		     (long long)p.passport_return_days, (long long)p.report_due_days);
	document_add(d, BLOCK_SIGNATURE, "市人民政府外事办公室");
	document_add(d, BLOCK_SIGNATURE, "%s", on);
	snprintf(name, sizeof(name), "approval-%s", str(trip, "code"));
	buf_free(&route);
	buf_free(&people);
	json_decref(trip);
	return answer_pdf(req, res, d, name);
}

int forms_invitation(struct request *req, struct response *res)
{
	struct document *d;
	json_t *letter = NULL, *p;
	char on[40], name[64];
	size_t i;
	int rc = record_load(req, res, &letter_record, req->ids[0], &letter);

	if (rc)
		return rc;
	if (strcmp(str(letter, "kind"), "invitation") != 0) {
		json_decref(letter);
		return http_error(req, res, 409, "invalid_transition", NULL, "only an invitation has an invitation letter",
				  "只有邀请外国人来华函电才能打印邀请函");
	}
	chinese_date(str(letter, "date"), on, sizeof(on));
	d = document_new();
	document_add(d, BLOCK_TITLE, "邀请函");
	document_add(d, BLOCK_SUBTITLE, "Letter of Invitation");
	if (*str(letter, "invitation_no"))
		document_add(d, BLOCK_SUBTITLE, "编号 No.:%s", str(letter, "invitation_no"));
	document_add(d, BLOCK_PARAGRAPH, "兹邀请下列外国人士来华,事由:%s。请有关驻外使领馆予以办理签证为盼。", str(letter, "purpose"));
	json_array_foreach(json_object_get(letter, "persons"), i, p) {
		const char *nat = str(p, "nationality"), *zh = country_name_zh(nat);
		document_add(d, BLOCK_LINE, "%zu. 姓名 Name:%s  国籍 Nationality:%s(%s)  护照号码 Passport No.:%s", i + 1,
			     str(p, "name"), zh ? zh : nat, nat, str(p, "passport_no"));
	}
	document_add(d, BLOCK_LINE, "邀请单位 Inviting organisation:%s", str(letter, "unit_name"));
	document_add(d, BLOCK_SIGNATURE, "%s", str(letter, "unit_name"));
	document_add(d, BLOCK_SIGNATURE, "%s", on);
	snprintf(name, sizeof(name), "invitation-%lld", (long long)req->ids[0]);
	json_decref(letter);
	return answer_pdf(req, res, d, name);
}

/* ---- invitation applications ---- */

/* The approved invitation `id` visible to the caller into *out; else the status of the error answered. */
static int approved_invitation(struct request *req, struct response *res, json_t **out)
{
	json_t *inv;
	int rc;

	*out = NULL;
	inv = invitation_load(req->db, req->ids[0], &rc);
	if (!inv)
		return rc == DB_DONE ? http_error_not_found(req, res) : http_error_db(req, res, rc);
	rc = auth_check_unit(req, res, json_integer_value(json_object_get(inv, "unit_id")));
	if (!rc && strcmp(str(inv, "status"), "approved") != 0)
		rc = http_error(req, res, 409, "invalid_transition", NULL, "only an approved invitation has its letters",
				"只有已批准的邀请申请才能打印邀请函和通知函");
	if (rc) {
		json_decref(inv);
		return rc;
	}
	*out = inv;
	return 0;
}

static void invited_persons(struct document *d, json_t *inv)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(inv, "persons"), i, p) {
		const char *nat = str(p, "nationality"), *zh = country_name_zh(nat);
		document_add(d, BLOCK_LINE,
			     "%zu. 姓名 Name:%s  国籍 Nationality:%s(%s)  护照号码 Passport No.:%s  出生日期 Date of birth:%s"
			     "  职务 Position:%s",
			     i + 1, str(p, "name"), zh ? zh : nat, nat, str(p, "passport_no"), str(p, "birth_date"),
			     str(p, "position"));
	}
}

int forms_invitation_letter(struct request *req, struct response *res)
{
	struct document *d;
	json_t *inv = NULL;
	char on[40], name[64];
	int rc = approved_invitation(req, res, &inv);

	if (rc)
		return rc;
	chinese_date(str(inv, "decided_on"), on, sizeof(on));
	d = document_new();
	document_add(d, BLOCK_TITLE, "邀请函");
	document_add(d, BLOCK_SUBTITLE, "Letter of Invitation");
	document_add(d, BLOCK_SUBTITLE, "编号 No.:%s", str(inv, "invitation_no"));
	document_add(d, BLOCK_PARAGRAPH, "兹邀请下列外国人士于%s至%s来华,事由:%s。请有关驻外使领馆予以办理签证为盼。",
		     str(inv, "arrive_date"), str(inv, "leave_date"), str(inv, "purpose"));
	invited_persons(d, inv);
	document_add(d, BLOCK_LINE, "邀请单位 Inviting organisation:%s", str(inv, "unit_name"));
	document_add(d, BLOCK_SIGNATURE, "%s", str(inv, "unit_name"));
	document_add(d, BLOCK_SIGNATURE, "%s", on);
	snprintf(name, sizeof(name), "invitation-letter-%lld", (long long)req->ids[0]);
	json_decref(inv);
	return answer_pdf(req, res, d, name);
}

int forms_invitation_notice(struct request *req, struct response *res)
{
	struct document *d;
	json_t *inv = NULL;
	char on[40], name[64];
	int rc = approved_invitation(req, res, &inv);

	if (rc)
		return rc;
	chinese_date(str(inv, "decided_on"), on, sizeof(on));
	d = document_new();
	document_add(d, BLOCK_TITLE, "被授权单位邀请外国人来华通知函");
	document_add(d, BLOCK_SUBTITLE, "编号:%s", str(inv, "invitation_no"));
	document_add(d, BLOCK_LINE, "%s:", str(inv, "visa_post"));
	document_add(d, BLOCK_PARAGRAPH,
		     "经审核,同意%s邀请下列外国人士于%s至%s来华,事由:%s。请予办理签证。邀请函编号:%s。",
		     str(inv, "unit_name"), str(inv, "arrive_date"), str(inv, "leave_date"), str(inv, "purpose"),
		     str(inv, "invitation_no"));
	invited_persons(d, inv);
	document_add(d, BLOCK_SIGNATURE, "市人民政府外事办公室");
	document_add(d, BLOCK_SIGNATURE, "%s", on);
	snprintf(name, sizeof(name), "invitation-notice-%lld", (long long)req->ids[0]);
	json_decref(inv);
	return answer_pdf(req, res, d, name);
}
