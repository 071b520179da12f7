-- strata:revision 6889de750fdb
-- strata:parents 3cd8dcdb16de
-- strata:message add request context to audit log
-- strata:created 2026-06-25T20:30:33Z

-- strata:upgrade
ALTER TABLE audit_log ADD COLUMN ip_address TEXT;
ALTER TABLE audit_log ADD COLUMN user_agent TEXT;
ALTER TABLE audit_log ADD COLUMN request_id TEXT;

-- strata:downgrade
ALTER TABLE audit_log DROP COLUMN request_id;
ALTER TABLE audit_log DROP COLUMN user_agent;
ALTER TABLE audit_log DROP COLUMN ip_address;
