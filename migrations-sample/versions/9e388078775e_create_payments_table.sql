-- strata:revision 9e388078775e
-- strata:parents 7d2541517043
-- strata:message create payments table
-- strata:created 2026-03-20T01:14:16Z

-- strata:upgrade
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    provider TEXT NOT NULL,
    provider_payment_id TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
    paid_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Payment provider webhooks are retried; the provider's id makes them idempotent.
CREATE UNIQUE INDEX payments_provider_key ON payments (provider, provider_payment_id);
CREATE INDEX payments_invoice_id_idx ON payments (invoice_id);

-- strata:downgrade
DROP INDEX payments_invoice_id_idx;
DROP INDEX payments_provider_key;
DROP TABLE payments;
