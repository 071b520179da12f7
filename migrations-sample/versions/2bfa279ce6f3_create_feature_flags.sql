-- strata:revision 2bfa279ce6f3
-- strata:parents 96f45c8af258
-- strata:message create feature flags
-- strata:created 2026-02-22T09:25:13Z

-- strata:upgrade
CREATE TABLE feature_flags (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    rollout_percent INTEGER NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE feature_flag_overrides (
    feature_flag_id INTEGER NOT NULL REFERENCES feature_flags (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    PRIMARY KEY (feature_flag_id, organization_id)
) WITHOUT ROWID;

-- strata:downgrade
DROP TABLE feature_flag_overrides;
DROP TABLE feature_flags;
