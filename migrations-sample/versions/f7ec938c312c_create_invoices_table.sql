-- strata:revision f7ec938c312c
-- strata:parents 70bfb27aeceb
-- strata:message create invoices table
-- strata:created 2026-03-02T12:39:08Z

-- strata:upgrade
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE SET NULL,
    number TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    currency TEXT NOT NULL DEFAULT 'USD',
    total_cents INTEGER NOT NULL DEFAULT 0,
    issued_at TEXT,
    due_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX invoices_number_key ON invoices (number);
CREATE INDEX invoices_organization_created_idx ON invoices (organization_id, created_at DESC);

-- strata:downgrade
DROP INDEX invoices_organization_created_idx;
DROP INDEX invoices_number_key;
DROP TABLE invoices;
