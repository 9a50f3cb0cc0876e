/*
 * report_documents.c - the period's figures of travel documents (see
 * report_period.h): passports falling due and back on time, and the official
 * documents of the period (办照 and 公务签证), each within the period's scope.
 */
#include "report_period.h"

#include "dates.h"
#include "passport.h"
#include "policy.h"

#include <stdio.h>
#include <string.h>

/* Passports falling due in the period, and those back by their due date. */
int report_passports(struct db *db, const struct period *p, json_t **out)
{
	struct db_stmt *st = NULL;
	struct policy pol;
	int64_t due = 0, on_time = 0;
	char due_on[DATE_LEN];
	int rc = policy_load(db, &pol);

	if (rc == DB_OK)
		rc = report_scoped_prepare(db, p,
				    "SELECT e.passport_id, d.status, d.actual_return, d.cancelled_on, MIN(r.on_date)"
				    " FROM passport_events e JOIN delegations d ON d.id = e.delegation_id"
				    " LEFT JOIN passport_events r ON r.passport_id = e.passport_id AND r.delegation_id = e.delegation_id"
				    "  AND r.kind = 'returned'"
				    " WHERE e.kind = 'issued'@SCOPE@ GROUP BY e.id, e.passport_id, d.status, d.actual_return, d.cancelled_on",
				    "d.unit_id", TEXTS(NULL), &st);
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

/*
 * Official travel documents of the period (办照 and 公务签证), apart from the
 * private visa services (letters of kind visa_service): passports and
 * permits issued by kind, applications refused, visas and endorsements
 * handled (submitted), granted and refused.
 */
/* The unit of an application's person and of a visa's trip, for the scope. */
#define APPLICANT_UNIT "(SELECT x.unit_id FROM persons x WHERE x.id = document_applications.person_id)"
#define VISA_UNIT "(SELECT d.unit_id FROM delegations d WHERE d.id = visas.delegation_id)"

int report_documents(struct db *db, const struct period *p, json_t **out)
{
	static const char *const kinds[] = {"official_passport", "hk_macao_permit", "taiwan_permit"};
	static const char *const visa_kinds[] = {"visa", "endorsement"};
	json_t *issued = json_object(), *v;
	int64_t n = 0, total = 0, refused = 0, handled = 0, granted = 0, denied = 0;
	size_t i;
	int rc = DB_OK;

	*out = json_object();
	for (i = 0; i < 3 && rc == DB_OK; i++) {
		rc = report_scoped_count(db, p, "SELECT COUNT(*) FROM document_applications WHERE status = 'issued' AND kind = ?"
					 " AND decided_on >= ? AND decided_on <= ?@SCOPE@", APPLICANT_UNIT, TEXTS(kinds[i], p->from, p->to), &n);
		total += n;
		json_object_set_new(issued, kinds[i], json_integer((json_int_t)n));
	}
	json_object_set_new(issued, "total", json_integer((json_int_t)total));
	if (rc == DB_OK)
		rc = report_count_period(db, "SELECT COUNT(*) FROM document_applications WHERE status = 'refused' AND decided_on >= ?"
				" AND decided_on <= ?@SCOPE@", APPLICANT_UNIT, p, &refused);
	json_object_set_new(*out, "issued", issued);
	json_object_set_new(*out, "refused", json_integer((json_int_t)refused));
	for (i = 0; i < 2 && rc == DB_OK; i++) {
		rc = report_scoped_count(db, p, "SELECT COUNT(*) FROM visas WHERE kind = ? AND submitted_on >= ? AND submitted_on <= ?@SCOPE@",
				  VISA_UNIT, TEXTS(visa_kinds[i], p->from, p->to), &handled);
		if (rc == DB_OK)
			rc = report_scoped_count(db, p, "SELECT COUNT(*) FROM visas WHERE kind = ? AND status = 'granted'"
						 " AND decided_on >= ? AND decided_on <= ?@SCOPE@", VISA_UNIT,
					  TEXTS(visa_kinds[i], p->from, p->to), &granted);
		if (rc == DB_OK)
			rc = report_scoped_count(db, p, "SELECT COUNT(*) FROM visas WHERE kind = ? AND status = 'refused'"
						 " AND decided_on >= ? AND decided_on <= ?@SCOPE@", VISA_UNIT,
					  TEXTS(visa_kinds[i], p->from, p->to), &denied);
		v = json_pack("{s:I, s:I, s:I}", "handled", (json_int_t)handled, "granted", (json_int_t)granted, "refused",
			      (json_int_t)denied);
		json_object_set_new(*out, i == 0 ? "visas" : "endorsements", v);
	}
	return rc;
}
