/*
 * trip_bulk.c - the trip module's bulk loader (see trip_bulk.h): rows are
 * written many to one INSERT through the statement cache, so a million
 * trips with their members, destinations and plans load in about a minute
 * on either backend.
 */
#include "trip_bulk.h"

#include "audit.h"
#include "buf.h"
#include "cli.h"
#include "dates.h"
#include "policy.h"
#include "trip.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_ROWS 100
#define BULK_PERSONS 1000
#define YEARS 10

/* ---- many rows to one INSERT ---- */

struct value {
	char kind;     /* 'i' integer, 't' text (offset in the arena), 'n' NULL */
	int64_t i;     /* the integer, or the text's offset */
};

struct batch {
	struct db *db;
	const char *head;  /* "INSERT INTO t (a, b) VALUES " */
	int ncols;
	int nrows;         /* complete rows held */
	int nvals;         /* values held */
	struct value vals[BATCH_ROWS * 24];
	struct buf arena;  /* the texts, NUL-separated */
	int rc;            /* first failure; later calls do nothing */
};

static void batch_init(struct batch *b, struct db *db, const char *head, int ncols)
{
	b->db = db;
	b->head = head;
	b->ncols = ncols;
	b->nrows = 0;
	b->nvals = 0;
	b->rc = DB_OK;
	buf_init(&b->arena, (size_t)16 << 20);
}

static int batch_flush(struct batch *b)
{
	struct db_stmt *st = NULL;
	struct buf sql;
	int r, c, k = 0, rc;

	if (b->rc != DB_OK || b->nrows == 0)
		return b->rc;
	buf_init(&sql, (size_t)1 << 20);
	rc = buf_adds(&sql, b->head) == BUF_OK ? DB_OK : DB_ERR;
	for (r = 0; r < b->nrows && rc == DB_OK; r++) {
		for (c = 0; c < b->ncols && rc == DB_OK; c++)
			rc = buf_adds(&sql, c == 0 ? (r ? ", (?" : "(?") : ", ?") == BUF_OK ? DB_OK : DB_ERR;
		if (rc == DB_OK)
			rc = buf_add(&sql, ")", 1) == BUF_OK ? DB_OK : DB_ERR;
	}
	if (rc == DB_OK)
		rc = db_prepare(b->db, sql.data, &st);
	for (k = 0; k < b->nvals && rc == DB_OK; k++) {
		const struct value *v = &b->vals[k];
		rc = v->kind == 'i' ? db_bind_int64(st, k + 1, v->i)
		     : v->kind == 't' ? db_bind_text(st, k + 1, b->arena.data + v->i) : db_bind_null(st, k + 1);
	}
	if (rc == DB_OK)
		rc = db_step(st);
	if (rc == DB_DONE)
		rc = DB_OK;
	db_finalize(st);
	buf_free(&sql);
	buf_reset(&b->arena);
	b->nrows = 0;
	b->nvals = 0;
	b->rc = rc;
	return rc;
}

static void add_int(struct batch *b, int64_t v)
{
	b->vals[b->nvals].kind = 'i';
	b->vals[b->nvals++].i = v;
}

static void add_text(struct batch *b, const char *s)
{
	if (!s) {
		b->vals[b->nvals++].kind = 'n';
		return;
	}
	b->vals[b->nvals].kind = 't';
	b->vals[b->nvals++].i = (int64_t)b->arena.len;
	if (buf_add(&b->arena, s, strlen(s) + 1) != BUF_OK)
		b->rc = DB_ERR;
}

/* The row just added is complete. */
static int row_done(struct batch *b)
{
	if (b->nvals != (b->nrows + 1) * b->ncols)
		b->rc = DB_ERR;
	b->nrows++;
	return b->rc;
}

/* No room for another row. */
static bool batch_full(const struct batch *b)
{
	return b->nrows == BATCH_ROWS || (b->nrows + 1) * b->ncols > (int)(sizeof(b->vals) / sizeof(b->vals[0]));
}

static void batch_free(struct batch *b)
{
	buf_free(&b->arena);
}

/* ---- what the trips are made of ---- */

static const char *const categories[] = {"inspection", "investment", "sister_city", "training",
					 "conference", "student",    "business",    "other"};
