/*
 * passport.h - passports kept in custody (证照管理): each is issued for one
 * approved trip of a member who holds it and must come back within
 * passport_return_days of the actual return (at once when the trip is
 * cancelled). Due dates are derived, never stored, so moving a date moves
 * every deadline.
 */
#ifndef WAISHI_PASSPORT_H
#define WAISHI_PASSPORT_H

#include "db.h"
#include "policy.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Due date of a passport issued for a trip with the given status, actual
 * return and cancel date; "" when not due yet (trip still abroad or not left).
 */
void passport_due(const struct policy *p, const char *trip_status, const char *actual_return,
		  const char *cancelled_on, char out[11]);

#endif
