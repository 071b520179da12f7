-- strata:revision af3afba09b32
-- strata:parents 7b98e580f909
-- strata:message create notification preferences table
-- strata:created 2026-04-23T19:52:43Z

-- strata:upgrade
CREATE TABLE notification_preferences (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email', 'slack')),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    PRIMARY KEY (user_id, kind, channel)
) WITHOUT ROWID;

-- strata:downgrade
DROP TABLE notification_preferences;
