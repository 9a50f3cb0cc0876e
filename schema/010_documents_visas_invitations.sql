-- 010_documents_visas_invitations.sql: travel documents applied for (办照:
-- 因公护照, 往来港澳通行证, 大陆居民往来台湾通行证), the visas and endorsements
-- (签证, 签注) of each trip member for each destination, the per-country
-- visa requirement (administrator's data, shipped empty), and invitations of
-- foreigners with their approval and yearly number (邀请外国人来华审批).

-- Passports in custody gain the two permit kinds. The column is rebuilt
-- (add, copy, drop, rename) because neither backend can widen a CHECK in
-- place with the same statement; the column's own CHECK goes with it.
ALTER TABLE passports ADD COLUMN kind_v10 TEXT NOT NULL DEFAULT 'service'
    CHECK (kind_v10 IN ('service','official_ordinary','hk_macao_permit','taiwan_permit'));
UPDATE passports SET kind_v10 = kind;
ALTER TABLE passports DROP COLUMN kind;
ALTER TABLE passports RENAME COLUMN kind_v10 TO kind;

CREATE TABLE document_applications (
    id @ID@,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    kind TEXT NOT NULL CHECK (kind IN ('official_passport','hk_macao_permit','taiwan_permit')),
    reason TEXT NOT NULL CHECK (reason IN ('new','renewal','lost')),
    delegation_id BIGINT REFERENCES delegations(id),
    status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied','submitted','issued','refused')),
    applied_on TEXT NOT NULL,
    submitted_to TEXT,
    submitted_on TEXT,
    decided_on TEXT,
    number TEXT,
    passport_kind TEXT CHECK (passport_kind IN ('service','official_ordinary','hk_macao_permit','taiwan_permit')),
    expiry_date TEXT,
    passport_id BIGINT REFERENCES passports(id),
    refuse_reason TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX document_applications_person ON document_applications(person_id);
CREATE INDEX document_applications_status ON document_applications(status);

CREATE TABLE visa_requirements (
    id @ID@,
    country TEXT NOT NULL UNIQUE,
    requirement TEXT NOT NULL CHECK (requirement IN ('required','visa_free_official','on_arrival')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE visas (
    id @ID@,
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    person_id BIGINT NOT NULL REFERENCES persons(id),
    country TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('visa','endorsement')),
    status TEXT NOT NULL DEFAULT 'to_apply' CHECK (status IN ('to_apply','submitted','granted','refused')),
    visa_type TEXT,
    submitted_to TEXT,
    submitted_on TEXT,
    decided_on TEXT,
    valid_from TEXT,
    valid_until TEXT,
    entries TEXT CHECK (entries IN ('single','double','multiple')),
    refuse_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (delegation_id, person_id, country)
);
CREATE INDEX visas_status ON visas(status);

CREATE TABLE invitations (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    purpose TEXT NOT NULL,
    arrive_date TEXT NOT NULL,
    leave_date TEXT NOT NULL,
    visa_post TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','approved','rejected')),
    submitted_on TEXT,
    decided_on TEXT,
    decided_by BIGINT REFERENCES users(id),
    decision_comment TEXT,
    invitation_no TEXT UNIQUE,
    no_year INTEGER,
    no_seq INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (no_year, no_seq)
);
CREATE INDEX invitations_unit ON invitations(unit_id);

CREATE TABLE invitation_persons (
    id @ID@,
    invitation_id BIGINT NOT NULL REFERENCES invitations(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    nationality TEXT NOT NULL,
    passport_no TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    position TEXT NOT NULL
);
CREATE INDEX invitation_persons_passport ON invitation_persons(nationality, passport_no);
CREATE INDEX invitation_persons_invitation ON invitation_persons(invitation_id);

-- The letter (函件) an approved invitation creates, counted by the register and the reports as before.
ALTER TABLE letters ADD COLUMN invitation_id BIGINT REFERENCES invitations(id);

INSERT INTO settings (key, value, updated_at) VALUES
    ('visa_warn_workdays', '10', '1970-01-01T00:00:00Z'),
    ('document_stuck_days', '30', '1970-01-01T00:00:00Z'),
    ('invitation_approver', 'director', '1970-01-01T00:00:00Z'),
    ('invitation_no_format', '外邀〔{year}〕{n}号', '1970-01-01T00:00:00Z');
