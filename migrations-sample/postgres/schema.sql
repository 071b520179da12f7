-- Declarative target schema for autogenerate: the schema the head revision produces, plus
-- three changes no revision makes yet:
--   users.avatar_url, the index invoices_open_due_idx and the table organization_domains.
-- Functions and triggers are compared as their whole definitions, so the invoice-total
-- trigger and its function are written here as the revision that made them wrote them.

CREATE TYPE membership_role AS ENUM ('owner', 'admin', 'billing_manager', 'member');
CREATE TYPE subscription_status AS ENUM ('trialing', 'active', 'past_due', 'canceled');
CREATE TYPE invoice_status AS ENUM ('draft', 'open', 'paid', 'void', 'uncollectible');

CREATE TABLE organizations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    display_name text NOT NULL,
    password_hash text,
    last_login_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    avatar_url text
);

CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE memberships (
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role membership_role NOT NULL DEFAULT 'member',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);

CREATE INDEX memberships_user_id_idx ON memberships (user_id);

CREATE TABLE organization_domains (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    domain text NOT NULL,
    verified_at timestamptz,
    auto_join_role membership_role,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX organization_domains_domain_key ON organization_domains (lower(domain));
CREATE INDEX organization_domains_organization_id_idx ON organization_domains (organization_id);

CREATE TABLE api_keys (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    name text NOT NULL,
    prefix text NOT NULL UNIQUE,
    key_hash bytea NOT NULL,
    scopes text[] NOT NULL DEFAULT '{read}',
    last_used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_keys_organization_id_idx ON api_keys (organization_id);

CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent text,
    ip_address inet,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE plans (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    name text NOT NULL,
    price numeric(12,2) NOT NULL CHECK (price >= 0),
    currency char(3) NOT NULL DEFAULT 'USD',
    billing_interval interval NOT NULL DEFAULT interval '1 month',
    features jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE subscriptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    plan_id bigint NOT NULL REFERENCES plans (id),
    status subscription_status NOT NULL,
    current_period tstzrange NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX subscriptions_one_live_per_organization ON subscriptions (organization_id) WHERE status <> 'canceled';
CREATE INDEX subscriptions_plan_id_idx ON subscriptions (plan_id);

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES organizations (id),
    subscription_id bigint REFERENCES subscriptions (id) ON DELETE SET NULL,
    number text NOT NULL UNIQUE,
    status invoice_status NOT NULL DEFAULT 'draft',
    currency char(3) NOT NULL DEFAULT 'USD',
    total numeric(12,2) NOT NULL DEFAULT 0,
    issued_at timestamptz,
    due_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT invoices_due_after_issue CHECK (due_at >= issued_at)
);

CREATE INDEX invoices_organization_created_idx ON invoices (organization_id, created_at DESC);
CREATE INDEX invoices_open_due_idx ON invoices (due_at) WHERE status = 'open';

CREATE TABLE invoice_lines (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    description text NOT NULL,
    quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
    unit_amount numeric(12,2) NOT NULL,
    amount numeric(12,2) GENERATED ALWAYS AS (quantity * unit_amount) STORED
);

CREATE INDEX invoice_lines_invoice_id_idx ON invoice_lines (invoice_id);

-- invoices.total is denormalised so that invoice lists need not sum lines on every read.
CREATE FUNCTION invoice_lines_sync_total() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE invoices SET total = total - OLD.amount WHERE id = OLD.invoice_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE invoices SET total = total + NEW.amount WHERE id = NEW.invoice_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER invoice_lines_sync_total
AFTER INSERT OR DELETE OR UPDATE OF quantity, unit_amount, invoice_id ON invoice_lines
FOR EACH ROW EXECUTE FUNCTION invoice_lines_sync_total();

CREATE TABLE payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    provider text NOT NULL,
    provider_payment_id text NOT NULL,
    amount_cents bigint NOT NULL,
    succeeded_at timestamptz,
    raw_event jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT payments_provider_key UNIQUE (provider, provider_payment_id)
);

CREATE INDEX payments_invoice_id_idx ON payments (invoice_id);

CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organization_id bigint REFERENCES organizations (id) ON DELETE SET NULL,
    actor_user_id bigint REFERENCES users (id) ON DELETE SET NULL,
    actor_api_key_id bigint REFERENCES api_keys (id) ON DELETE SET NULL,
    action text NOT NULL,
    target_type text,
    target_id text,
    metadata jsonb NOT NULL DEFAULT '{}',
    ip_address inet,
    occurred_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX audit_log_organization_occurred_idx ON audit_log (organization_id, occurred_at DESC);
CREATE INDEX audit_log_metadata_idx ON audit_log USING gin (metadata jsonb_path_ops);

CREATE TABLE feature_flags (
    key text PRIMARY KEY,
    description text NOT NULL DEFAULT '',
    enabled boolean NOT NULL DEFAULT false,
    rollout_percent smallint NOT NULL DEFAULT 0 CHECK (rollout_percent BETWEEN 0 AND 100),
    rules jsonb NOT NULL DEFAULT '[]',
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feature_flag_overrides (
    feature_flag_key text NOT NULL REFERENCES feature_flags (key) ON UPDATE CASCADE ON DELETE CASCADE,
    organization_id bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    enabled boolean NOT NULL,
    PRIMARY KEY (feature_flag_key, organization_id)
);

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

CREATE INDEX notifications_user_unread_idx ON notifications (user_id, created_at DESC) WHERE read_at IS NULL;
