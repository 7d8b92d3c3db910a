-- Schema for the scope checker's spec-derived tests (tenant-scope.md
-- sections 2 and 3). Tenant key columns are the defaults: account_id, user_id.

-- Global: no tenant key column; its id is the account itself.
CREATE TABLE accounts (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    slug text UNIQUE
);

-- Global.
CREATE TABLE countries (
    code text PRIMARY KEY,
    name text NOT NULL
);

-- Global: its only foreign key points at a global table.
CREATE TABLE holidays (
    id uuid PRIMARY KEY,
    country_code text NOT NULL REFERENCES countries (code),
    day date NOT NULL
);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    email text NOT NULL,
    country_code text REFERENCES countries (code)
);

CREATE TABLE trees (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id),
    name text NOT NULL
);

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    tree_id uuid NOT NULL REFERENCES trees (id),
    started_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    outcome text,
    decisions jsonb
);

CREATE TABLE session_ratings (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users (id),
    session_id uuid NOT NULL UNIQUE REFERENCES sessions (id),
    tree_id uuid NOT NULL REFERENCES trees (id),
    rating int NOT NULL,
    comment text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE step_library (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL,
    title text NOT NULL,
    helpful_yes int NOT NULL DEFAULT 0,
    helpful_no int NOT NULL DEFAULT 0
);

CREATE TABLE step_ratings (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    step_id uuid NOT NULL REFERENCES step_library (id),
    session_id uuid NOT NULL REFERENCES sessions (id),
    was_helpful boolean NOT NULL,
    UNIQUE (step_id, user_id, session_id)
);

CREATE TABLE ai_sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    account_id uuid NOT NULL,
    title text
);

-- Child: no key column, a foreign key to a tenant table.
CREATE TABLE nodes (
    id uuid PRIMARY KEY,
    tree_id uuid NOT NULL REFERENCES trees (id),
    title text NOT NULL
);

-- Grandchild: a foreign key to a child table.
CREATE TABLE node_notes (
    id uuid PRIMARY KEY,
    node_id uuid NOT NULL,
    body text NOT NULL,
    FOREIGN KEY (node_id) REFERENCES nodes (id)
);

-- Tenant with shared rows: a NULL account_id is a template every account sees
-- (configured with SharedRows in the test).
CREATE TABLE templates (
    id uuid PRIMARY KEY,
    account_id uuid,
    title text NOT NULL
);

-- Two unique constraints, one with the tenant key, one without, for
-- ON CONFLICT targets and ON CONFLICT ON CONSTRAINT.
CREATE TABLE categories (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    CONSTRAINT categories_account_name_key UNIQUE (account_id, name),
    CONSTRAINT categories_slug_key UNIQUE (slug)
);

-- tasks: a tenant table with a composite primary key that does not hold the key.
CREATE TABLE tasks (
    id          bigint      NOT NULL,
    inserted_at timestamptz NOT NULL,
    account_id  uuid        NOT NULL,
    title       text,
    PRIMARY KEY (id, inserted_at)
);

-- A workflow engine's partitioned tables: rows keyed by (id, inserted_at),
-- looked up by an external id, with attempts of their own. Both reference
-- tasks through the whole composite key.
CREATE TABLE task_lookups (
    external_id      uuid PRIMARY KEY,
    account_id       uuid NOT NULL,
    task_id          bigint,
    task_inserted_at timestamptz,
    FOREIGN KEY (task_id, task_inserted_at) REFERENCES tasks (id, inserted_at)
);

CREATE TABLE task_attempts (
    task_id          bigint NOT NULL,
    task_inserted_at timestamptz NOT NULL,
    attempt          int NOT NULL,
    PRIMARY KEY (task_id, task_inserted_at, attempt),
    FOREIGN KEY (task_id, task_inserted_at) REFERENCES tasks (id, inserted_at)
);

-- Views are read through their defining query.
CREATE VIEW active_trees AS SELECT id, account_id, name FROM trees WHERE name IS NOT NULL;
CREATE VIEW tree_labels (tree_id, label) AS SELECT id, name FROM trees;
CREATE MATERIALIZED VIEW tree_stats AS
    SELECT t.account_id, t.id, count(*) AS nodes
    FROM trees t JOIN nodes n ON n.tree_id = t.id
    GROUP BY t.account_id, t.id;
CREATE VIEW country_names AS SELECT code, name FROM countries;

-- A feed reader's tables, for RETURNING rows of data-modifying CTEs.
CREATE TABLE feeds (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    title text NOT NULL
);

CREATE TABLE entries (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL,
    feed_id uuid NOT NULL REFERENCES feeds (id),
    read boolean NOT NULL DEFAULT false
);

-- Composite foreign keys that carry the tenant key. posts.id is unique on its
-- own, so comments.post_id = posts.id names one post.
CREATE TABLE posts (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL,
    title text NOT NULL,
    UNIQUE (id, account_id)
);

CREATE TABLE comments (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL,
    post_id uuid NOT NULL,
    body text NOT NULL,
    FOREIGN KEY (post_id, account_id) REFERENCES posts (id, account_id)
);

-- Board ids are unique only per tenant: cards.board_id = boards.id may name
-- another tenant's board.
CREATE TABLE boards (
    id bigint NOT NULL,
    account_id uuid NOT NULL,
    name text NOT NULL,
    PRIMARY KEY (id, account_id)
);

CREATE TABLE cards (
    id uuid PRIMARY KEY,
    account_id uuid NOT NULL,
    board_id bigint NOT NULL,
    title text NOT NULL,
    FOREIGN KEY (board_id, account_id) REFERENCES boards (id, account_id)
);

-- Child: tenant data only through both columns of its foreign key.
CREATE TABLE card_labels (
    board_id bigint NOT NULL,
    board_account uuid NOT NULL,
    label text NOT NULL,
    FOREIGN KEY (board_id, board_account) REFERENCES boards (id, account_id),
    UNIQUE (board_id, board_account, label),
    UNIQUE (board_id, label)
);

-- Child with a conflict target that holds its foreign key, for ON CONFLICT.
CREATE TABLE tree_settings (
    tree_id uuid NOT NULL REFERENCES trees (id),
    name text NOT NULL,
    value text,
    PRIMARY KEY (tree_id, name)
);
