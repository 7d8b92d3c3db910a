-- Plain SQL migration: applied whole.
CREATE TABLE accounts (
    id bigserial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE plans (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
