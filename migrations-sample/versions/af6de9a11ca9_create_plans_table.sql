-- strata:revision af6de9a11ca9
-- strata:parents 96f45c8af258
-- strata:branch-labels billing
-- strata:message create plans table
-- strata:created 2026-02-20T07:06:47Z

-- strata:upgrade
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    currency TEXT NOT NULL DEFAULT 'USD',
    billing_interval TEXT NOT NULL CHECK (billing_interval IN ('month', 'year')),
    seat_limit INTEGER,
    is_public INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1))
);

-- strata:downgrade
DROP TABLE plans;
