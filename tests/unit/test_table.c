/*
 * test_table.c - reading the tables people keep (table.c): CSV quoting
 * (RFC 4180), UTF-8 with a BOM and GB18030, the limits, a real .xlsx written
 * with libxlsxwriter; and import's reading of Excel day numbers and dotted or
 * slashed dates, seen in the rows it writes.
 */
#include "helpers.h"

#include "import.h"
#include "table.h"

#include <xlsxwriter.h>

/* An open file holding `data`, read from its start (the readers take a file, as uploads arrive). */
static int file_of(const char *data, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	assert_non_null(f);
	fd = dup(fileno(f));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	fclose(f);
	return fd;
}

static int table_read(const char *data, size_t len, struct table *t, char *err, size_t errlen)
{
	int fd = file_of(data, len), rc = table_read_fd(fd, t, err, errlen);

	close(fd);
	return rc;
}

static int import_text(struct db *db, const struct actor *who, const char *name, const char *data, size_t len,
		       size_t *imported, json_t **errors, char *err, size_t errlen)
{
	int fd = file_of(data, len), rc = import_run(db, who, name, fd, NULL, imported, errors, err, errlen);

	close(fd);
	return rc;
}

static void csv_quoting(void **state)
{
	static const char csv[] = "a,\"b,c\",\"d\"\"e\"\r\n\"two\nlines\",,x\n\nlast";
	struct table t;
	char err[128];

	(void)state;
	assert_int_equal(table_read(csv, sizeof(csv) - 1, &t, err, sizeof(err)), 0);
	assert_string_equal(table_cell(&t, 0, 0), "a");
	assert_string_equal(table_cell(&t, 0, 1), "b,c");
	assert_string_equal(table_cell(&t, 0, 2), "d\"e");
	assert_string_equal(table_cell(&t, 1, 0), "two\nlines");
	assert_string_equal(table_cell(&t, 1, 1), "");
	assert_string_equal(table_cell(&t, 1, 2), "x");
	assert_string_equal(table_cell(&t, t.nrows - 1, 0), "last");
	assert_string_equal(table_cell(&t, 0, 99), ""); /* absent cells read as empty */
	assert_string_equal(table_cell(&t, 999, 0), "");
	table_free(&t);
	assert_int_equal(table_read("a,\"open\n", 8, &t, err, sizeof(err)), -1);
	assert_string_equal(err, "CSV 文件中有未闭合的引号");
}

static void encodings(void **state)
{
	static const char bom[] = "\xEF\xBB\xBF团组,名称\n";
	static const char gb[] = "\xCD\xC5\xD7\xE9,\xC3\xFB\xB3\xC6\n"; /* 团组,名称 in GB18030 */
	struct table t;
	char err[128];

	(void)state;
	assert_int_equal(table_read(bom, sizeof(bom) - 1, &t, err, sizeof(err)), 0);
	assert_string_equal(table_cell(&t, 0, 0), "团组");
	assert_string_equal(table_cell(&t, 0, 1), "名称");
	table_free(&t);
	assert_int_equal(table_read(gb, sizeof(gb) - 1, &t, err, sizeof(err)), 0);
	assert_string_equal(table_cell(&t, 0, 0), "团组");
	assert_string_equal(table_cell(&t, 0, 1), "名称");
	table_free(&t);
	/* bytes that are neither UTF-8 nor GB18030 */
	assert_int_equal(table_read("\x81\x20,\xFF\n", 5, &t, err, sizeof(err)), -1);
	assert_string_equal(err, "文件编码无法识别(支持 UTF-8 和 GB18030)");
}

