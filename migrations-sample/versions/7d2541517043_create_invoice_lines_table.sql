-- strata:revision 7d2541517043
-- strata:parents f7ec938c312c
-- strata:message create invoice lines table
-- strata:created 2026-03-10T18:24:56Z

-- strata:upgrade
CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_amount_cents INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL
);

CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);

-- strata:downgrade
DROP INDEX invoice_lines_invoice_id_idx;
DROP TABLE invoice_lines;
