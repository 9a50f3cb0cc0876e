/*
 * case.h - foreign-related cases (涉外案(事)件): received, in progress,
 * answered, closed; by category, with the nationalities involved.
 */
#ifndef WAISHI_CASE_H
#define WAISHI_CASE_H

#include "register.h"

/* The register, the arg of its routes (routes.c) for the shared handlers of register.h. */
extern const struct register_def case_def;
extern const struct record_def case_record;

int case_start(struct request *req, struct response *res);
int case_answer(struct request *req, struct response *res);
int case_close(struct request *req, struct response *res);

#endif
