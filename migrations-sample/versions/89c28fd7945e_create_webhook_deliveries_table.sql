-- strata:revision 89c28fd7945e
-- strata:parents 4ffc44baf86d
-- strata:message create webhook deliveries table
-- strata:created 2026-06-01T04:44:28Z

-- strata:upgrade
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    webhook_endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    response_status INTEGER,
    attempt INTEGER NOT NULL DEFAULT 1,
    next_attempt_at TEXT,
    delivered_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (webhook_endpoint_id, created_at DESC);
-- The retry worker polls for undelivered rows whose next attempt is due.
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;

-- strata:downgrade
DROP INDEX webhook_deliveries_pending_idx;
DROP INDEX webhook_deliveries_endpoint_idx;
DROP TABLE webhook_deliveries;
