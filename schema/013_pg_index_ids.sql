-- 013_pg_index_ids.sql: on PostgreSQL, the trip indexes carry the trip's id.
--
-- SQLite ends every index with the rowid, which is the id: the trip list,
-- sorted by a column with the id breaking ties (list.c), walks the index in
-- that order, and the period and year passes (report.c, checks.c) read the
-- id from their covering index without visiting the table. A PostgreSQL
-- index holds only the columns it names, so there the list sorted the whole
-- table to find page 100 by budget (10 ms on 10 000 trips), and the summary
-- over a year of 1 000 000 trips fetched every trip from the table to learn
-- its id. Here each of those indexes gets the id: as the last key where it
-- breaks ties in a sort, as an included column where it is only read.
-- SQLite's indexes are left as they are.

-- @postgresql
DROP INDEX delegations_period;
CREATE INDEX delegations_period ON delegations(approved_on, status, category, unit_id, budget_fen, imported_persons,
    actual_fen, briefing_date) INCLUDE (id);
DROP INDEX delegations_approval_year;
CREATE INDEX delegations_approval_year ON delegations(approval_year, unit_id, status, budget_fen, imported_persons)
    INCLUDE (id);
DROP INDEX delegations_code_year;
CREATE INDEX delegations_code_year ON delegations(code_year, unit_id, status, budget_fen) INCLUDE (imported_persons, id);

DROP INDEX delegations_unit;
CREATE INDEX delegations_unit ON delegations(unit_id, id);
DROP INDEX delegations_status;
CREATE INDEX delegations_status ON delegations(status, id);
DROP INDEX delegations_approved;
CREATE INDEX delegations_approved ON delegations(approved_on, id);
DROP INDEX delegations_depart;
CREATE INDEX delegations_depart ON delegations(depart_date, id);
DROP INDEX delegations_budget;
CREATE INDEX delegations_budget ON delegations(budget_fen, id);
DROP INDEX delegations_status_depart;
CREATE INDEX delegations_status_depart ON delegations(status, depart_date, id);
DROP INDEX delegations_status_budget;
CREATE INDEX delegations_status_budget ON delegations(status, budget_fen, id);
DROP INDEX delegations_status_approved;
CREATE INDEX delegations_status_approved ON delegations(status, approved_on, id);
DROP INDEX delegations_unit_depart;
CREATE INDEX delegations_unit_depart ON delegations(unit_id, depart_date, id);
-- @end
