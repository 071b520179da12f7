-- strata:revision 0874aef793be
-- strata:parents cbb3a9d9d724
-- strata:message add expiry to api keys
-- strata:created 2026-07-04T20:44:22Z

-- strata:upgrade
ALTER TABLE api_keys ADD COLUMN expires_at TEXT;

CREATE INDEX api_keys_expiring_idx ON api_keys (expires_at) WHERE expires_at IS NOT NULL AND revoked_at IS NULL;

-- strata:downgrade
DROP INDEX api_keys_expiring_idx;
ALTER TABLE api_keys DROP COLUMN expires_at;
