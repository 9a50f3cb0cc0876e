-- 001_foundation.sql: units, users, sessions, settings and the audit trail.
-- Portable SQL: @ID@ is the backend's auto-numbered primary key; timestamps
-- shown to people are RFC 3339 UTC text, times used in arithmetic are epoch
-- seconds (BIGINT); flags are INTEGER 0/1 named is_*.

CREATE TABLE units (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL CHECK (level IN ('city_bureau','county','district','enterprise','school','other')),
    parent_id BIGINT REFERENCES units(id),
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id @ID@,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin','officer','reviewer','director','unit','viewer')),
    unit_id BIGINT REFERENCES units(id),
    is_active INTEGER NOT NULL DEFAULT 1,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE sessions (
    id @ID@,
    token_hash TEXT NOT NULL UNIQUE,
    csrf_token TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    client_ip TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO settings (key, value, updated_at) VALUES
    ('session_idle_hours', '8', '1970-01-01T00:00:00Z'),
    ('lockout_threshold', '5', '1970-01-01T00:00:00Z'),
    ('lockout_minutes', '15', '1970-01-01T00:00:00Z');

CREATE TABLE audit_log (
    id @ID@,
    at TEXT NOT NULL,
    user_id BIGINT,
    username TEXT,
    client_ip TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_at ON audit_log(at);
