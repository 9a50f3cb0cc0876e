-- 009_rules_funding.sql: the rules of temporary official trips abroad as
-- data (each version with its parameters, severity, scope, legal source and
-- the dates it is in force), the facts the new rules need (inviter type and
-- country, transit stops, leadership / principal / retired persons, the
-- budget's source), and trip funding by lines against the standards.

CREATE TABLE rules (
    id @ID@,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    title_zh TEXT NOT NULL,
    params TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('warning','block')),
    scope TEXT NOT NULL DEFAULT '{}',
    source TEXT NOT NULL,
    article TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 1,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX rules_key ON rules(key, effective_from);

-- The national rules, in force since ever (1970-01-01) so that every trip on
-- record is judged; sources cite the document, and the article only where
-- its number is certain. general_inspection ships as a warning: the
-- category 考察 alone does not prove a trip has no substantive task; a
-- province that wants it refused sets it to block.
INSERT INTO rules (key, kind, title_zh, params, severity, scope, source, article, enabled, effective_from, created_at, updated_at) VALUES
    ('max_countries', 'max_countries', '出访国家(地区)数', '{"max":3,"count_transit":false}', 'block', '{}', '中办发〔2013〕16号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('max_days_by_countries', 'max_days_by_countries', '在外停留天数(含离、抵境当日)', '{"days":{"1":5,"2":8,"3":10},"extra_days":1,"extra_regions":["latin_america","africa"]}', 'block', '{}', '中办发〔2013〕16号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('max_days_temporary', 'max_days_temporary', '临时出国天数上限', '{"max":90}', 'block', '{}', '本办设置', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('max_members', 'max_members', '团组人数', '{"max":6}', 'block', '{}', '中办发〔2013〕16号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('trip_frequency', 'trip_frequency', '出访频次', '{"default":{"trips":1,"months":0},"ranks":{"bureau":{"trips":1,"months":24}},"principal":{"trips":1,"months":12}}', 'block', '{}', '中办发〔2013〕16号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('min_substantive_share', 'min_substantive_share', '实质性公务活动时间', '{"share":"2/3"}', 'block', '{}', '中办发〔2013〕16号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('publicity', 'publicity', '出访前公示', '{"days":5,"before":"approval"}', 'block', '{}', '省级实施规定', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('min_lead_days', 'min_lead_days', '提前申报', '{"days":20}', 'warning', '{}', '本办设置', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('within_plan', 'within_plan', '计划内出访', '{}', 'block', '{}', '财行〔2013〕516号', '第五条', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('zero_growth', 'zero_growth', '总量零增长', '{}', 'block', '{}', '本办设置', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('passport_validity', 'passport_validity', '护照有效期', '{"months":6}', 'block', '{}', '本办设置', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('general_inspection', 'general_inspection', '不安排考察性出访', '{"categories":["inspection"]}', 'warning', '{}', '财行〔2013〕516号', '第五条', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('excluded_inviters', 'excluded_inviters', '邀请单位类别', '{"types":["overseas_chinese_association","foreign_office_in_china","chinese_company_abroad"]}', 'block', '{}', '教外厅〔2015〕1号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('leadership_together', 'leadership_together', '领导班子成员不同团', '{"max":1}', 'block', '{}', '教外厅〔2015〕1号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('retired_staff', 'retired_staff', '不派退休人员', '{}', 'block', '{}', '省级实施规定', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('budget_required', 'budget_required', '有预算、有来源', '{"source_required":true}', 'block', '{}', '财行〔2013〕516号', '第四条', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z'),
    ('funding_standard', 'funding_standard', '经费开支标准', '{}', 'warning', '{}', '财行〔2013〕516号', '', 1, '1970-01-01', '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z');

-- What an installation had set in the old settings carries over.
UPDATE rules SET params = '{"max":' || COALESCE((SELECT value FROM settings WHERE key = 'max_countries'), '3') || ',"count_transit":false}' WHERE key = 'max_countries';
UPDATE rules SET params = '{"days":{"' || REPLACE(REPLACE(COALESCE((SELECT value FROM settings WHERE key = 'max_days_by_countries'), '1:5,2:8,3:10'), ',', ',"'), ':', '":') || '},"extra_days":1,"extra_regions":["latin_america","africa"]}' WHERE key = 'max_days_by_countries';
UPDATE rules SET params = '{"max":' || COALESCE((SELECT value FROM settings WHERE key = 'max_days_temporary'), '90') || '}' WHERE key = 'max_days_temporary';
UPDATE rules SET params = '{"max":' || COALESCE((SELECT value FROM settings WHERE key = 'max_members'), '6') || '}' WHERE key = 'max_members';
UPDATE rules SET params = '{"default":{"trips":' || COALESCE((SELECT value FROM settings WHERE key = 'max_trips_per_person_year'), '1') || ',"months":0},"ranks":{"bureau":{"trips":1,"months":24}},"principal":{"trips":1,"months":12}}' WHERE key = 'trip_frequency';
UPDATE rules SET params = '{"share":"' || COALESCE((SELECT value FROM settings WHERE key = 'min_substantive_share'), '2/3') || '"}' WHERE key = 'min_substantive_share';
UPDATE rules SET params = '{"days":' || COALESCE((SELECT value FROM settings WHERE key = 'publicity_days'), '5') || ',"before":"approval"}' WHERE key = 'publicity';
UPDATE rules SET params = '{"days":' || COALESCE((SELECT value FROM settings WHERE key = 'min_lead_days'), '20') || '}' WHERE key = 'min_lead_days';
UPDATE rules SET params = '{"months":' || COALESCE((SELECT value FROM settings WHERE key = 'passport_min_validity_months'), '6') || '}' WHERE key = 'passport_validity';
UPDATE rules SET enabled = 0 WHERE key = 'within_plan' AND EXISTS (SELECT 1 FROM settings WHERE key = 'within_plan' AND value = 'off');
UPDATE rules SET enabled = 0 WHERE key = 'zero_growth' AND EXISTS (SELECT 1 FROM settings WHERE key = 'zero_growth' AND value = 'off');
UPDATE rules SET enabled = 0 WHERE key = 'publicity' AND EXISTS (SELECT 1 FROM settings WHERE key = 'publicity_days' AND value = '0');
UPDATE rules SET params = '{"days":5,"before":"approval"}' WHERE key = 'publicity' AND params = '{"days":0,"before":"approval"}';
DELETE FROM settings WHERE key IN ('max_countries', 'max_days_by_countries', 'max_days_temporary', 'max_members',
    'max_trips_per_person_year', 'min_substantive_share', 'publicity_days', 'min_lead_days', 'within_plan',
    'zero_growth', 'passport_min_validity_months');

-- The inviter's type and country; existing trips become 'other'.
ALTER TABLE delegations ADD COLUMN inviter_type TEXT NOT NULL DEFAULT 'other' CHECK (inviter_type IN ('foreign_government','foreign_organisation','foreign_company','university','international_organisation','overseas_chinese_association','foreign_office_in_china','chinese_company_abroad','other'));
ALTER TABLE delegations ADD COLUMN inviter_country TEXT;
-- Where the budget comes from: 财政拨款 / 自筹 / 其他.
ALTER TABLE delegations ADD COLUMN budget_source TEXT CHECK (budget_source IN ('fiscal','self_raised','other'));
-- A transit stop (经停) where the delegation does not leave the airport.
ALTER TABLE delegation_destinations ADD COLUMN transit INTEGER NOT NULL DEFAULT 0;
-- 领导班子成员, 党政正职, retired.
ALTER TABLE persons ADD COLUMN is_leadership INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN is_principal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;

-- Funding by lines (国际旅费, 住宿费, 伙食费, 公杂费, 其他费用), each in its
-- currency with its rate to yuan; phase 'budget' (预算) before the trip,
-- 'actual' (决算) after return. A trip's budget_fen is the sum of its budget
-- lines in yuan; actual_fen the sum of its actual lines.
CREATE TABLE delegation_funding (
    id @ID@,
    delegation_id BIGINT NOT NULL REFERENCES delegations(id),
    phase TEXT NOT NULL CHECK (phase IN ('budget','actual')),
    position INTEGER NOT NULL,
    item TEXT NOT NULL CHECK (item IN ('international_travel','accommodation','meals','incidentals','other')),
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    rate_micro BIGINT NOT NULL,
    cny_fen BIGINT NOT NULL,
    country TEXT,
    city TEXT,
    persons INTEGER,
    days INTEGER,
    note TEXT
);
CREATE INDEX funding_delegation ON delegation_funding(delegation_id, phase);
ALTER TABLE delegations ADD COLUMN actual_fen BIGINT;

-- The standards of 财行〔2013〕516号 per country and city (city '' for the
-- rest of the country), in the standard's currency: accommodation cap per
-- person per night, meals and incidentals per person per day. Shipped empty:
-- the administrator imports the published table (import template
-- funding-standards); no figure is invented here.
CREATE TABLE funding_standards (
    id @ID@,
    country TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL,
    accommodation_minor BIGINT NOT NULL,
    meals_minor BIGINT NOT NULL,
    incidentals_minor BIGINT NOT NULL,
    source TEXT NOT NULL DEFAULT '财行〔2013〕516号',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (country, city)
);
