-- +goose Up
-- modify "evidences" table
ALTER TABLE "evidences" ALTER COLUMN "visibility" SET DEFAULT 'FAMILY';
-- modify "goals" table
ALTER TABLE "goals" ADD COLUMN "visibility" character varying NOT NULL DEFAULT 'FAMILY';

-- +goose Down
-- reverse: modify "goals" table
ALTER TABLE "goals" DROP COLUMN "visibility";
-- reverse: modify "evidences" table
ALTER TABLE "evidences" ALTER COLUMN "visibility" SET DEFAULT 'PRIVATE';