static const struct {
	const char *country, *city;
} places[] = {
	{"SG", "新加坡"}, {"MY", "吉隆坡"}, {"TH", "曼谷"},   {"VN", "河内"},   {"JP", "东京"},     {"KR", "首尔"},
	{"GB", "伦敦"},   {"DE", "柏林"},   {"FR", "巴黎"},   {"IT", "罗马"},   {"AU", "悉尼"},     {"NZ", "奥克兰"},
	{"US", "纽约"},   {"CA", "多伦多"}, {"LA", "万象"},   {"KH", "金边"},   {"ID", "雅加达"},   {"PH", "马尼拉"},
	{"BR", "圣保罗"}, {"ZA", "约翰内斯堡"}, {"EG", "开罗"}, {"RU", "莫斯科"}, {"AE", "迪拜"}, {"IN", "新德里"},
};
#define NPLACES (sizeof(places) / sizeof(places[0]))

struct loader {
	struct db *db;
	struct policy pol;
	int64_t *unit_ids;
	int64_t nunits;
	int64_t person_base; /* first generated traveller's id */
	int64_t trip_base;   /* first generated trip's id */
	int first_year;
	int64_t code_seq[YEARS + 2];     /* next code number by year - first_year + 1 (trip_next_seq) */
	int64_t approval_seq[YEARS + 2]; /* next approval number likewise */
	char now[32];
	char today[DATE_LEN];
};

static int load_units(struct loader *l)
{
	struct db_stmt *st = NULL;
	int64_t i = 0;
	int rc = db_query_int(l->db, &l->nunits, "SELECT COUNT(*) FROM units", "");

	if (rc == DB_OK && l->nunits == 0)
		return DB_ERR;
	if (rc == DB_OK && !(l->unit_ids = calloc((size_t)l->nunits, sizeof(*l->unit_ids))))
		rc = DB_ERR;
	if (rc == DB_OK)
		rc = db_prepare(l->db, "SELECT id FROM units ORDER BY id", &st);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW && i < l->nunits) {
		l->unit_ids[i++] = db_column_int64(st, 0);
		rc = DB_OK;
	}
	db_finalize(st);
	l->nunits = i;
	return rc == DB_DONE || rc == DB_OK ? DB_OK : rc;
}

/* Numbering continues after the highest code and approval number of each year: trip_next_seq, the one owner. */
static int load_sequences(struct loader *l)
{
	int y, rc = DB_OK;

	for (y = 0; y < YEARS + 2 && rc == DB_OK; y++) {
		rc = trip_next_seq(l->db, TRIP_SEQ_CODE, l->first_year - 1 + y, &l->code_seq[y]);
		if (rc == DB_OK)
			rc = trip_next_seq(l->db, TRIP_SEQ_APPROVAL, l->first_year - 1 + y, &l->approval_seq[y]);
	}
	return rc;
}

static int add_persons(struct loader *l)
{
	static const char *const ranks[] = {"bureau", "division", "section", "staff", "none"};
	struct batch b;
	char name[64];
	int64_t i;
	int rc = db_query_int(l->db, &l->person_base, "SELECT COALESCE(MAX(id), 0) + 1 FROM persons", "");

	batch_init(&b, l->db,
		   "INSERT INTO persons (id, name, gender, unit_id, position, rank, is_cadre, created_at, updated_at) VALUES ",
		   9);
	for (i = 0; i < BULK_PERSONS && rc == DB_OK; i++) {
		snprintf(name, sizeof(name), "批量人员%04lld", (long long)i + 1);
		add_int(&b, l->person_base + i);
		add_text(&b, name);
		add_text(&b, i % 2 ? "female" : "male");
		add_int(&b, l->unit_ids[i % l->nunits]);
		add_text(&b, "干部");
		add_text(&b, ranks[i % 5]);
		add_int(&b, i % 5 != 4);
		add_text(&b, l->now);
		add_text(&b, l->now);
		rc = row_done(&b);
		if (rc == DB_OK && batch_full(&b))
			rc = batch_flush(&b);
	}
	if (rc == DB_OK)
		rc = batch_flush(&b);
	batch_free(&b);
	return rc == DB_OK ? db_reset_ids(l->db, "persons") : rc;
}

/* An annual plan for every unit and year of the range that has none. */
static int add_plans(struct loader *l)
{
	int y, rc = DB_OK;

	for (y = l->first_year; y <= l->first_year + YEARS && rc == DB_OK; y++)
		rc = db_execf(l->db,
			      "INSERT INTO plans (year, unit_id, batches, persons, budget_fen, created_at, updated_at)"
			      " SELECT ?, u.id, 20, 80, 200000000, ?, ? FROM units u"
			      " WHERE NOT EXISTS (SELECT 1 FROM plans p WHERE p.year = ? AND p.unit_id = u.id)",
			      "itti", (int64_t)y, l->now, l->now, (int64_t)y);
	return rc;
}

