-- 008_performance.sql: indexes for the period reports and the trip list, and
-- the data version that app servers sharing one PostgreSQL database compare
-- to know their caches are current (see db_pg.c; SQLite uses PRAGMA
-- data_version instead and leaves the row alone).

-- The period summary reads approved trips by approval date in one pass; the
-- index holds every column that pass needs, so the table is not visited.
CREATE INDEX delegations_period ON delegations(approved_on, status, category, unit_id, budget_fen, imported_persons);
CREATE INDEX delegations_closed ON delegations(closed_on);
CREATE INDEX destinations_trip_country ON delegation_destinations(delegation_id, country);
CREATE INDEX violations_found ON delegation_violations(found_on, kind);
-- The year's totals (quota, zero growth, plans): approved trips by approval
-- year, pending ones by the year of their code, per unit too; covering.
CREATE INDEX delegations_approval_year ON delegations(approval_year, unit_id, status, budget_fen, imported_persons);
CREATE INDEX delegations_code_year ON delegations(code_year, unit_id, status, budget_fen);
CREATE INDEX passport_events_kind ON passport_events(kind, delegation_id, passport_id, on_date);

-- The trip list: every allowed sort key and filter has an index to walk.
CREATE INDEX delegations_depart ON delegations(depart_date);
CREATE INDEX delegations_budget ON delegations(budget_fen);
CREATE INDEX delegations_status_depart ON delegations(status, depart_date);
CREATE INDEX delegations_status_budget ON delegations(status, budget_fen);
CREATE INDEX delegations_status_approved ON delegations(status, approved_on);
CREATE INDEX delegations_status_code ON delegations(status, code);
CREATE INDEX delegations_unit_depart ON delegations(unit_id, depart_date);
CREATE INDEX destinations_country ON delegation_destinations(country, delegation_id);

CREATE TABLE data_version (
    id INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
