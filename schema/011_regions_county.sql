-- 011_regions_county.sql: county offices (县区外事办) and their review.
-- A user may have the role `county`: it belongs to a county- or
-- district-level unit and sees that unit's subtree (units.parent_id). A
-- trip of a unit under a county waits for the county review (县级初审)
-- in the new state `county_reviewed` before the city office's
-- preliminary review. Trips to Hong Kong, Macao and Taiwan need no column:
-- destinations keep their ISO 3166 codes (HK, MO, TW).
--
-- Both changes widen a CHECK constraint. PostgreSQL replaces the named
-- constraint; SQLite cannot alter a constraint, so the table's stored
-- definition is rewritten in place (the documented writable_schema way for
-- a change that leaves every stored row valid), a throwaway table bumps the
-- schema cookie so that other connections reload it, and RESET reloads it
-- here.

-- @postgresql
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin','officer','reviewer','director','unit','county','viewer'));
ALTER TABLE delegations DROP CONSTRAINT delegations_status_check;
ALTER TABLE delegations ADD CONSTRAINT delegations_status_check
    CHECK (status IN ('draft','submitted','county_reviewed','preliminary_approved','approved','rejected','departed','returned','closed','cancelled'));
-- @end

-- @sqlite
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, '''director'',''unit'',''viewer''', '''director'',''unit'',''county'',''viewer''')
    WHERE type = 'table' AND name = 'users';
UPDATE sqlite_schema SET sql = replace(sql, '''draft'',''submitted'',''preliminary_approved''', '''draft'',''submitted'',''county_reviewed'',''preliminary_approved''')
    WHERE type = 'table' AND name = 'delegations';
PRAGMA writable_schema = OFF;
CREATE TABLE schema_cookie_bump (x INTEGER);
DROP TABLE schema_cookie_bump;
PRAGMA writable_schema = RESET;
-- @end

-- The county review's own columns: when and by what comment.
ALTER TABLE delegations ADD COLUMN county_reviewed_on TEXT;
ALTER TABLE delegations ADD COLUMN county_comment TEXT;
