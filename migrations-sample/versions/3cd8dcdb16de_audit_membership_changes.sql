-- strata:revision 3cd8dcdb16de
-- strata:parents 37d8e4952211
-- strata:message audit membership changes
-- strata:created 2026-06-18T17:51:26Z

-- strata:upgrade
-- Written by triggers rather than by the application, so that changes made from an
-- admin console or a support script are audited too.
CREATE TRIGGER memberships_audit_insert AFTER INSERT ON memberships
BEGIN
    INSERT INTO audit_log (organization_id, action, target_type, target_id, metadata)
    VALUES (NEW.organization_id, 'membership.created', 'user', CAST(NEW.user_id AS TEXT),
            json_object('role_id', NEW.role_id));
END;

CREATE TRIGGER memberships_audit_update AFTER UPDATE OF role_id ON memberships
WHEN OLD.role_id IS NOT NEW.role_id
BEGIN
    INSERT INTO audit_log (organization_id, action, target_type, target_id, metadata)
    VALUES (NEW.organization_id, 'membership.role_changed', 'user', CAST(NEW.user_id AS TEXT),
            json_object('from_role_id', OLD.role_id, 'to_role_id', NEW.role_id));
END;

CREATE TRIGGER memberships_audit_delete AFTER DELETE ON memberships
BEGIN
    INSERT INTO audit_log (organization_id, action, target_type, target_id, metadata)
    VALUES (OLD.organization_id, 'membership.deleted', 'user', CAST(OLD.user_id AS TEXT),
            json_object('role_id', OLD.role_id));
END;

-- strata:downgrade
DROP TRIGGER memberships_audit_delete;
DROP TRIGGER memberships_audit_update;
DROP TRIGGER memberships_audit_insert;
