-- strata:revision 838bc8b2b701
-- strata:parents af3afba09b32
-- strata:message delete sessions together with their user
-- strata:created 2026-05-01T22:41:04Z

-- strata:upgrade
-- SQLite cannot change a foreign key in place: rebuild the table the documented way
-- (create the new shape, copy the rows, drop the old table, rename), then recreate the indexes.
CREATE TABLE sessions_new (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent TEXT,
    ip_address TEXT,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

INSERT INTO sessions_new (id, user_id, user_agent, ip_address, expires_at, created_at)
SELECT id, user_id, user_agent, ip_address, expires_at, created_at FROM sessions;

DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- strata:downgrade
CREATE TABLE sessions_old (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    user_agent TEXT,
    ip_address TEXT,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

INSERT INTO sessions_old (id, user_id, user_agent, ip_address, expires_at, created_at)
SELECT id, user_id, user_agent, ip_address, expires_at, created_at FROM sessions;

DROP TABLE sessions;
ALTER TABLE sessions_old RENAME TO sessions;

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
