-- +goose Up
ALTER TABLE plans ADD COLUMN archived boolean NOT NULL DEFAULT false;
DROP TABLE IF EXISTS legacy_notes;

-- +goose Down
ALTER TABLE plans DROP COLUMN archived;
