-- strata:revision 156072896fbc
-- strata:parents 5f44637a2d1c
-- strata:message create api keys and sessions
-- strata:created 2026-02-16T20:23:55Z

-- strata:upgrade
CREATE TABLE api_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    name text NOT NULL,
    prefix text NOT NULL UNIQUE,
    key_hash bytea NOT NULL,
    scopes text[] NOT NULL DEFAULT '{read}',
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id);

CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent text,
    ip_address inet,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- strata:downgrade
DROP TABLE sessions;
DROP TABLE api_keys;
