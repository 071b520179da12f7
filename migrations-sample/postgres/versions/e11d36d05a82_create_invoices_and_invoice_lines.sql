-- strata:revision e11d36d05a82
-- strata:parents aa227c201fe0
-- strata:message create invoices and invoice lines
-- strata:created 2026-03-04T00:35:57Z

-- strata:upgrade
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id),
    subscription_id bigint REFERENCES subscriptions (id) ON DELETE SET NULL,
    number text NOT NULL UNIQUE,
    status invoice_status NOT NULL DEFAULT 'draft',
    currency char(3) NOT NULL DEFAULT 'USD',
    total numeric(12,2) NOT NULL DEFAULT 0,
    issued_at timestamptz,
    due_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX invoices_organization_created_idx ON invoices (organization_id, created_at DESC);

CREATE TABLE invoice_lines (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description text NOT NULL,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_amount numeric(12,2) NOT NULL,
    amount numeric(12,2) GENERATED ALWAYS AS (quantity * unit_amount) STORED
);

CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);

-- strata:downgrade
DROP TABLE invoice_lines;
DROP TABLE invoices;
DROP TYPE invoice_status;
