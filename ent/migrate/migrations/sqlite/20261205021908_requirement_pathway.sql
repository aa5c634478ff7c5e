-- +goose Up
-- add column "pathway" to table: "requirements"
ALTER TABLE `requirements` ADD COLUMN `pathway` text NULL;

-- +goose Down
-- reverse: add column "pathway" to table: "requirements"
ALTER TABLE `requirements` DROP COLUMN `pathway`;
