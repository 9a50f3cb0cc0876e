-- 012_report_passes.sql: the period summary's first pass now also reads the
-- briefing date and the members' signed commitments (the work report no
-- longer asks for them apart), and the work report counts the trips
-- submitted in the period that went past the preliminary review.

-- Approved trips by approval date, holding every column the first pass reads.
DROP INDEX delegations_period;
CREATE INDEX delegations_period ON delegations(approved_on, status, category, unit_id, budget_fen, imported_persons,
    actual_fen, briefing_date);
-- A trip's members with the date each signed the commitment.
CREATE INDEX members_commitment ON delegation_members(delegation_id, person_id, commitment_date);
-- Trips by submission date (初审团组).
CREATE INDEX delegations_submitted ON delegations(submitted_on, status);
