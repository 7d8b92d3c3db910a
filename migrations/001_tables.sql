-- The reference service's tables. Every table that holds tenant data carries
-- account_id (and user_id where a row belongs to one person), and composite
-- foreign keys (account_id, x_id) make a row's parent belong to the same
-- account: the database refuses a session of one account that points at a
-- tree of another.
--
-- No down section: tenantcheck loads this folder as its schema and applies
-- every statement in file order, so a "drop below" part would drop the
-- tables from its model.

CREATE TABLE accounts (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email      text NOT NULL CHECK (email <> ''),
    name       text NOT NULL CHECK (name <> ''),
    role       text NOT NULL CHECK (role IN ('engineer', 'team_admin', 'super_admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, id),
    UNIQUE (account_id, email)
);

-- api_tokens holds the SHA-256 of each opaque bearer token, never the token.
CREATE TABLE api_tokens (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL,
    user_id    uuid NOT NULL,
    token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE
);

CREATE TABLE categories (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (name <> ''),
    UNIQUE (account_id, id)
);

-- step_library holds the reusable troubleshooting steps of an account; the
-- nodes of a tree's structure are steps, their "id" being a step's id.
CREATE TABLE step_library (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title       text NOT NULL CHECK (title <> ''),
    body        text NOT NULL DEFAULT '',
    helpful_yes integer NOT NULL DEFAULT 0 CHECK (helpful_yes >= 0),
    helpful_no  integer NOT NULL DEFAULT 0 CHECK (helpful_no >= 0),
    UNIQUE (account_id, id)
);

-- trees.structure is the decision tree: {"id", "title", "children": [...]}
-- nested to any depth.
CREATE TABLE trees (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    category_id uuid,
    name        text NOT NULL CHECK (name <> ''),
    structure   jsonb NOT NULL CHECK (jsonb_typeof(structure) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, id),
    FOREIGN KEY (account_id, category_id) REFERENCES categories (account_id, id)
);

-- sessions.decisions is the ordered list of visited step ids; outcome and
-- completed_at are set together when the engineer closes the session.
CREATE TABLE sessions (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id   uuid NOT NULL,
    user_id      uuid NOT NULL,
    tree_id      uuid NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    outcome      text CHECK (outcome IN ('resolved', 'escalated', 'workaround', 'unresolved')),
    decisions    jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(decisions) = 'array'),
    UNIQUE (account_id, id),
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, tree_id) REFERENCES trees (account_id, id) ON DELETE CASCADE,
    CHECK ((completed_at IS NULL) = (outcome IS NULL)),
    CHECK (completed_at >= started_at)
);

-- One rating per session (the unique session_id makes a second one a
-- conflict, also under concurrent requests).
CREATE TABLE session_ratings (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id uuid NOT NULL,
    user_id    uuid NOT NULL,
    session_id uuid NOT NULL UNIQUE,
    tree_id    uuid NOT NULL,
    rating     smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 500),
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, session_id) REFERENCES sessions (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, tree_id) REFERENCES trees (account_id, id) ON DELETE CASCADE
);

-- One answer per step, user and session; step_library's helpful_yes and
-- helpful_no count these rows.
CREATE TABLE step_ratings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id  uuid NOT NULL,
    user_id     uuid NOT NULL,
    step_id     uuid NOT NULL,
    session_id  uuid NOT NULL,
    was_helpful boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (step_id, user_id, session_id),
    FOREIGN KEY (account_id, user_id) REFERENCES users (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, step_id) REFERENCES step_library (account_id, id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, session_id) REFERENCES sessions (account_id, id) ON DELETE CASCADE
);
