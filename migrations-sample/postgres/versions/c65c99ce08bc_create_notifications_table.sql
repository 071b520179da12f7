-- strata:revision c65c99ce08bc
-- strata:parents 3428ba94bff7
-- strata:message create notifications table
-- strata:created 2026-04-18T01:16:43Z

-- strata:upgrade
CREATE TABLE notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id bigint REFERENCES organizations (id) ON DELETE CASCADE,
    kind text NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    read_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN notifications.payload IS 'Rendered by the client; its shape depends on kind';

-- The bell icon only ever asks for a user's unread notifications, newest first.
CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;

-- strata:downgrade
DROP TABLE notifications;
