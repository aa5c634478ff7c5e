-- +goose Up
-- modify "requirements" table
ALTER TABLE "requirements" ADD COLUMN "pathway" character varying NULL;

-- +goose Down
-- reverse: modify "requirements" table
ALTER TABLE "requirements" DROP COLUMN "pathway";
