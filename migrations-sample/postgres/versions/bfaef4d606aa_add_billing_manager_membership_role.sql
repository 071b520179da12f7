-- strata:revision bfaef4d606aa
-- strata:parents 044ef768a500
-- strata:message add billing manager membership role
-- strata:created 2026-03-18T08:49:52Z

-- strata:upgrade
ALTER TYPE membership_role ADD VALUE 'billing_manager' AFTER 'admin';

-- strata:downgrade
-- PostgreSQL cannot drop an enum value: rebuild the type without it.
-- Billing managers become admins, the closest role that keeps their access.
UPDATE memberships SET role = 'admin' WHERE role = 'billing_manager';
ALTER TYPE membership_role RENAME TO membership_role_old;
CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'member');
ALTER TABLE memberships ALTER COLUMN role DROP DEFAULT;
ALTER TABLE memberships ALTER COLUMN role TYPE membership_role USING role::text::membership_role;
ALTER TABLE memberships ALTER COLUMN role SET DEFAULT 'member';
DROP TYPE membership_role_old;
