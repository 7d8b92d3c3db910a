CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE trees (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    name text NOT NULL
);
