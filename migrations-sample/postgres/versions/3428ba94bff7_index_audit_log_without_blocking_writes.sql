-- strata:revision 3428ba94bff7
-- strata:parents 687bfb37f7f6
-- strata:message index audit log without blocking writes
-- strata:created 2026-04-08T20:50:08Z
-- strata:transactional false

-- strata:upgrade
-- audit_log is written on almost every request and is large by now: a plain CREATE INDEX
-- would block those writes (SHARE lock) for the whole build. CONCURRENTLY does not, but it
-- cannot run inside a transaction, hence transactional false.
CREATE INDEX CONCURRENTLY audit_log_organization_occurred_idx ON audit_log (organization_id, occurred_at DESC);
CREATE INDEX CONCURRENTLY audit_log_metadata_idx ON audit_log USING gin (metadata jsonb_path_ops);

-- strata:downgrade
DROP INDEX CONCURRENTLY audit_log_metadata_idx;
DROP INDEX CONCURRENTLY audit_log_organization_occurred_idx;
