-- strata:revision d0c71f6da351
-- strata:parents ef6ac55d8fb0
-- strata:message create payments table
-- strata:created 2026-03-10T07:58:11Z

-- strata:upgrade
CREATE TABLE payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    provider text NOT NULL,
    provider_payment_id text NOT NULL,
    amount numeric(12,2) NOT NULL,
    succeeded_at timestamptz,
    raw_event jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Payment provider webhooks are retried; the provider's id makes them idempotent.
    CONSTRAINT payments_provider_key UNIQUE (provider, provider_payment_id)
);

CREATE INDEX payments_invoice_id_idx ON payments (invoice_id);

-- strata:downgrade
DROP TABLE payments;
