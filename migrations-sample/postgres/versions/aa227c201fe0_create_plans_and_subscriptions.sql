-- strata:revision aa227c201fe0
-- strata:parents 156072896fbc
-- strata:message create plans and subscriptions
-- strata:created 2026-02-25T22:30:23Z

-- strata:upgrade
CREATE TYPE subscription_status AS ENUM ('trialing', 'active', 'past_due', 'canceled');

CREATE TABLE plans (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    price numeric(12,2) NOT NULL CHECK (price >= 0),
    currency char(3) NOT NULL DEFAULT 'USD',
    billing_interval interval NOT NULL DEFAULT interval '1 month',
    features jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE subscriptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    plan_id bigint NOT NULL REFERENCES plans (id),
    status subscription_status NOT NULL,
    current_period tstzrange NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- At most one live subscription per organization; canceled ones are kept for history.
CREATE UNIQUE INDEX subscriptions_one_live_per_organization ON subscriptions (organization_id) WHERE status <> 'canceled';
CREATE INDEX subscriptions_plan_id_idx ON subscriptions (plan_id);

-- strata:downgrade
DROP TABLE subscriptions;
DROP TABLE plans;
DROP TYPE subscription_status;
