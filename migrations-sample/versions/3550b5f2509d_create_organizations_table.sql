-- strata:revision 3550b5f2509d
-- strata:message create organizations table
-- strata:created 2026-01-12T09:14:27Z

-- strata:upgrade
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug);

-- strata:downgrade
DROP INDEX organizations_slug_key;
DROP TABLE organizations;
