-- strata:revision b3dd544d5018
-- strata:parents d58b93b189e5
-- strata:message create roles and memberships
-- strata:created 2026-01-24T19:09:45Z

-- strata:upgrade
CREATE TABLE roles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

INSERT INTO roles (id, name, description) VALUES
    (1, 'owner', 'Full access, including billing and deleting the organization'),
    (2, 'admin', 'Manages members, API keys and settings'),
    (3, 'member', 'Uses the product');

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX memberships_organization_user_key ON memberships (organization_id, user_id);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

-- strata:downgrade
DROP INDEX memberships_user_id_idx;
DROP INDEX memberships_organization_user_key;
DROP TABLE memberships;
DROP TABLE roles;
