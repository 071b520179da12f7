-- strata:revision 6bb730ac0e10
-- strata:parents 585adca0ee36
-- strata:message add billing email to organizations
-- strata:created 2026-05-09T11:28:50Z

-- strata:upgrade
ALTER TABLE organizations ADD COLUMN billing_email TEXT;

-- Backfill from each organization's earliest owner so existing invoices have an address.
UPDATE organizations
SET billing_email = (
    SELECT u.email
    FROM memberships AS m
    JOIN roles AS r ON r.id = m.role_id
    JOIN users AS u ON u.id = m.user_id
    WHERE m.organization_id = organizations.id AND r.name = 'owner'
    ORDER BY m.created_at, m.id
    LIMIT 1
);

-- strata:downgrade
ALTER TABLE organizations DROP COLUMN billing_email;
