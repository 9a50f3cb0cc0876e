-- 007_report_drafts.sql: editable drafts of the work report (工作总结) and
-- every saved version of them; the names of the bodies that adopt
-- information items (录用), as the report writes them.

CREATE TABLE report_drafts (
    id @ID@,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','final')),
    content_json TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT NOT NULL REFERENCES users(id),
    finalized_by BIGINT REFERENCES users(id),
    finalized_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE report_draft_versions (
    id @ID@,
    draft_id BIGINT NOT NULL REFERENCES report_drafts(id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create','edit','refresh','finalize','reopen')),
    status TEXT NOT NULL,
    content_json TEXT NOT NULL,
    saved_by BIGINT NOT NULL REFERENCES users(id),
    saved_at TEXT NOT NULL,
    UNIQUE (draft_id, version)
);

INSERT INTO settings (key, value, updated_at) VALUES
    ('info_body_province', '省外办', '1970-01-01T00:00:00Z'),
    ('info_body_prefecture', '上级市外办', '1970-01-01T00:00:00Z'),
    ('info_body_national', '外交部', '1970-01-01T00:00:00Z'),
    ('info_body_other', '其他单位', '1970-01-01T00:00:00Z'),
    ('office_name', '市人民政府外事办公室', '1970-01-01T00:00:00Z');
