-- strata:revision 70bfb27aeceb
-- strata:parents af6de9a11ca9
-- strata:message create subscriptions table
-- strata:created 2026-02-26T11:01:32Z

-- strata:upgrade
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    status TEXT NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
    current_period_start TEXT NOT NULL,
    current_period_end TEXT NOT NULL,
    cancel_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- At most one live subscription per organization; canceled ones are kept for history.
CREATE UNIQUE INDEX subscriptions_one_live_per_organization ON subscriptions (organization_id) WHERE status <> 'canceled';
CREATE INDEX subscriptions_plan_id_idx ON subscriptions (plan_id);

-- strata:downgrade
DROP INDEX subscriptions_plan_id_idx;
DROP INDEX subscriptions_one_live_per_organization;
DROP TABLE subscriptions;
