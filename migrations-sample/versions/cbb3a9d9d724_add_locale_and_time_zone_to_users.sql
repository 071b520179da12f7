-- strata:revision cbb3a9d9d724
-- strata:parents 89c28fd7945e
-- strata:message add locale and time zone to users
-- strata:created 2026-06-10T12:49:57Z

-- strata:upgrade
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
ALTER TABLE users ADD COLUMN time_zone TEXT;

-- strata:downgrade
ALTER TABLE users DROP COLUMN time_zone;
ALTER TABLE users DROP COLUMN locale;
