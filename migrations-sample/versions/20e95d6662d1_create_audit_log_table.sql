-- strata:revision 20e95d6662d1
-- strata:parents 4ffc44baf86d
-- strata:branch-labels audit
-- strata:message create audit log table
-- strata:created 2026-05-25T20:59:46Z

-- strata:upgrade
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    actor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_api_key_id INTEGER REFERENCES api_keys (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- strata:downgrade
DROP TABLE audit_log;
