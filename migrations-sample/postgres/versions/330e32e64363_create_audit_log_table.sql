-- strata:revision 330e32e64363
-- strata:parents bfaef4d606aa
-- strata:message create audit log table
-- strata:created 2026-03-25T16:27:45Z

-- strata:upgrade
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint REFERENCES organizations (id) ON DELETE SET NULL,
    actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_api_key_id bigint REFERENCES api_keys (id) ON DELETE SET NULL,
    action text NOT NULL,
    target_type text,
    target_id text,
    metadata jsonb NOT NULL DEFAULT '{}',
    ip_address inet,
    occurred_at timestamptz NOT NULL DEFAULT now()
);

-- strata:downgrade
DROP TABLE audit_log;
