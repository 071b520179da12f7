-- strata:revision 8329d88932b2
-- strata:message create organizations and users
-- strata:created 2026-02-02T10:03:51Z

-- strata:upgrade
CREATE TABLE organizations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    display_name text NOT NULL,
    password_hash text,
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Emails are compared case-insensitively at sign-in, so uniqueness must be too.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- strata:downgrade
DROP TABLE users;
DROP TABLE organizations;
