-- Schema of the seed application: a troubleshooting-flow SaaS where an
-- account's users walk decision trees ("flows") in sessions, rate them, and
-- ask an AI assistant. Tenant keys: account_id and user_id.

CREATE TABLE accounts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    plan       text NOT NULL DEFAULT 'trial',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email      text NOT NULL UNIQUE,
    name       text NOT NULL,
    role       text NOT NULL DEFAULT 'member',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE trees (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title      text NOT NULL,
    category   text NOT NULL DEFAULT 'general',
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tree_id      uuid NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
    started_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    outcome      text,
    decisions    jsonb NOT NULL DEFAULT '[]'
);

CREATE INDEX sessions_tree_started ON sessions (tree_id, started_at);

CREATE TABLE session_ratings (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    tree_id    uuid NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
    rating     smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session_id, user_id)
);

CREATE TABLE step_library (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title      text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE step_ratings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    step_id     uuid NOT NULL REFERENCES step_library (id) ON DELETE CASCADE,
    session_id  uuid REFERENCES sessions (id) ON DELETE SET NULL,
    was_helpful boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ai_sessions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    tree_id    uuid REFERENCES trees (id) ON DELETE SET NULL,
    prompt     text NOT NULL,
    response   text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
