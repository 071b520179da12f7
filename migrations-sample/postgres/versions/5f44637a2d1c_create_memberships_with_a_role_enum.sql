-- strata:revision 5f44637a2d1c
-- strata:parents 8329d88932b2
-- strata:message create memberships with a role enum
-- strata:created 2026-02-11T17:32:23Z

-- strata:upgrade
CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'member');

CREATE TABLE memberships (
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role membership_role NOT NULL DEFAULT 'member',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);

CREATE INDEX memberships_user_id_idx ON memberships (user_id);

-- strata:downgrade
DROP TABLE memberships;
DROP TYPE membership_role;