/* The state a trip approved on day `approved` has reached by today, with its dates. */
struct trip_dates {
	const char *status;
	char submitted[DATE_LEN], publicity[DATE_LEN], approved[DATE_LEN], depart[DATE_LEN], ret[DATE_LEN];
	char report[DATE_LEN], commitment[DATE_LEN], briefing[DATE_LEN];
	bool is_approved, is_departed, is_returned, is_closed;
};

static void trip_dates(const struct loader *l, long i, int64_t approved_day, int days, struct trip_dates *t)
{
	int64_t today = date_to_days(l->today), depart = approved_day + 15 + i % 30, ret = depart + days - 1;

	memset(t, 0, sizeof(*t));
	date_from_days(approved_day - 25, t->submitted);
	date_from_days(approved_day - 20, t->publicity);
	date_from_days(approved_day, t->approved);
	date_from_days(depart, t->depart);
	date_from_days(ret, t->ret);
	date_from_days(ret + 12, t->report);
	date_from_days(depart - 3, t->commitment);
	date_from_days(depart - 5, t->briefing);
	if (i % 50 == 7) {
		t->status = "rejected";
		return;
	}
	if (i % 50 == 13) {
		t->status = "cancelled";
		return;
	}
	t->is_approved = true;
	t->is_departed = depart <= today;
	t->is_returned = ret < today;
	t->is_closed = ret + 12 < today;
	t->status = t->is_closed ? "closed" : t->is_returned ? "returned" : t->is_departed ? "departed" : "approved";
}

static int64_t *year_slot(struct loader *l, int64_t *seqs, const char *date)
{
	int idx = date_year(date) - l->first_year + 1;

	return &seqs[idx < 0 ? 0 : idx > YEARS + 1 ? YEARS + 1 : idx];
}

