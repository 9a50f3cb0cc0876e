/*
 * routes.c - every HTTP route in one table: method, path pattern, handler,
 * the roles allowed, flags. The dispatcher in http.c applies the shared
 * checks (session, role, CSRF, body) before any handler runs.
 */
#include "routes.h"

#include "audit.h"
#include "auth.h"
#include "system.h"
#include "unit.h"
#include "user.h"

#define ADMIN ROLE_ADMIN
#define OFFICE (ROLE_ADMIN | ROLE_OFFICER)
#define OVERSIGHT (ROLE_ADMIN | ROLE_DIRECTOR | ROLE_VIEWER)

const struct route routes[] = {
	{"GET", "/healthz", system_healthz, 0, ROUTE_PUBLIC},
	{"GET", "/api/v1/version", system_version, 0, ROUTE_PUBLIC},

	{"POST", "/api/v1/session", auth_login, 0, ROUTE_PUBLIC | ROUTE_NO_CSRF},
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
};

const size_t route_count = sizeof(routes) / sizeof(routes[0]);
