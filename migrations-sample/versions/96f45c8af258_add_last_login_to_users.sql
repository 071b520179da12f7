-- strata:revision 96f45c8af258
-- strata:parents 3d5985a10d52
-- strata:message add last login to users
-- strata:created 2026-02-18T01:03:33Z

-- strata:upgrade
ALTER TABLE users ADD COLUMN last_login_at TEXT;

-- strata:downgrade
ALTER TABLE users DROP COLUMN last_login_at;
