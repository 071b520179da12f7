-- strata:revision 3e748265a99a
-- strata:parents b3dd544d5018
-- strata:message create invitations table
-- strata:created 2026-01-29T19:15:12Z

-- strata:upgrade
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role_id INTEGER NOT NULL REFERENCES roles (id),
    token_hash TEXT NOT NULL,
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
-- The members page lists only pending invitations.
CREATE INDEX invitations_pending_idx ON invitations (organization_id) WHERE accepted_at IS NULL;

-- strata:downgrade
DROP INDEX invitations_pending_idx;
DROP INDEX invitations_token_hash_key;
DROP TABLE invitations;
