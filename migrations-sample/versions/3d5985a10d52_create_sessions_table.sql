-- strata:revision 3d5985a10d52
-- strata:parents c19e2a59ca10
-- strata:message create sessions table
-- strata:created 2026-02-14T21:22:53Z

-- strata:upgrade
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    user_agent TEXT,
    ip_address TEXT,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- strata:downgrade
DROP INDEX sessions_expires_at_idx;
DROP INDEX sessions_user_id_idx;
DROP TABLE sessions;
