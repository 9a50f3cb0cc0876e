/*
 * routes.c - every HTTP route in one table: method, path pattern, handler,
 * the roles allowed, flags, and for a handler serving several routes its arg
 * (a register's `struct register_def`, an import's register name). The
 * dispatcher in server.c applies the shared checks (session, role, CSRF,
 * body) before any handler runs and hands the arg over in req->route_arg.
 */
#include "routes.h"

#include "abtc.h"
#include "attachment_api.h"
#include "audit_api.h"
#include "auth.h"
#include "auth_api.h"
#include "case.h"
#include "checks.h"
#include "checks_api.h"
#include "country.h"
#include "country_api.h"
#include "dates.h"
#include "holidays_api.h"
#include "forms_api.h"
#include "funding.h"
#include "funding_api.h"
#include "contact.h"
#include "delegation_api.h"
#include "import.h"
#include "import_api.h"
#include "labels.h"
#include "labels_api.h"
#include "info_item.h"
#include "letter_api.h"
#include "lifecycle_api.h"
#include "passport.h"
#include "passport_api.h"
#include "person_api.h"
#include "plan_api.h"
#include "policy.h"
#include "policy_api.h"
#include "reception.h"
#include "reminder_api.h"
#include "report.h"
#include "report_api.h"
#include "report_draft_api.h"
#include "review.h"
#include "review_api.h"
#include "rules.h"
#include "rules_api.h"
#include "trip.h"
#include "sister_city.h"
#include "system_api.h"
#include "todo_api.h"
#include "travel_api.h"
#include "trip_history_api.h"
#include "unit_api.h"
#include "user.h"
#include "user_api.h"
#include "work_report.h"

#define ADMIN ROLE_ADMIN
#define OFFICE (ROLE_ADMIN | ROLE_OFFICER)
#define OVERSIGHT (ROLE_ADMIN | ROLE_DIRECTOR | ROLE_VIEWER)
#define APPLICANTS (ROLE_ADMIN | ROLE_OFFICER | ROLE_UNIT | ROLE_COUNTY)
#define DIRECTOR (ROLE_ADMIN | ROLE_DIRECTOR)
#define PANEL_READERS (ROLE_ADMIN | ROLE_OFFICER | ROLE_REVIEWER | ROLE_DIRECTOR | ROLE_VIEWER)
#define CANCELLERS (ROLE_ADMIN | ROLE_OFFICER | ROLE_UNIT | ROLE_COUNTY | ROLE_DIRECTOR)
#define APPLICANT_READ (ROLE_UNIT | ROLE_COUNTY) /* unit-scoped readers of a few office registers */
#define OFFICE_READ (ROLE_ADMIN | ROLE_OFFICER | ROLE_DIRECTOR | ROLE_VIEWER)
#define REPORT_READERS (OFFICE_READ | ROLE_COUNTY) /* a county reads its own subtree's report */

