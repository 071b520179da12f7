-- strata:revision 7b98e580f909
-- strata:parents b6bb1487d551
-- strata:message create notifications table
-- strata:created 2026-04-17T18:45:11Z

-- strata:upgrade
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    read_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The bell icon only ever asks for a user's unread notifications, newest first.
CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;

-- strata:downgrade
DROP INDEX notifications_user_unread_idx;
DROP TABLE notifications;
