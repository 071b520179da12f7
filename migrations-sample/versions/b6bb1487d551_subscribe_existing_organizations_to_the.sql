-- strata:revision b6bb1487d551
-- strata:parents e45df46a870b
-- strata:depends-on 70bfb27aeceb
-- strata:message subscribe existing organizations to the free plan
-- strata:created 2026-04-08T12:58:43Z

-- strata:upgrade
-- Organizations created before billing existed get the free plan, so that
-- "every organization has a live subscription" holds from now on.
INSERT INTO plans (code, name, price_cents, billing_interval, seat_limit)
VALUES ('free', 'Free', 0, 'month', 3);

INSERT INTO subscriptions (organization_id, plan_id, status, current_period_start, current_period_end)
SELECT o.id, p.id, 'active', o.created_at, '9999-12-31T23:59:59Z'
FROM organizations AS o
CROSS JOIN plans AS p
WHERE p.code = 'free'
  AND NOT EXISTS (
      SELECT 1 FROM subscriptions AS s
      WHERE s.organization_id = o.id AND s.status <> 'canceled'
  );

-- strata:downgrade
DELETE FROM subscriptions WHERE plan_id = (SELECT id FROM plans WHERE code = 'free');
DELETE FROM plans WHERE code = 'free';
