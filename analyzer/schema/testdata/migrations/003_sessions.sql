CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    tree_id bigint NOT NULL
);

ALTER TABLE sessions ADD CONSTRAINT sessions_tree_fk FOREIGN KEY (tree_id) REFERENCES trees (id);
ALTER TABLE trees RENAME COLUMN title TO name;

---- create above / drop below ----

DROP TABLE sessions;
ALTER TABLE trees RENAME COLUMN name TO title;