static void limits(void **state)
{
	struct table t;
	size_t cap = 6 * (TABLE_MAX_COLUMNS + 2), i, n = 0;
	char err[128], *wide = malloc(cap);

	(void)state;
	for (i = 0; i < TABLE_MAX_COLUMNS; i++)
		n += (size_t)snprintf(wide + n, cap - n, "%s1", i ? "," : "");
	assert_int_equal(table_read(wide, n, &t, err, sizeof(err)), 0); /* Excel's 16 384 columns: the most */
	assert_int_equal(t.ncols[0], TABLE_KEEP_COLUMNS);                /* of which the first 200 are kept */
	table_free(&t);
	n += (size_t)snprintf(wide + n, cap - n, ",1");
	assert_int_equal(table_read(wide, n, &t, err, sizeof(err)), TABLE_BAD); /* one past */
	assert_non_null(strstr(err, "16384"));
	free(wide);
}

static void xlsx_first_sheet(void **state)
{
	char path[] = "/tmp/waishi-unit-xlsx-XXXXXX", err[128], *data;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct table t;
	FILE *f;
	long len;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, "团组");
	worksheet_write_string(ws, 0, 0, "出发日期", NULL);
	worksheet_write_string(ws, 0, 1, "人数", NULL);
	worksheet_write_number(ws, 1, 0, 46000, NULL); /* a date typed into Excel: a day number */
	worksheet_write_number(ws, 1, 1, 3, NULL);
	worksheet_write_string(ws, 2, 1, "只有第二列", NULL);
	workbook_add_worksheet(wb, "第二页");
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	data = malloc((size_t)len);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	unlink(path);
	assert_int_equal(table_read(data, (size_t)len, &t, err, sizeof(err)), 0);
	assert_int_equal(t.nrows, 3);
	assert_string_equal(table_cell(&t, 0, 0), "出发日期");
	assert_string_equal(table_cell(&t, 1, 0), "46000");
	assert_string_equal(table_cell(&t, 1, 1), "3");
	assert_string_equal(table_cell(&t, 2, 0), "");
	assert_string_equal(table_cell(&t, 2, 1), "只有第二列");
	table_free(&t);
	/* a zip signature with no workbook behind it */
	assert_int_equal(table_read("PK\x03\x04garbage", 11, &t, err, sizeof(err)), -1);
	free(data);
}

static void import_reads_excel_day_numbers(void **state)
{
	static const char csv[] = "类别,日期,申请单位,事由,人数\n"
				  "介绍信,46000,市商务局,办理签证,1\n"
				  "介绍信,2025/3/7,市商务局,办理签证,2\n"
				  "介绍信,2025.12.31,市商务局,办理签证,1\n";
	static const char bad[] = "类别,日期,申请单位,事由,人数\n介绍信,2025/2/30,市商务局,办理签证,1\n";
	static const struct actor who = {0, ROLE_ADMIN, 0, "unit-test", "local"};
	struct test_db *t = *state;
	json_t *errors = NULL;
	size_t imported = 0;
	char err[128];
	int64_t n = 0;

	assert_int_equal(db_execf(t->db, "INSERT INTO units (name, level, created_at, updated_at) VALUES ('市商务局', 'city_bureau', 'x', 'x')", ""), DB_OK);
	assert_int_equal(import_text(t->db, &who, "letters", csv, sizeof(csv) - 1, &imported, &errors, err, sizeof(err)), DB_OK);
	assert_null(errors);
	assert_int_equal(imported, 3);
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM letters WHERE letter_date IN ('2025-12-09', '2025-03-07', '2025-12-31')", ""), DB_OK);
	assert_int_equal(n, 3);
	assert_int_equal(import_text(t->db, &who, "letters", bad, sizeof(bad) - 1, &imported, &errors, err, sizeof(err)), 1);
	assert_int_equal(json_array_size(errors), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "column")), "日期");
	json_decref(errors);
	assert_int_equal(db_query_int(t->db, &n, "SELECT COUNT(*) FROM letters", ""), DB_OK);
	assert_int_equal(n, 3); /* all or nothing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_quoting),
		cmocka_unit_test(encodings),
		cmocka_unit_test(limits),
		cmocka_unit_test(xlsx_first_sheet),
		cmocka_unit_test_setup_teardown(import_reads_excel_day_numbers, test_db_setup, test_db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
