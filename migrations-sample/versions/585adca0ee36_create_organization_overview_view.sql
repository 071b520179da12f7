-- strata:revision 585adca0ee36
-- strata:parents 838bc8b2b701
-- strata:message create organization overview view
-- strata:created 2026-05-06T06:07:06Z

-- strata:upgrade
CREATE VIEW organization_overview AS
SELECT
    o.id AS organization_id,
    o.slug,
    o.name,
    p.code AS plan_code,
    s.status AS subscription_status,
    (SELECT count(*) FROM memberships AS m WHERE m.organization_id = o.id) AS member_count
FROM organizations AS o
LEFT JOIN subscriptions AS s ON s.organization_id = o.id AND s.status <> 'canceled'
LEFT JOIN plans AS p ON p.id = s.plan_id;

-- strata:downgrade
DROP VIEW organization_overview;
