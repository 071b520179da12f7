-- strata:revision 4ffc44baf86d
-- strata:parents 6bb730ac0e10
-- strata:message create webhook endpoints table
-- strata:created 2026-05-16T19:06:41Z

-- strata:upgrade
CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url TEXT NOT NULL CHECK (url LIKE 'https://%'),
    secret TEXT NOT NULL,
    events TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(events)),
    disabled_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX webhook_endpoints_organization_id_idx ON webhook_endpoints (organization_id);

-- strata:downgrade
DROP INDEX webhook_endpoints_organization_id_idx;
DROP TABLE webhook_endpoints;
