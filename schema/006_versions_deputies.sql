-- 006: every editable record carries a version (incremented by every change,
-- checked against the version an edit was based on: 409 stale), and the
-- deputies of a review session (a panel member recorded absent who names
-- another panel member to vote on their behalf).
ALTER TABLE units ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE persons ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE passports ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE delegations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE review_sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE letters ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sister_cities ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE receptions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE exchanges ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE abtc_cards ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE info_items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contacts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE review_deputies (
    id @ID@,
    session_id BIGINT NOT NULL REFERENCES review_sessions(id),
    reviewer_id BIGINT NOT NULL REFERENCES users(id),
    deputy_id BIGINT NOT NULL REFERENCES users(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (session_id, reviewer_id),
    CHECK (reviewer_id <> deputy_id)
);
