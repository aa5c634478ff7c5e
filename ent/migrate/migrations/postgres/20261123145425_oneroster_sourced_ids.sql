-- +goose Up
-- modify "accounts" table
ALTER TABLE "accounts" ADD COLUMN "sourced_id" character varying NULL;
-- create index "accounts_sourced_id_key" to table: "accounts"
CREATE UNIQUE INDEX "accounts_sourced_id_key" ON "accounts" ("sourced_id");
-- modify "schools" table
ALTER TABLE "schools" ADD COLUMN "sourced_id" character varying NULL;
-- create index "schools_sourced_id_key" to table: "schools"
CREATE UNIQUE INDEX "schools_sourced_id_key" ON "schools" ("sourced_id");
-- modify "students" table
ALTER TABLE "students" ADD COLUMN "sourced_id" character varying NULL;
-- create index "students_sourced_id_key" to table: "students"
CREATE UNIQUE INDEX "students_sourced_id_key" ON "students" ("sourced_id");

-- +goose Down
-- reverse: create index "students_sourced_id_key" to table: "students"
DROP INDEX "students_sourced_id_key";
-- reverse: modify "students" table
ALTER TABLE "students" DROP COLUMN "sourced_id";
-- reverse: create index "schools_sourced_id_key" to table: "schools"
DROP INDEX "schools_sourced_id_key";
-- reverse: modify "schools" table
ALTER TABLE "schools" DROP COLUMN "sourced_id";
-- reverse: create index "accounts_sourced_id_key" to table: "accounts"
DROP INDEX "accounts_sourced_id_key";
-- reverse: modify "accounts" table
ALTER TABLE "accounts" DROP COLUMN "sourced_id";
