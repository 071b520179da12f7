CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token varchar(64) NOT NULL,
    expires_at timestamp NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
