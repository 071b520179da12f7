-- Declarative target schema for autogenerate: the schema both heads produce together
-- (main and audit), plus three changes no revision makes yet:
--   users.avatar_url, the index invoices_open_due_idx and the table organization_domains.
-- Seed rows (roles, the free plan) live only in the revisions: autogenerate compares the
-- schema (tables, indexes, triggers, views), not data.

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    billing_email TEXT
);

CREATE UNIQUE INDEX organizations_slug_key ON organizations (slug);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    last_login_at TEXT,
    locale TEXT NOT NULL DEFAULT 'en',
    time_zone TEXT,
    avatar_url TEXT
);

CREATE UNIQUE INDEX users_email_key ON users (email COLLATE NOCASE);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    provider_account_id TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX accounts_provider_key ON accounts (provider, provider_account_id);
CREATE INDEX accounts_user_id_idx ON accounts (user_id);

CREATE TABLE roles (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX memberships_organization_user_key ON memberships (organization_id, user_id);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

CREATE TABLE organization_domains (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    verified_at TEXT,
    auto_join_role_id INTEGER REFERENCES roles (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX organization_domains_domain_key ON organization_domains (domain COLLATE NOCASE);
CREATE INDEX organization_domains_organization_id_idx ON organization_domains (organization_id);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role_id INTEGER NOT NULL REFERENCES roles (id),
    token_hash TEXT NOT NULL,
    invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);
CREATE INDEX invitations_pending_idx ON invitations (organization_id) WHERE accepted_at IS NULL;

CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at TEXT
);

CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix);
CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id);
CREATE INDEX api_keys_expiring_idx ON api_keys (expires_at) WHERE expires_at IS NOT NULL AND revoked_at IS NULL;

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent TEXT,
    ip_address TEXT,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    currency TEXT NOT NULL DEFAULT 'USD',
    billing_interval TEXT NOT NULL CHECK (billing_interval IN ('month', 'year')),
    seat_limit INTEGER,
    is_public INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0, 1))
);

CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    status TEXT NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
    current_period_start TEXT NOT NULL,
    current_period_end TEXT NOT NULL,
    cancel_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX subscriptions_one_live_per_organization ON subscriptions (organization_id) WHERE status <> 'canceled';
CREATE INDEX subscriptions_plan_id_idx ON subscriptions (plan_id);

CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    subscription_id INTEGER REFERENCES subscriptions (id) ON DELETE SET NULL,
    number TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    currency TEXT NOT NULL DEFAULT 'USD',
    total_cents INTEGER NOT NULL DEFAULT 0,
    issued_at TEXT,
    due_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX invoices_number_key ON invoices (number);
CREATE INDEX invoices_organization_created_idx ON invoices (organization_id, created_at DESC);
CREATE INDEX invoices_open_due_idx ON invoices (due_at) WHERE status = 'open';

CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_amount_cents INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL
);

CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id),
    provider TEXT NOT NULL,
    provider_payment_id TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
    paid_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE UNIQUE INDEX payments_provider_key ON payments (provider, provider_payment_id);
CREATE INDEX payments_invoice_id_idx ON payments (invoice_id);

CREATE TABLE feature_flags (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    rollout_percent INTEGER NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE feature_flag_overrides (
    feature_flag_id INTEGER NOT NULL REFERENCES feature_flags (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    PRIMARY KEY (feature_flag_id, organization_id)
) WITHOUT ROWID;

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    read_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;

CREATE TABLE notification_preferences (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email', 'slack')),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    PRIMARY KEY (user_id, kind, channel)
) WITHOUT ROWID;

CREATE TABLE webhook_endpoints (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    url TEXT NOT NULL CHECK (url LIKE 'https://%'),
    secret TEXT NOT NULL,
    events TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(events)),
    disabled_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE INDEX webhook_endpoints_organization_id_idx ON webhook_endpoints (organization_id);

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
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    actor_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_api_key_id INTEGER REFERENCES api_keys (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ip_address TEXT,
    user_agent TEXT,
    request_id TEXT
);

CREATE INDEX audit_log_organization_occurred_idx ON audit_log (organization_id, occurred_at DESC);
CREATE INDEX audit_log_actor_occurred_idx ON audit_log (actor_user_id, occurred_at DESC);

-- Invoice totals follow their lines.
CREATE TRIGGER invoice_lines_after_insert AFTER INSERT ON invoice_lines
BEGIN
    UPDATE invoices SET total_cents = total_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
END;

CREATE TRIGGER invoice_lines_after_delete AFTER DELETE ON invoice_lines
BEGIN
    UPDATE invoices SET total_cents = total_cents - OLD.amount_cents WHERE id = OLD.invoice_id;
END;

CREATE TRIGGER invoice_lines_after_update AFTER UPDATE OF amount_cents, invoice_id ON invoice_lines
BEGIN
    UPDATE invoices SET total_cents = total_cents - OLD.amount_cents WHERE id = OLD.invoice_id;
    UPDATE invoices SET total_cents = total_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
END;

-- Membership changes are audited.
CREATE TRIGGER memberships_audit_insert AFTER INSERT ON memberships
BEGIN
    INSERT INTO audit_log (organization_id, action, target_type, target_id, metadata)
    VALUES (NEW.organization_id, 'membership.created', 'user', CAST(NEW.user_id AS TEXT),
            json_object('role_id', NEW.role_id));
END;

CREATE TRIGGER memberships_audit_update AFTER UPDATE OF role_id ON memberships
WHEN OLD.role_id IS NOT NEW.role_id
BEGIN
    INSERT INTO audit_log (organization_id, action, target_type, target_id, metadata)
    VALUES (NEW.organization_id, 'membership.role_changed', 'user', CAST(NEW.user_id AS TEXT),
            json_object('from_role_id', OLD.role_id, 'to_role_id', NEW.role_id));
END;

CREATE TRIGGER memberships_audit_delete AFTER DELETE ON memberships
BEGIN
    INSERT INTO audit_log (organization_id, action, target_type, target_id, metadata)
    VALUES (OLD.organization_id, 'membership.deleted', 'user', CAST(OLD.user_id AS TEXT),
            json_object('role_id', OLD.role_id));
END;

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
