/*
 * contact.h - contacts (联络对象): consulates, embassies, chambers,
 * honorary citizens, sister-city mayors, friends; their birthdays and
 * national days for greetings (致信祝贺).
 */
#ifndef WAISHI_CONTACT_H
#define WAISHI_CONTACT_H

#include "register.h"

/* The register, the arg of its routes (routes.c) for the shared handlers of register.h. */
extern const struct register_def contact_def;

#endif
