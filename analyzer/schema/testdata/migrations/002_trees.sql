-- +goose Up
-- +goose StatementBegin
CREATE TABLE trees (
    id bigserial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    title text NOT NULL
);
-- +goose StatementEnd

CREATE TABLE nodes (
    id bigserial PRIMARY KEY,
    tree_id bigint NOT NULL REFERENCES trees (id),
    body text
);

-- +goose Down
DROP TABLE nodes;
DROP TABLE trees;
