/*
 * export.c - .xlsx workbooks from JSON rows (see export.h).
 */
#include "export.h"

#include "document.h"
#include "labels.h"
#include "util.h"
#include "validate.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_COLUMNS 64
#define MAX_WIDTH 60.0

static const char *const headers[][2] = {
	{"id", "编号"}, {"code", "团组编号"}, {"title", "名称"}, {"name", "名称"}, {"unit_id", "单位编号"},
	{"unit_name", "单位"}, {"host_unit_name", "接待单位"}, {"category", "类别"}, {"kind", "类别"},
	{"depart_date", "出发日期"}, {"return_date", "回国日期"}, {"budget_cny", "经费(元)"}, {"status", "状态"},
	{"status_zh", "状态(中文)"}, {"approved_on", "批准日期"}, {"approval_no", "批件号"}, {"member_count", "人数"},
	{"leader_name", "团长"}, {"actual_return", "实际回国日期"}, {"report_date", "总结日期"}, {"username", "用户名"},
	{"display_name", "姓名"}, {"role", "角色"}, {"level", "级别"}, {"parent_name", "上级单位"},
	{"is_active", "启用"}, {"created_at", "创建时间"}, {"updated_at", "更新时间"}, {"gender", "性别"},
	{"birth_date", "出生日期"}, {"position", "职务"}, {"rank", "职级"}, {"is_cadre", "党政干部"},
	{"number", "护照号码"}, {"person_name", "姓名"}, {"expiry_date", "有效期至"}, {"issue_date", "签发日期"},
	{"delegation_code", "团组"}, {"due_date", "应缴回日期"}, {"is_overdue", "逾期"}, {"year", "年度"},
	{"batches", "批次"}, {"persons", "人数"}, {"approved_batches", "已批批次"}, {"approved_persons", "已批人次"},
	{"approved_budget_cny", "已批经费(元)"}, {"pending_batches", "待批批次"}, {"pending_persons", "待批人次"},
	{"pending_budget_cny", "待批经费(元)"}, {"date", "日期"}, {"purpose", "事由"}, {"person_count", "人次"},
	{"guest_type", "宾客类别"}, {"country", "国家(地区)"}, {"sister_city_name", "友好城市"},
	{"arrive_date", "抵达日期"}, {"leave_date", "离开日期"}, {"programme", "活动安排"}, {"name_zh", "中文名称"},
	{"name_local", "外文名称"}, {"region", "地区"}, {"relation", "关系"}, {"established_on", "缔结日期"},
	{"notes", "备注"}, {"direction", "方向"}, {"school", "我方学校"}, {"partner_school", "对方学校"},
	{"company", "企业"}, {"applied_on", "申请日期"}, {"submitted_on", "报送日期"}, {"card_no", "卡号"},
	{"received_on", "受理日期"}, {"parties", "当事人"}, {"summary", "摘要"}, {"answered_on", "答复日期"},
	{"closed_on", "办结日期"}, {"resolution", "处理结果"}, {"sent_on", "报送日期"}, {"author", "撰稿人"},
	{"organisation", "机构"}, {"birthday", "生日"}, {"national_day", "国庆日"}, {"email", "电子邮箱"},
	{"phone", "电话"}, {"at", "时间"}, {"action", "操作"}, {"entity", "对象"}, {"entity_id", "对象编号"},
	{"client_ip", "地址"}, {"item", "项目"}, {"this_period", "本期"}, {"last_year", "去年同期"},
	{"nationalities", "涉及国籍"}, {"sent_to", "报送单位"}, {"adopted_by", "录用情况"}, {"exchange_count", "交流次数"},
	{"item_count", "议题数"}, {"closed_at", "结束时间"}, {"filename", "文件名"}, {"size_bytes", "大小(字节)"},
	{"destinations", "出访国家(地区)"}, {"user_id", "用户编号"}, {"before", "修改前"},
	{"after", "修改后"}, {"hash", "校验值"}, {"person_id", "人员编号"}, {"delegation_id", "团组编号"},
	{"country_name", "国家(地区)"}, {"region_zh", "地区"}, {"started_on", "办理日期"}, {"rejected_on", "未通过日期"},
	{"meeting_date", "会审日期"}, {"outcome", "结果"}, {"actual_depart", "实际出发日期"},
	{"publicity_start", "公示开始日期"}, {"briefing_date", "行前教育日期"}, {"official_days", "实质性公务天数"},
	{"inviter", "邀请单位"}, {"task", "出访任务"}, {"days", "天数"}, {"host_unit_id", "接待单位编号"},
	{"sister_city_id", "友好城市编号"}, {"parent_id", "上级单位编号"}, {"letter_date", "日期"}, {"version", "版本"},
};

