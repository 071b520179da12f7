-- strata:revision 687bfb37f7f6
-- strata:parents 330e32e64363
-- strata:message create feature flags
-- strata:created 2026-03-30T20:08:03Z

-- strata:upgrade
CREATE TABLE feature_flags (
    key text PRIMARY KEY,
    description text NOT NULL DEFAULT '',
    enabled boolean NOT NULL DEFAULT false,
    rollout_percent smallint NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    rules jsonb NOT NULL DEFAULT '[]',
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feature_flag_overrides (
    feature_flag_key text NOT NULL REFERENCES feature_flags (key) ON UPDATE CASCADE ON DELETE CASCADE,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    enabled boolean NOT NULL,
    PRIMARY KEY (feature_flag_key, organization_id)
);

-- strata:downgrade
DROP TABLE feature_flag_overrides;
DROP TABLE feature_flags;