/*
 * A route's arg is optional (struct route): the routes without one leave it
 * NULL, so their initializers may stop at the flags.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
const struct route routes[] = {
	{"GET", "/healthz", system_healthz, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/version", system_version, 0, ROUTE_PUBLIC},

	{"POST", "/api/v1/session", auth_login, 0, ROUTE_PUBLIC | ROUTE_NO_CSRF | ROUTE_LOGIN},
	{"DELETE", "/api/v1/session", auth_logout, ROLES_ALL, 0},
	{"GET", "/api/v1/me", auth_me, ROLES_ALL, 0},
	{"POST", "/api/v1/me/password", auth_password, ROLES_ALL, 0},

	{"GET", "/api/v1/users", user_list, ADMIN, 0},
	{"POST", "/api/v1/users", user_create, ADMIN, 0},
	{"GET", "/api/v1/users/{id}", user_get, ADMIN, 0},
	{"PATCH", "/api/v1/users/{id}", user_update, ADMIN, 0},
	{"POST", "/api/v1/users/{id}/deactivate", user_deactivate, ADMIN, 0},
	{"POST", "/api/v1/users/{id}/activate", user_activate, ADMIN, 0},

	{"GET", "/api/v1/units", unit_list, ROLES_ALL, 0},
	{"POST", "/api/v1/units", unit_create, OFFICE, 0},
	{"GET", "/api/v1/units/{id}", unit_get, ROLES_ALL, 0},
	{"PATCH", "/api/v1/units/{id}", unit_update, OFFICE, 0},
	{"POST", "/api/v1/units/{id}/deactivate", unit_deactivate, OFFICE, 0},
	{"POST", "/api/v1/units/{id}/activate", unit_activate, OFFICE, 0},

	{"GET", "/api/v1/audit", audit_list, OVERSIGHT, 0},

	{"GET", "/api/v1/policies", policy_get, ROLES_ALL, 0},
	{"PUT", "/api/v1/policies", policy_put, ADMIN, 0},
	{"GET", "/api/v1/holidays", holidays_list, ROLES_ALL, 0},
	{"PUT", "/api/v1/holidays/{id}", holidays_put, ADMIN, 0},
	{"GET", "/api/v1/countries", country_list, ROLES_ALL, 0},

	{"GET", "/api/v1/persons", person_list, ROLES_ALL, 0},
	{"POST", "/api/v1/persons", person_create, APPLICANTS, 0},
	{"GET", "/api/v1/persons/{id}", person_get, ROLES_ALL, 0},
	{"PATCH", "/api/v1/persons/{id}", person_update, APPLICANTS, 0},

	{"GET", "/api/v1/passports", passport_list, ROLES_ALL, 0},
	{"POST", "/api/v1/passports", passport_create, OFFICE, 0},
	{"GET", "/api/v1/passports/{id}", passport_get, ROLES_ALL, 0},
	{"PATCH", "/api/v1/passports/{id}", passport_update, OFFICE, 0},
	{"POST", "/api/v1/passports/{id}/issue", passport_issue, OFFICE, 0},
	{"POST", "/api/v1/passports/{id}/return", passport_return, OFFICE, 0},

	{"GET", "/api/v1/plans", plan_list, ROLES_ALL, 0},
	{"POST", "/api/v1/plans", plan_create, OFFICE, 0},
	{"GET", "/api/v1/plans/{id}", plan_get, ROLES_ALL, 0},
	{"PATCH", "/api/v1/plans/{id}", plan_update, OFFICE, 0},
	{"GET", "/api/v1/quota", quota_get, ROLES_ALL, 0},

	{"GET", "/api/v1/delegations", delegation_list, ROLES_ALL, 0},
	{"POST", "/api/v1/delegations", delegation_create, APPLICANTS, 0},
	{"GET", "/api/v1/delegations/{id}", delegation_get, ROLES_ALL, 0},
	{"PATCH", "/api/v1/delegations/{id}", delegation_update, APPLICANTS, 0},
	{"GET", "/api/v1/delegations/{id}/checks", checks_get, ROLES_ALL, 0},
	{"GET", "/api/v1/delegations/{id}/approval-form", forms_approval, ROLES_ALL, 0},
	{"POST", "/api/v1/delegations/{id}/submit", lifecycle_submit, TRIP_ROLES_APPLICANTS, 0},
	{"POST", "/api/v1/delegations/{id}/county-review", lifecycle_county_review, TRIP_ROLES_COUNTY, 0},
	{"POST", "/api/v1/delegations/{id}/preliminary", lifecycle_preliminary, TRIP_ROLES_OFFICE, 0},
	{"POST", "/api/v1/delegations/{id}/publicity", lifecycle_publicity, TRIP_ROLES_APPLICANTS, 0},
	{"POST", "/api/v1/delegations/{id}/approve", lifecycle_approve, TRIP_ROLES_DIRECTOR, 0},
	{"POST", "/api/v1/delegations/{id}/override", lifecycle_override, TRIP_ROLES_DIRECTOR, 0},
	{"POST", "/api/v1/delegations/{id}/briefing", lifecycle_briefing, TRIP_ROLES_OFFICE, 0},
	{"POST", "/api/v1/delegations/{id}/commitments", lifecycle_commitment, TRIP_ROLES_OFFICE, 0},
	{"POST", "/api/v1/delegations/{id}/depart", lifecycle_depart, TRIP_ROLES_OFFICE, 0},
	{"POST", "/api/v1/delegations/{id}/return", lifecycle_return, TRIP_ROLES_OFFICE, 0},
	{"POST", "/api/v1/delegations/{id}/report", lifecycle_report, TRIP_ROLES_APPLICANTS, 0},
	{"POST", "/api/v1/delegations/{id}/close", lifecycle_close, TRIP_ROLES_OFFICE, 0},
	{"POST", "/api/v1/delegations/{id}/cancel", lifecycle_cancel, TRIP_ROLES_CANCELLERS, 0},

	{"GET", "/api/v1/review-sessions", review_list, PANEL_READERS, 0},
	{"POST", "/api/v1/review-sessions", review_create, OFFICE, 0},
	{"GET", "/api/v1/review-sessions/{id}", review_get, PANEL_READERS, 0},
	{"POST", "/api/v1/review-sessions/{id}/votes", review_vote, ROLE_REVIEWER, 0},
	{"POST", "/api/v1/review-sessions/{id}/close", review_close, OFFICE | ROLE_DIRECTOR, 0},
	{"POST", "/api/v1/review-sessions/{id}/deputies", review_deputy_add, OFFICE | ROLE_DIRECTOR | ROLE_REVIEWER, 0},
	{"DELETE", "/api/v1/review-sessions/{id}/deputies/{id}", review_deputy_revoke, OFFICE | ROLE_DIRECTOR | ROLE_REVIEWER, 0},

	{"GET", "/api/v1/letters", letter_list, ROLES_ALL, 0},
	{"POST", "/api/v1/letters", letter_create, APPLICANTS, 0},
	{"GET", "/api/v1/letters/{id}", letter_get, ROLES_ALL, 0},
	{"PATCH", "/api/v1/letters/{id}", letter_update, APPLICANTS, 0},
	{"GET", "/api/v1/letters/{id}/invitation-form", forms_invitation, ROLES_ALL, 0},

	{"GET", "/api/v1/reminders", reminder_list, ROLES_ALL, 0},
	{"GET", "/api/v1/todo", todo_list, ROLES_ALL, 0},
	{"GET", "/api/v1/reports/summary", report_summary_get, REPORT_READERS, 0},

	{"GET", "/api/v1/receptions", register_list, OFFICE_READ | APPLICANT_READ, 0, &reception_def},
	{"POST", "/api/v1/receptions", register_create, OFFICE, 0, &reception_def},
	{"GET", "/api/v1/receptions/{id}", register_get, OFFICE_READ | APPLICANT_READ, 0, &reception_def},
	{"PATCH", "/api/v1/receptions/{id}", register_update, OFFICE, 0, &reception_def},
	{"DELETE", "/api/v1/receptions/{id}", register_delete, ADMIN, 0, &reception_def},

	{"GET", "/api/v1/sister-cities", register_list, ROLES_ALL, 0, &sister_city_def},
	{"GET", "/api/v1/sister-cities/coverage", sister_city_coverage, ROLES_ALL, 0},
	{"POST", "/api/v1/sister-cities", register_create, OFFICE, 0, &sister_city_def},
	{"GET", "/api/v1/sister-cities/{id}", register_get, ROLES_ALL, 0, &sister_city_def},
	{"PATCH", "/api/v1/sister-cities/{id}", register_update, OFFICE, 0, &sister_city_def},
	{"DELETE", "/api/v1/sister-cities/{id}", register_delete, ADMIN, 0, &sister_city_def},

	{"GET", "/api/v1/exchanges", register_list, OFFICE_READ, 0, &exchange_def},
	{"GET", "/api/v1/exchanges/pairings", exchange_pairings, OFFICE_READ, 0},
	{"POST", "/api/v1/exchanges", register_create, OFFICE, 0, &exchange_def},
	{"GET", "/api/v1/exchanges/{id}", register_get, OFFICE_READ, 0, &exchange_def},
	{"PATCH", "/api/v1/exchanges/{id}", register_update, OFFICE, 0, &exchange_def},
	{"DELETE", "/api/v1/exchanges/{id}", register_delete, ADMIN, 0, &exchange_def},

	{"GET", "/api/v1/abtc", register_list, OFFICE_READ, 0, &abtc_def},
	{"GET", "/api/v1/abtc/stats", abtc_stats, OFFICE_READ, 0},
	{"POST", "/api/v1/abtc", register_create, OFFICE, 0, &abtc_def},
	{"GET", "/api/v1/abtc/{id}", register_get, OFFICE_READ, 0, &abtc_def},
	{"PATCH", "/api/v1/abtc/{id}", register_update, OFFICE, 0, &abtc_def},
	{"DELETE", "/api/v1/abtc/{id}", register_delete, ADMIN, 0, &abtc_def},
	{"POST", "/api/v1/abtc/{id}/submit", abtc_submit, OFFICE, 0},
	{"POST", "/api/v1/abtc/{id}/approve", abtc_approve, OFFICE, 0},
	{"POST", "/api/v1/abtc/{id}/reject", abtc_reject, OFFICE, 0},

	{"GET", "/api/v1/cases", register_list, OFFICE_READ, 0, &case_def},
	{"POST", "/api/v1/cases", register_create, OFFICE, 0, &case_def},
	{"GET", "/api/v1/cases/{id}", register_get, OFFICE_READ, 0, &case_def},
	{"PATCH", "/api/v1/cases/{id}", register_update, OFFICE, 0, &case_def},
	{"DELETE", "/api/v1/cases/{id}", register_delete, ADMIN, 0, &case_def},
	{"POST", "/api/v1/cases/{id}/start", case_start, OFFICE, 0},
	{"POST", "/api/v1/cases/{id}/answer", case_answer, OFFICE, 0},
	{"POST", "/api/v1/cases/{id}/close", case_close, OFFICE, 0},

	{"GET", "/api/v1/info-items", register_list, OFFICE_READ, 0, &info_item_def},
	{"GET", "/api/v1/info-items/stats", info_item_stats, OFFICE_READ, 0},
	{"POST", "/api/v1/info-items", register_create, OFFICE, 0, &info_item_def},
	{"GET", "/api/v1/info-items/{id}", register_get, OFFICE_READ, 0, &info_item_def},
	{"PATCH", "/api/v1/info-items/{id}", register_update, OFFICE, 0, &info_item_def},
	{"DELETE", "/api/v1/info-items/{id}", register_delete, ADMIN, 0, &info_item_def},

	{"GET", "/api/v1/contacts", register_list, OFFICE_READ, 0, &contact_def},
	{"POST", "/api/v1/contacts", register_create, OFFICE, 0, &contact_def},
	{"GET", "/api/v1/contacts/{id}", register_get, OFFICE_READ, 0, &contact_def},
	{"PATCH", "/api/v1/contacts/{id}", register_update, OFFICE, 0, &contact_def},
	{"DELETE", "/api/v1/contacts/{id}", register_delete, ADMIN, 0, &contact_def},

	{"POST", "/api/v1/import/delegations", import_upload, OFFICE, ROUTE_UPLOAD, "delegations"},
	{"POST", "/api/v1/import/letters", import_upload, OFFICE, ROUTE_UPLOAD, "letters"},
	{"POST", "/api/v1/import/receptions", import_upload, OFFICE, ROUTE_UPLOAD, "receptions"},
	{"POST", "/api/v1/import/sister-cities", import_upload, OFFICE, ROUTE_UPLOAD, "sister-cities"},
	{"POST", "/api/v1/import/abtc", import_upload, OFFICE, ROUTE_UPLOAD, "abtc"},
	{"POST", "/api/v1/import/cases", import_upload, OFFICE, ROUTE_UPLOAD, "cases"},
	{"POST", "/api/v1/import/info-items", import_upload, OFFICE, ROUTE_UPLOAD, "info-items"},
	{"GET", "/api/v1/import/delegations/template", import_template, OFFICE, 0, "delegations"},
	{"GET", "/api/v1/import/letters/template", import_template, OFFICE, 0, "letters"},
	{"GET", "/api/v1/import/receptions/template", import_template, OFFICE, 0, "receptions"},
	{"GET", "/api/v1/import/sister-cities/template", import_template, OFFICE, 0, "sister-cities"},
	{"GET", "/api/v1/import/abtc/template", import_template, OFFICE, 0, "abtc"},
	{"GET", "/api/v1/import/cases/template", import_template, OFFICE, 0, "cases"},
	{"GET", "/api/v1/import/info-items/template", import_template, OFFICE, 0, "info-items"},

	{"POST", "/api/v1/attachments", attachment_upload, ROLES_ALL, ROUTE_UPLOAD},
	{"GET", "/api/v1/attachments", attachment_list, ROLES_ALL, 0},
	{"GET", "/api/v1/attachments/{id}", attachment_download, ROLES_ALL, 0},
	{"DELETE", "/api/v1/attachments/{id}", attachment_delete, ADMIN, 0},

	/* issue 14: the work report (工作总结) and its drafts; office roles and viewers read, unit users do not */
	{"GET", "/api/v1/reports/work-summary", work_report_get, REPORT_READERS, 0},
	{"GET", "/api/v1/report-settings", work_report_settings_get, OFFICE_READ, 0},
	{"PUT", "/api/v1/report-settings", work_report_settings_put, ADMIN, 0},
	{"GET", "/api/v1/report-drafts", report_draft_list, PANEL_READERS, 0},
	{"POST", "/api/v1/report-drafts", report_draft_create, OFFICE, 0},
	{"GET", "/api/v1/report-drafts/{id}", report_draft_get, PANEL_READERS, 0},
	{"PATCH", "/api/v1/report-drafts/{id}", report_draft_update, OFFICE, 0},
	{"POST", "/api/v1/report-drafts/{id}/refresh", report_draft_refresh, OFFICE, 0},
	{"POST", "/api/v1/report-drafts/{id}/finalize", report_draft_finalize, DIRECTOR, 0},
	{"POST", "/api/v1/report-drafts/{id}/reopen", report_draft_reopen, DIRECTOR, 0},
	{"GET", "/api/v1/report-drafts/{id}/versions", report_draft_versions, PANEL_READERS, 0},
	{"GET", "/api/v1/report-drafts/{id}/versions/{id}", report_draft_version, PANEL_READERS, 0},

	/* issue 16: rules as data (everyone reads; the administrator writes) */
	{"GET", "/api/v1/rules", rules_list, ROLES_ALL, 0},
	{"POST", "/api/v1/rules", rules_create, ADMIN, 0},
	{"GET", "/api/v1/rules/export", rules_export, ROLES_ALL, 0},
	{"POST", "/api/v1/rules/import", rules_import, ADMIN, 0},
	{"GET", "/api/v1/rules/{id}", rules_get, ROLES_ALL, 0},
	{"PATCH", "/api/v1/rules/{id}", rules_update, ADMIN, 0},
	/* issue 16: trip funding by lines, standards */
	{"GET", "/api/v1/delegations/{id}/funding", funding_get, ROLES_ALL, 0},
	{"PUT", "/api/v1/delegations/{id}/funding/budget", funding_put_budget, APPLICANTS, 0},
	{"PUT", "/api/v1/delegations/{id}/funding/actual", funding_put_actual, APPLICANTS, 0},
	{"GET", "/api/v1/funding-standards", funding_standards_list, ROLES_ALL, 0},
	{"POST", "/api/v1/import/funding-standards", import_upload, ADMIN, ROUTE_UPLOAD, "funding-standards"},
	{"GET", "/api/v1/import/funding-standards/template", import_template, ADMIN, 0, "funding-standards"},

	/* issue 15: the code dictionary, a trip's own history, the login page's demo flag */
	{"GET", "/api/v1/labels", labels_get, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/delegations/{id}/history", trip_history_get, ROLES_ALL, 0},
	{"GET", "/api/v1/login-info", system_login_info, 0, ROUTE_PUBLIC},

	/* issue 17: document applications (办照), visas and endorsements, visa requirements, invitation approval */
	{"GET", "/api/v1/document-applications", docapp_list_h, ROLES_ALL, 0},
	{"POST", "/api/v1/document-applications", docapp_create_h, APPLICANTS, 0},
	{"GET", "/api/v1/document-applications/{id}", docapp_get_h, ROLES_ALL, 0},
	{"POST", "/api/v1/document-applications/{id}/submit", docapp_submit_h, OFFICE, 0},
	{"POST", "/api/v1/document-applications/{id}/issue", docapp_issue_h, OFFICE, 0},
	{"POST", "/api/v1/document-applications/{id}/refuse", docapp_refuse_h, OFFICE, 0},
	{"GET", "/api/v1/visas", visa_list_h, ROLES_ALL, 0},
	{"POST", "/api/v1/visas", visa_create_h, OFFICE, 0},
	{"GET", "/api/v1/visas/{id}", visa_get_h, ROLES_ALL, 0},
	{"POST", "/api/v1/visas/{id}/submit", visa_submit_h, OFFICE, 0},
	{"POST", "/api/v1/visas/{id}/grant", visa_grant_h, OFFICE, 0},
	{"POST", "/api/v1/visas/{id}/refuse", visa_refuse_h, OFFICE, 0},
	{"GET", "/api/v1/delegations/{id}/visas", visa_grid_h, ROLES_ALL, 0},
	{"GET", "/api/v1/visa-requirements", visa_req_list_h, ROLES_ALL, 0},
	{"POST", "/api/v1/visa-requirements", visa_req_create_h, ADMIN, 0},
	{"PATCH", "/api/v1/visa-requirements/{id}", visa_req_update_h, ADMIN, 0},
	{"DELETE", "/api/v1/visa-requirements/{id}", visa_req_delete_h, ADMIN, 0},
	{"GET", "/api/v1/invitations", invitation_list_h, ROLES_ALL, 0},
	{"POST", "/api/v1/invitations", invitation_create_h, APPLICANTS, 0},
	{"GET", "/api/v1/invitations/{id}", invitation_get_h, ROLES_ALL, 0},
	{"PATCH", "/api/v1/invitations/{id}", invitation_update_h, APPLICANTS, 0},
	{"POST", "/api/v1/invitations/{id}/submit", invitation_submit_h, APPLICANTS, 0},
	{"POST", "/api/v1/invitations/{id}/approve", invitation_approve_h, OFFICE | ROLE_DIRECTOR, 0},
	{"POST", "/api/v1/invitations/{id}/reject", invitation_reject_h, OFFICE | ROLE_DIRECTOR, 0},
	{"GET", "/api/v1/invitations/{id}/letter", forms_invitation_letter, ROLES_ALL, 0},
	{"GET", "/api/v1/invitations/{id}/notification", forms_invitation_notice, ROLES_ALL, 0},
};
#pragma GCC diagnostic pop

const size_t route_count = sizeof(routes) / sizeof(routes[0]);
