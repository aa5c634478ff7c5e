-- +goose Up
-- modify "memberships" table
ALTER TABLE "memberships" ADD COLUMN "district_sourced_id" character varying NULL;
-- modify "resources" table
ALTER TABLE "resources" ADD COLUMN "body" character varying NULL;
-- modify "schools" table
ALTER TABLE "schools" ADD COLUMN "district_sourced_id" character varying NULL;

-- +goose Down
-- reverse: modify "schools" table
ALTER TABLE "schools" DROP COLUMN "district_sourced_id";
-- reverse: modify "resources" table
ALTER TABLE "resources" DROP COLUMN "body";
-- reverse: modify "memberships" table
ALTER TABLE "memberships" DROP COLUMN "district_sourced_id";
