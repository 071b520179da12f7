-- strata:revision ef6ac55d8fb0
-- strata:parents e11d36d05a82
-- strata:message keep invoice totals in sync with lines
-- strata:created 2026-03-06T07:04:38Z

-- strata:upgrade
-- invoices.total is denormalised so that invoice lists need not sum lines on every read.
CREATE FUNCTION invoice_lines_sync_total() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE invoices SET total = total - OLD.amount WHERE id = OLD.invoice_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE invoices SET total = total + NEW.amount WHERE id = NEW.invoice_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER invoice_lines_sync_total
AFTER INSERT OR DELETE OR UPDATE OF quantity, unit_amount, invoice_id ON invoice_lines
FOR EACH ROW EXECUTE FUNCTION invoice_lines_sync_total();

-- strata:downgrade
DROP TRIGGER invoice_lines_sync_total ON invoice_lines;
DROP FUNCTION invoice_lines_sync_total();
