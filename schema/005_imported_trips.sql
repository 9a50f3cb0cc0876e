-- 005_imported_trips.sql: historical trips brought in from spreadsheets may
-- know only how many went (人数) or their names, not person records.
ALTER TABLE delegations ADD COLUMN imported_persons INTEGER NOT NULL DEFAULT 0;
ALTER TABLE delegations ADD COLUMN imported_members TEXT;