const char *export_header(const char *field)
{
	size_t i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++)
		if (strcmp(headers[i][0], field) == 0)
			return headers[i][1];
	return field;
}

/* Display width: a CJK character takes two columns. */
static double text_width(const char *s)
{
	long n = util_utf8_length(s);
	size_t bytes = strlen(s);

	if (n < 0)
		return (double)bytes;
	/* multi-byte characters here are (almost always) wide */
	return (double)n + (double)(bytes - (size_t)n) / 2.0;
}

static bool is_date(const char *s)
{
	return strlen(s) == 10 && util_valid_date(s);
}

/*
 * A column people read: not the English duplicate of a labelled one
 * (status_zh), not an id whose name stands beside it (unit_id and unit_name).
 */
static bool column_shown(json_t *row, const char *key)
{
	char name[64];
	size_t n = strlen(key);

	if (strcmp(key, "status_zh") == 0)
		return false;
	if (n > 3 && n < sizeof(name) - 2 && strcmp(key + n - 3, "_id") == 0) {
		snprintf(name, sizeof(name), "%.*s_name", (int)(n - 3), key);
		if (json_object_get(row, name))
			return false;
	}
	return true;
}

/* A stored UTC timestamp (YYYY-MM-DDTHH:MM:SSZ) as the office's local time, "YYYY-MM-DD HH:MM". */
static bool local_time(const char *s, char *out, size_t len)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z' ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1 || !localtime_r(&t, &tm))
		return false;
	return strftime(out, len, "%Y-%m-%d %H:%M", &tm) > 0;
}

struct formats {
	lxw_format *header, *date, *money;
};

static void write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *key, const char *kind, json_t *v,
		       const struct formats *f, double *width)
{
	char local[32];
	const char *zh;
	char *text = NULL;
	const char *s;
	double w = 4;

	if (json_is_string(v) && kind && (zh = labels_zh(kind, json_string_value(v)))) {
		worksheet_write_string(ws, row, col, zh, NULL);
		w = text_width(zh);
	} else if (json_is_string(v) && local_time(json_string_value(v), local, sizeof(local))) {
		worksheet_write_string(ws, row, col, local, NULL);
		w = 17;
	} else if (json_is_string(v) && is_date(s = json_string_value(v))) {
		lxw_datetime dt = {0, 0, 0, 0, 0, 0};
		dt.year = (int)strtol(s, NULL, 10);
		dt.month = (uint8_t)strtol(s + 5, NULL, 10);
		dt.day = (uint8_t)strtol(s + 8, NULL, 10);
		worksheet_write_datetime(ws, row, col, &dt, f->date);
		w = 11;
	} else if (json_is_string(v)) {
		worksheet_write_string(ws, row, col, json_string_value(v), NULL);
		w = text_width(json_string_value(v));
	} else if (json_is_integer(v) || json_is_real(v)) {
		size_t klen = strlen(key);
		bool money = klen > 4 && strcmp(key + klen - 4, "_cny") == 0;
		worksheet_write_number(ws, row, col, json_number_value(v), money ? f->money : NULL);
		w = money ? 14 : 8;
	} else if (json_is_boolean(v)) {
		worksheet_write_string(ws, row, col, json_is_true(v) ? "是" : "否", NULL);
	} else if (!json_is_null(v)) {
		text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		worksheet_write_string(ws, row, col, text ? text : "", NULL);
		w = text ? text_width(text) : 4;
		free(text);
	}
	if (w > *width)
		*width = w;
}

static void write_sheet(lxw_workbook *wb, const struct export_sheet *sheet, const struct formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet->name);
	const char *keys[MAX_COLUMNS], *kinds[MAX_COLUMNS];
	double widths[MAX_COLUMNS];
	json_t *first = json_array_get(sheet->rows, 0), *row, *v;
	const char *key;
	size_t ncols = 0, i, c;

	if (!ws)
		return;
	json_object_foreach(first, key, v) {
		if (ncols < MAX_COLUMNS && column_shown(first, key)) {
			kinds[ncols] = labels_column_kind(sheet->name, key);
			keys[ncols++] = key;
		}
	}
	for (c = 0; c < ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, export_header(keys[c]), f->header);
		widths[c] = text_width(export_header(keys[c]));
	}
	json_array_foreach(sheet->rows, i, row)
		for (c = 0; c < ncols; c++)
			write_cell(ws, (lxw_row_t)(i + 1), (lxw_col_t)c, keys[c], kinds[c], json_object_get(row, keys[c]), f,
				   &widths[c]);
	for (c = 0; c < ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (widths[c] > MAX_WIDTH ? MAX_WIDTH : widths[c]) + 2, NULL);
	worksheet_freeze_panes(ws, 1, 0);
}

