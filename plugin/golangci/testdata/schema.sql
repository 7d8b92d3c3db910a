-- trees belong to an account, notes to a user, countries to nobody.
CREATE TABLE trees (id bigint PRIMARY KEY, account_id bigint NOT NULL, name text);
CREATE TABLE notes (id bigint PRIMARY KEY, user_id bigint NOT NULL, body text);
CREATE TABLE countries (code text PRIMARY KEY, name text);
