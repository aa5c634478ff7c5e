-- +goose Up
-- modify "resources" table
ALTER TABLE "resources" ADD COLUMN "file_key" character varying NULL, ADD COLUMN "file_name" character varying NULL, ADD COLUMN "file_type" character varying NULL, ADD COLUMN "file_size" bigint NULL;
-- create index "resource_file_key" to table: "resources"
CREATE INDEX "resource_file_key" ON "resources" ("file_key");

-- +goose Down
-- reverse: create index "resource_file_key" to table: "resources"
DROP INDEX "resource_file_key";
-- reverse: modify "resources" table
ALTER TABLE "resources" DROP COLUMN "file_size", DROP COLUMN "file_type", DROP COLUMN "file_name", DROP COLUMN "file_key";
