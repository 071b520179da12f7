-- strata:revision ef1a2e082c82
-- strata:parents 9e388078775e
-- strata:message keep invoice totals in sync with lines
-- strata:created 2026-03-29T08:37:35Z

-- strata:upgrade
-- invoices.total_cents is denormalised so that invoice lists need not sum lines on every read.
CREATE TRIGGER invoice_lines_after_insert AFTER INSERT ON invoice_lines
BEGIN
    UPDATE invoices SET total_cents = total_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
END;

CREATE TRIGGER invoice_lines_after_delete AFTER DELETE ON invoice_lines
BEGIN
    UPDATE invoices SET total_cents = total_cents - OLD.amount_cents WHERE id = OLD.invoice_id;
END;

CREATE TRIGGER invoice_lines_after_update AFTER UPDATE OF amount_cents, invoice_id ON invoice_lines
BEGIN
    UPDATE invoices SET total_cents = total_cents - OLD.amount_cents WHERE id = OLD.invoice_id;
    UPDATE invoices SET total_cents = total_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
END;

-- strata:downgrade
DROP TRIGGER invoice_lines_after_update;
DROP TRIGGER invoice_lines_after_delete;
DROP TRIGGER invoice_lines_after_insert;
