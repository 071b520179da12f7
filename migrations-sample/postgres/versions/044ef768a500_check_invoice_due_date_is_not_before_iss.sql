-- strata:revision 044ef768a500
-- strata:parents d0c71f6da351
-- strata:message check invoice due date is not before issue date
-- strata:created 2026-03-13T08:00:23Z
-- strata:transactional false

-- strata:upgrade
-- NOT VALID skips the scan, so ADD CONSTRAINT holds its ACCESS EXCLUSIVE lock only for a
-- moment; VALIDATE then scans under SHARE UPDATE EXCLUSIVE, which lets reads and writes go
-- on. Not transactional, so that the first lock is released before the scan starts.
ALTER TABLE invoices ADD CONSTRAINT invoices_due_after_issue CHECK (due_at >= issued_at) NOT VALID;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_due_after_issue;

-- strata:downgrade
ALTER TABLE invoices DROP CONSTRAINT invoices_due_after_issue;
