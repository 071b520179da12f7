-- strata:revision c19e2a59ca10
-- strata:parents 3e748265a99a
-- strata:message create api keys table
-- strata:created 2026-02-06T20:30:17Z

-- strata:upgrade
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The prefix is the visible part of a key; lookups go prefix first, then hash compare.
CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix);
CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id);

-- strata:downgrade
DROP INDEX api_keys_organization_id_idx;
DROP INDEX api_keys_prefix_key;
DROP TABLE api_keys;
