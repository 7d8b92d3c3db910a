CREATE TABLE posts (
    id         bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    body       text NOT NULL
);
