/*
 * plan_api.h - annual trip plans (年度出访计划, 出访有计划、经费有预算): per year
 * and unit the planned batches, persons and budget, listed with each unit's
 * approved and pending use beside the plan.
 */
#ifndef WAISHI_PLAN_API_H
#define WAISHI_PLAN_API_H

#include "http.h"

int plan_list(struct request *req, struct response *res);
int plan_get(struct request *req, struct response *res);
int plan_create(struct request *req, struct response *res);
int plan_update(struct request *req, struct response *res);

#endif
