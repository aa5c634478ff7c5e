-- +goose Up
-- add column "district_sourced_id" to table: "memberships"
ALTER TABLE `memberships` ADD COLUMN `district_sourced_id` text NULL;
-- add column "body" to table: "resources"
ALTER TABLE `resources` ADD COLUMN `body` text NULL;
-- add column "district_sourced_id" to table: "schools"
ALTER TABLE `schools` ADD COLUMN `district_sourced_id` text NULL;

-- +goose Down
-- reverse: add column "district_sourced_id" to table: "schools"
ALTER TABLE `schools` DROP COLUMN `district_sourced_id`;
-- reverse: add column "body" to table: "resources"
ALTER TABLE `resources` DROP COLUMN `body`;
-- reverse: add column "district_sourced_id" to table: "memberships"
ALTER TABLE `memberships` DROP COLUMN `district_sourced_id`;
