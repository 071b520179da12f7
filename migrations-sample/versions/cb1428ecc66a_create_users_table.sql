-- strata:revision cb1428ecc66a
-- strata:parents 3550b5f2509d
-- strata:message create users table
-- strata:created 2026-01-19T11:40:08Z

-- strata:upgrade
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Emails are compared case-insensitively at sign-in, so uniqueness must be too.
CREATE UNIQUE INDEX users_email_key ON users (email COLLATE NOCASE);

-- strata:downgrade
DROP INDEX users_email_key;
DROP TABLE users;
