-- 003_registers.sql: receptions, sister cities and their exchanges, APEC
-- business travel cards, foreign-related cases, information items,
-- contacts and attachments. Lists of values (nationalities, recipients,
-- adoptions) are JSON text in *_json columns.

CREATE TABLE sister_cities (
    id @ID@,
    name_zh TEXT NOT NULL,
    name_local TEXT NOT NULL,
    country TEXT NOT NULL,
    region TEXT NOT NULL CHECK (region IN ('asean','east_asia','europe','north_america','latin_america','oceania','africa','other_asia')),
    relation TEXT NOT NULL CHECK (relation IN ('sister','friendly_exchange')),
    established_on TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','dormant','ended')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (name_zh, country)
);

CREATE TABLE receptions (
    id @ID@,
    title TEXT NOT NULL,
    guest_type TEXT NOT NULL CHECK (guest_type IN ('foreign','domestic')),
    category TEXT NOT NULL CHECK (category IN ('sister_city_government','sister_city_students','business','education',
        'international_org','embassy','consulate','honorary_citizen','overseas_chinese','other')),
    country TEXT,
    sister_city_id BIGINT REFERENCES sister_cities(id),
    persons INTEGER NOT NULL,
    arrive_date TEXT NOT NULL,
    leave_date TEXT NOT NULL,
    host_unit_id BIGINT NOT NULL REFERENCES units(id),
    programme TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX receptions_arrive ON receptions(arrive_date);

CREATE TABLE exchanges (
    id @ID@,
    sister_city_id BIGINT NOT NULL REFERENCES sister_cities(id),
    kind TEXT NOT NULL CHECK (kind IN ('government','student','education','business','culture','sports')),
    direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
    exchange_date TEXT NOT NULL,
    persons INTEGER NOT NULL,
    school TEXT,
    partner_school TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX exchanges_city ON exchanges(sister_city_id);

CREATE TABLE abtc_cards (
    id @ID@,
    person_name TEXT NOT NULL,
    company TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied','submitted','approved','rejected')),
    applied_on TEXT NOT NULL,
    submitted_on TEXT,
    approved_on TEXT,
    rejected_on TEXT,
    card_no TEXT UNIQUE,
    expiry_date TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE cases (
    id @ID@,
    received_on TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('economic','labour','death_injury','public_order','consular','other')),
    nationalities_json TEXT NOT NULL,
    parties TEXT NOT NULL,
    summary TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received','in_progress','answered','closed')),
    started_on TEXT,
    answered_on TEXT,
    closed_on TEXT,
    resolution TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE info_items (
    id @ID@,
    title TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    author TEXT NOT NULL,
    sent_to_json TEXT NOT NULL,
    adopted_by_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE contacts (
    id @ID@,
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('consulate','embassy','chamber','honorary_citizen','mayor','friend','other')),
    country TEXT,
    sister_city_id BIGINT REFERENCES sister_cities(id),
    birthday TEXT,
    national_day TEXT,
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE attachments (
    id @ID@,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    filename TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX attachments_record ON attachments(entity, entity_id);

INSERT INTO settings (key, value, updated_at) VALUES
    ('abtc_targets', '[{"by":"10-31","submitted":50},{"by":"12-31","submitted":100}]', '1970-01-01T00:00:00Z');
