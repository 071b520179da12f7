-- strata:revision 37d8e4952211
-- strata:parents 20e95d6662d1
-- strata:message index audit log by organization and actor
-- strata:created 2026-06-04T05:31:12Z

-- strata:upgrade
CREATE INDEX audit_log_organization_occurred_idx ON audit_log (organization_id, occurred_at DESC);
CREATE INDEX audit_log_actor_occurred_idx ON audit_log (actor_user_id, occurred_at DESC);

-- strata:downgrade
DROP INDEX audit_log_actor_occurred_idx;
DROP INDEX audit_log_organization_occurred_idx;
