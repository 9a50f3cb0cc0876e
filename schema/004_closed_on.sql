-- 004_closed_on.sql: the day a trip was closed, for the period reports.
ALTER TABLE delegations ADD COLUMN closed_on TEXT;
UPDATE delegations SET closed_on = report_date WHERE status = 'closed';
