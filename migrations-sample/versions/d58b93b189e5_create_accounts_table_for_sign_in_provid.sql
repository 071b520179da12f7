-- strata:revision d58b93b189e5
-- strata:parents cb1428ecc66a
-- strata:message create accounts table for sign in providers
-- strata:created 2026-01-21T13:32:42Z

-- strata:upgrade
-- One row per way a user can sign in (password, Google, GitHub, SAML).
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    provider_account_id TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX accounts_provider_key ON accounts (provider, provider_account_id);
CREATE INDEX accounts_user_id_idx ON accounts (user_id);

-- strata:downgrade
DROP INDEX accounts_user_id_idx;
DROP INDEX accounts_provider_key;
DROP TABLE accounts;
