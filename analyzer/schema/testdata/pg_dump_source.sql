-- Source of pg_dump.sql: PostgreSQL 15 loaded this file and
-- pg_dump --schema-only (15) wrote pg_dump.sql. To regenerate, apply it to an
-- empty database and run: pg_dump --schema-only DB > pg_dump.sql

CREATE SCHEMA billing;

CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    email text NOT NULL UNIQUE
);

CREATE TABLE trees (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    name text NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    tree_id bigint NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE step_ratings (
    id bigserial PRIMARY KEY,
    session_id bigint NOT NULL REFERENCES sessions (id),
    step int NOT NULL,
    rating int CHECK (rating BETWEEN 1 AND 5)
);

CREATE TABLE tree_versions (
    tree_id bigint NOT NULL REFERENCES trees (id),
    version int NOT NULL,
    body jsonb NOT NULL,
    PRIMARY KEY (tree_id, version)
);

CREATE TABLE version_comments (
    id bigserial PRIMARY KEY,
    tree_id bigint NOT NULL,
    version int NOT NULL,
    body text NOT NULL,
    CONSTRAINT version_comments_version_fk FOREIGN KEY (tree_id, version) REFERENCES tree_versions (tree_id, version)
);

CREATE TABLE billing.invoices (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    total_cents bigint NOT NULL
);

CREATE TABLE billing.invoice_lines (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES billing.invoices (id),
    amount_cents bigint NOT NULL
);

CREATE TABLE countries (
    code char(2) PRIMARY KEY,
    name text NOT NULL
);

CREATE UNIQUE INDEX users_lower_email_idx ON users (lower(email));
CREATE UNIQUE INDEX sessions_tree_started_idx ON sessions (tree_id, started_at);
CREATE INDEX trees_name_idx ON trees (name);

CREATE FUNCTION current_account_id() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT current_setting('app.account_id')::bigint $$;

CREATE VIEW active_sessions AS SELECT * FROM sessions WHERE started_at > now() - interval '1 day';

ALTER TABLE trees ENABLE ROW LEVEL SECURITY;
CREATE POLICY trees_tenant ON trees USING (account_id = current_account_id());
COMMENT ON TABLE trees IS 'decision trees, one account each';