static int add_trips(struct loader *l, long count)
{
	struct batch trips, members, dests;
	struct trip_dates t;
	char code[16], approval_no[160], title[128];
	int64_t start = date_to_days(l->today) - 365 * YEARS - 2, span = 365 * YEARS;
	long i;
	int rc = db_query_int(l->db, &l->trip_base, "SELECT COALESCE(MAX(id), 0) + 1 FROM delegations", "");

	batch_init(&trips, l->db,
		   "INSERT INTO delegations (id, code, code_year, code_seq, unit_id, title, task, category, inviter,"
		   " depart_date, return_date, budget_fen, status, submitted_on, publicity_start, approved_on, approval_no,"
		   " approval_year, approval_seq, briefing_date, is_reminder_card, actual_depart, actual_return, report_date,"
		   " report_summary, closed_on, cancel_reason, cancelled_on, created_at, updated_at) VALUES ",
		   30);
	batch_init(&members, l->db,
		   "INSERT INTO delegation_members (delegation_id, person_id, is_leader, commitment_date) VALUES ", 4);
	batch_init(&dests, l->db,
		   "INSERT INTO delegation_destinations (delegation_id, position, country, city, days) VALUES ", 5);
	for (i = 0; i < count && rc == DB_OK; i++) {
		int64_t id = l->trip_base + i, *seq, n;
		int nstops = 1 + (int)(i % 3), nmembers = 1 + (int)(i % 5), days = 3 + (int)(i % 3) * 2 + nstops, k;
		const char *category = categories[i % 8];

		trip_dates(l, i, start + (int64_t)((double)i * (double)span / (double)count), days, &t);
		seq = year_slot(l, l->code_seq, t.submitted);
		n = (*seq)++;
		trip_code_format(date_year(t.submitted), n, code);
		snprintf(title, sizeof(title), "批量团组%ld赴%s%s", i + 1, places[i % NPLACES].city,
			 strcmp(category, "training") == 0 ? "培训团" : "考察团");
		add_int(&trips, id);
		add_text(&trips, code);
		add_int(&trips, date_year(t.submitted));
		add_int(&trips, n);
		add_int(&trips, l->unit_ids[(i * 7) % l->nunits]);
		add_text(&trips, title);
		add_text(&trips, "开展对口交流,考察学习");
		add_text(&trips, category);
		add_text(&trips, "对方邀请单位");
		add_text(&trips, t.depart);
		add_text(&trips, t.ret);
		add_int(&trips, (int64_t)(20000 + (i * 7919) % 180000) * 100);
		add_text(&trips, t.status);
		add_text(&trips, t.submitted);
		add_text(&trips, t.publicity);
		if (t.is_approved) {
			seq = year_slot(l, l->approval_seq, t.approved);
			n = (*seq)++;
			policy_approval_no(&l->pol, date_year(t.approved), n, approval_no, sizeof(approval_no));
			add_text(&trips, t.approved);
			add_text(&trips, approval_no);
			add_int(&trips, date_year(t.approved));
			add_int(&trips, n);
		} else {
			add_text(&trips, NULL);
			add_text(&trips, NULL);
			add_text(&trips, NULL);
			add_text(&trips, NULL);
		}
		add_text(&trips, t.is_departed ? t.briefing : NULL);
		add_int(&trips, t.is_departed);
		add_text(&trips, t.is_departed ? t.depart : NULL);
		add_text(&trips, t.is_returned ? t.ret : NULL);
		add_text(&trips, t.is_closed ? t.report : NULL);
		add_text(&trips, t.is_closed ? "按计划完成出访任务。" : NULL);
		add_text(&trips, t.is_closed ? t.report : NULL);
		add_text(&trips, strcmp(t.status, "cancelled") == 0 ? "邀请方活动延期" : NULL);
		add_text(&trips, strcmp(t.status, "cancelled") == 0 ? t.submitted : NULL);
		add_text(&trips, l->now);
		add_text(&trips, l->now);
		rc = row_done(&trips);
		for (k = 0; k < nmembers && rc == DB_OK; k++) {
			add_int(&members, id);
			add_int(&members, l->person_base + (i * 13 + k * 101) % BULK_PERSONS);
			add_int(&members, k == 0);
			add_text(&members, t.is_departed ? t.commitment : NULL);
			rc = row_done(&members);
		}
		for (k = 0; k < nstops && rc == DB_OK; k++) {
			size_t p = (size_t)(i + k * 5) % NPLACES;
			add_int(&dests, id);
			add_int(&dests, k + 1);
			add_text(&dests, places[p].country);
			add_text(&dests, places[p].city);
			add_int(&dests, k == 0 ? days - nstops + 1 : 1);
			rc = row_done(&dests);
		}
		/* trips first: members and destinations refer to them (a trip has at most 5 + 3 rows, which fit) */
		if (rc == DB_OK && batch_full(&trips)) {
			rc = batch_flush(&trips);
			if (rc == DB_OK)
				rc = batch_flush(&members);
			if (rc == DB_OK)
				rc = batch_flush(&dests);
		}
	}
	if (rc == DB_OK)
		rc = batch_flush(&trips);
	if (rc == DB_OK)
		rc = batch_flush(&members);
	if (rc == DB_OK)
		rc = batch_flush(&dests);
	batch_free(&trips);
	batch_free(&members);
	batch_free(&dests);
	return rc == DB_OK ? db_reset_ids(l->db, "delegations") : rc;
}

int trip_bulk_load(struct db *db, long count)
{
	struct loader l;
	json_t *after = NULL;
	int rc;

	memset(&l, 0, sizeof(l));
	l.db = db;
	util_now_rfc3339(l.now, sizeof(l.now));
	date_today(l.today);
	l.first_year = date_year(l.today) - YEARS;
	db_tune_bulk(db);
	rc = policy_load(db, &l.pol);
	if (rc == DB_OK)
		rc = db_begin(db);
	if (rc == DB_OK)
		rc = load_units(&l);
	if (rc == DB_OK)
		rc = load_sequences(&l);
	if (rc == DB_OK)
		rc = add_persons(&l);
	if (rc == DB_OK)
		rc = add_plans(&l);
	if (rc == DB_OK)
		rc = add_trips(&l, count);
	if (rc == DB_OK) {
		after = json_pack("{s:i, s:I}", "count", (int)count, "first_id", (json_int_t)l.trip_base);
		rc = after ? audit_write(db, &cli_actor, "bulk_create", "delegation", 0, NULL, after) : DB_ERR;
	}
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK)
		db_rollback(db);
	/* fresh statistics, so planners pick the period indexes over a status index nearly every trip matches */
	if (rc == DB_OK)
		rc = db_exec_script(db, "ANALYZE");
	json_decref(after);
	free(l.unit_ids);
	return rc;
}