static void add_formats(lxw_workbook *wb, struct formats *f)
{
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_bg_color(f->header, 0xDDEBF7);
	format_set_border(f->header, LXW_BORDER_THIN);
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "yyyy-mm-dd");
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "#,##0.00");
}

/* ---- streaming: one sheet written row by row in constant memory ---- */

struct export_stream {
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct formats f;
	char *keys[MAX_COLUMNS];
	const char *kinds[MAX_COLUMNS]; /* the enumeration each column holds, or NULL */
	char sheet[64];
	double widths[MAX_COLUMNS];
	size_t ncols;
	lxw_row_t next_row;
};

struct export_stream *export_stream_open(const char *sheet_name)
{
	lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	struct export_stream *xs = calloc(1, sizeof(*xs));
	int fd;

	if (!xs)
		return NULL;
	snprintf(xs->path, sizeof(xs->path), "/tmp/waishi-export-XXXXXX");
	fd = mkstemp(xs->path);
	if (fd < 0) {
		free(xs);
		return NULL;
	}
	close(fd);
	snprintf(xs->sheet, sizeof(xs->sheet), "%s", sheet_name);
	xs->wb = workbook_new_opt(xs->path, &opts);
	if (xs->wb) {
		add_formats(xs->wb, &xs->f);
		xs->ws = workbook_add_worksheet(xs->wb, sheet_name);
	}
	if (!xs->ws) {
		export_stream_free(xs);
		return NULL;
	}
	return xs;
}

int export_stream_row(struct export_stream *xs, json_t *row)
{
	const char *key;
	json_t *v;
	size_t c;

	if (xs->next_row == 0) { /* the first row's keys are the columns */
		json_object_foreach(row, key, v) {
			if (xs->ncols >= MAX_COLUMNS || !column_shown(row, key))
				continue;
			if (!(xs->keys[xs->ncols] = strdup(key)))
				return -1;
			xs->kinds[xs->ncols++] = labels_column_kind(xs->sheet, key);
		}
		for (c = 0; c < xs->ncols; c++) {
			worksheet_write_string(xs->ws, 0, (lxw_col_t)c, export_header(xs->keys[c]), xs->f.header);
			xs->widths[c] = text_width(export_header(xs->keys[c]));
		}
		xs->next_row = 1;
	}
	for (c = 0; c < xs->ncols; c++)
		write_cell(xs->ws, xs->next_row, (lxw_col_t)c, xs->keys[c], xs->kinds[c], json_object_get(row, xs->keys[c]),
			   &xs->f, &xs->widths[c]);
	xs->next_row++;
	return 0;
}

int export_stream_finish(struct export_stream *xs, int *fd, uint64_t *size)
{
	struct stat st;
	size_t c;
	lxw_error err;

	*fd = -1;
	for (c = 0; c < xs->ncols; c++)
		worksheet_set_column(xs->ws, (lxw_col_t)c, (lxw_col_t)c,
				     (xs->widths[c] > MAX_WIDTH ? MAX_WIDTH : xs->widths[c]) + 2, NULL);
	if (xs->ncols)
		worksheet_freeze_panes(xs->ws, 1, 0);
	err = workbook_close(xs->wb);
	xs->wb = NULL;
	if (err == LXW_NO_ERROR)
		*fd = open(xs->path, O_RDONLY | O_CLOEXEC);
	if (*fd >= 0 && fstat(*fd, &st) != 0) {
		close(*fd);
		*fd = -1;
	}
	if (*fd >= 0)
		*size = (uint64_t)st.st_size;
	export_stream_free(xs); /* unlinks the file: the open descriptor keeps it */
	return *fd >= 0 ? 0 : -1;
}

void export_stream_free(struct export_stream *xs)
{
	size_t c;

	if (!xs)
		return;
	if (xs->wb)
		workbook_close(xs->wb);
	unlink(xs->path);
	for (c = 0; c < xs->ncols; c++)
		free(xs->keys[c]);
	free(xs);
}

int export_xlsx(const struct export_sheet *sheets, size_t n, char **data, size_t *len)
{
	char path[] = "/tmp/waishi-xlsx-XXXXXX";
	lxw_workbook *wb;
	struct formats f;
	size_t i;
	int fd = mkstemp(path), rc = -1;

	if (fd < 0)
		return -1;
	close(fd);
	wb = workbook_new(path);
	if (!wb)
		goto out;
	add_formats(wb, &f);
	for (i = 0; i < n; i++)
		write_sheet(wb, &sheets[i], &f);
	if (workbook_close(wb) == LXW_NO_ERROR)
		rc = document_slurp(path, data, len);
out:
	unlink(path);
	return rc;
}
