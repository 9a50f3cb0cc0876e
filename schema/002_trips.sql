-- 002_trips.sql: official trips abroad (因公出国(境)): travellers, passports,
-- plans, delegations with itinerary and members, joint review sessions and
-- votes, letters, public holidays, and the policy settings.

CREATE TABLE persons (
    id @ID@,
    name TEXT NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('male','female')),
    birth_date TEXT,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    position TEXT NOT NULL DEFAULT '',
    rank TEXT NOT NULL CHECK (rank IN ('provincial','bureau','division','section','staff','none')),
    is_cadre INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX persons_unit ON persons(unit_id);

CREATE TABLE passports (
    id @ID@,
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('service','official_ordinary')),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    issue_date TEXT,
    expiry_date TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'in_custody' CHECK (status IN ('in_custody','issued','lost','cancelled')),
    delegation_id BIGINT,
    issued_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX passports_person ON passports(person_id);
CREATE INDEX passports_delegation ON passports(delegation_id);

CREATE TABLE passport_events (
    id @ID@,
    passport_id BIGINT NOT NULL REFERENCES passports(id),
    kind TEXT NOT NULL CHECK (kind IN ('issued','returned','called_back')),
    delegation_id BIGINT,
    on_date TEXT NOT NULL,
    on_time INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX passport_events_passport ON passport_events(passport_id);

CREATE TABLE plans (
    id @ID@,
    year INTEGER NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    batches INTEGER NOT NULL,
    persons INTEGER NOT NULL,
    budget_fen BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (year, unit_id)
);

CREATE TABLE delegations (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    code_year INTEGER NOT NULL,
    code_seq INTEGER NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    task TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('inspection','investment','sister_city','training','conference','student','business','other')),
    inviter TEXT NOT NULL,
    depart_date TEXT NOT NULL,
    return_date TEXT NOT NULL,
    budget_fen BIGINT NOT NULL,
    official_days INTEGER,
    out_of_plan_reason TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','preliminary_approved','approved','rejected','departed','returned','closed','cancelled')),
    submitted_on TEXT,
    preliminary_comment TEXT,
    publicity_start TEXT,
    approved_on TEXT,
    approval_no TEXT UNIQUE,
    approval_year INTEGER,
    approval_seq INTEGER,
    override_reason TEXT,
    override_by BIGINT REFERENCES users(id),
    briefing_date TEXT,
    is_reminder_card INTEGER NOT NULL DEFAULT 0,
    actual_depart TEXT,
    actual_return TEXT,
    countries_visited_json TEXT,
    report_date TEXT,
    report_summary TEXT,
    cancel_reason TEXT,
    cancelled_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX delegations_unit ON delegations(unit_id);
CREATE INDEX delegations_status ON delegations(status);
CREATE INDEX delegations_approved ON delegations(approved_on);

CREATE TABLE delegation_destinations (
    id @ID@,
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    position INTEGER NOT NULL,
    country TEXT NOT NULL,
    city TEXT NOT NULL,
    days INTEGER NOT NULL
);
CREATE INDEX destinations_delegation ON delegation_destinations(delegation_id);

CREATE TABLE delegation_members (
    id @ID@,
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    is_leader INTEGER NOT NULL DEFAULT 0,
    commitment_date TEXT,
    UNIQUE (delegation_id, person_id)
);
CREATE INDEX members_person ON delegation_members(person_id);

CREATE TABLE delegation_violations (
    id @ID@,
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    kind TEXT NOT NULL CHECK (kind IN ('overstay','detour')),
    detail TEXT NOT NULL,
    found_on TEXT NOT NULL
);
CREATE INDEX violations_delegation ON delegation_violations(delegation_id);

CREATE TABLE review_sessions (
    id @ID@,
    meeting_date TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE review_items (
    id @ID@,
    session_id BIGINT NOT NULL REFERENCES review_sessions(id),
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    outcome TEXT CHECK (outcome IN ('approved','rejected','no_quorum','blocked')),
    votes_for INTEGER,
    votes_against INTEGER,
    votes_abstain INTEGER,
    panel_size INTEGER,
    UNIQUE (session_id, delegation_id)
);
CREATE INDEX review_items_delegation ON review_items(delegation_id);

CREATE TABLE review_votes (
    id @ID@,
    session_id BIGINT NOT NULL REFERENCES review_sessions(id),
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    reviewer_id BIGINT NOT NULL REFERENCES users(id),
    cast_by BIGINT NOT NULL REFERENCES users(id),
    decision TEXT NOT NULL CHECK (decision IN ('for','against','abstain')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (session_id, delegation_id, reviewer_id)
);

CREATE TABLE letters (
    id @ID@,
    kind TEXT NOT NULL CHECK (kind IN ('introduction','invitation','visa_service')),
    letter_date TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    purpose TEXT NOT NULL,
    persons_json TEXT NOT NULL,
    person_count INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX letters_date ON letters(letter_date);

CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('holiday','workday'))
);

INSERT INTO settings (key, value, updated_at) VALUES
    ('max_countries', '3', '1970-01-01T00:00:00Z'),
    ('max_days_by_countries', '1:5,2:8,3:10', '1970-01-01T00:00:00Z'),
    ('max_days_temporary', '90', '1970-01-01T00:00:00Z'),
    ('max_members', '6', '1970-01-01T00:00:00Z'),
    ('max_trips_per_person_year', '1', '1970-01-01T00:00:00Z'),
    ('min_substantive_share', '2/3', '1970-01-01T00:00:00Z'),
    ('publicity_days', '5', '1970-01-01T00:00:00Z'),
    ('min_lead_days', '20', '1970-01-01T00:00:00Z'),
    ('within_plan', 'on', '1970-01-01T00:00:00Z'),
    ('zero_growth', 'on', '1970-01-01T00:00:00Z'),
    ('passport_return_days', '7', '1970-01-01T00:00:00Z'),
    ('passport_min_validity_months', '6', '1970-01-01T00:00:00Z'),
    ('report_due_days', '30', '1970-01-01T00:00:00Z'),
    ('block_unit_overdue_days', '30', '1970-01-01T00:00:00Z'),
    ('joint_review_required', 'on', '1970-01-01T00:00:00Z'),
    ('joint_review_quorum', '2/3', '1970-01-01T00:00:00Z'),
    ('joint_review_pass', '1/2', '1970-01-01T00:00:00Z'),
    ('joint_review_veto', 'off', '1970-01-01T00:00:00Z'),
    ('approval_no_format', '外审〔{year}〕{n}号', '1970-01-01T00:00:00Z');
