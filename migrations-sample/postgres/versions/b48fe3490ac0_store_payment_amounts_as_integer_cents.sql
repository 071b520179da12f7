-- strata:revision b48fe3490ac0
-- strata:parents c65c99ce08bc
-- strata:message store payment amounts as integer cents
-- strata:created 2026-04-21T05:37:31Z

-- strata:upgrade
SET lock_timeout = '5s';
-- Deliberately risky, kept as an example for the lock linter: changing the column type
-- rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads
-- and writes on payments for the duration. lock_timeout at least gives up quickly when the
-- lock cannot be had, instead of queueing every other query on payments behind it.
ALTER TABLE payments ALTER COLUMN amount TYPE bigint USING (amount * 100)::bigint;
ALTER TABLE payments RENAME COLUMN amount TO amount_cents;

-- strata:downgrade
SET lock_timeout = '5s';
ALTER TABLE payments RENAME COLUMN amount_cents TO amount;
ALTER TABLE payments ALTER COLUMN amount TYPE numeric(12,2) USING amount / 100.0;
