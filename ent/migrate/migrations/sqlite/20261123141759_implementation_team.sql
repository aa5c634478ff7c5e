-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_action_items" table
CREATE TABLE `new_action_items` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `notes` text NULL, `due` datetime NULL, `status` text NOT NULL DEFAULT ('PLANNED'), `school_id` text NOT NULL, `owner_id` text NULL, `survey_id` text NULL, `step_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `action_items_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `action_items_accounts_owner` FOREIGN KEY (`owner_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `action_items_surveys_survey` FOREIGN KEY (`survey_id`) REFERENCES `surveys` (`id`) ON DELETE SET NULL, CONSTRAINT `action_items_steps_action_items` FOREIGN KEY (`step_id`) REFERENCES `steps` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "action_items" to new temporary table "new_action_items"
INSERT INTO `new_action_items` (`id`, `created_at`, `updated_at`, `title`, `due`, `status`, `school_id`, `owner_id`, `step_id`) SELECT `id`, `created_at`, `updated_at`, `title`, `due`, `status`, `school_id`, `owner_id`, `step_id` FROM `action_items`;
-- drop "action_items" table after copying rows
DROP TABLE `action_items`;
-- rename temporary table "new_action_items" to "action_items"
ALTER TABLE `new_action_items` RENAME TO `action_items`;
-- create index "actionitem_school_id" to table: "action_items"
CREATE INDEX `actionitem_school_id` ON `action_items` (`school_id`);
-- create index "actionitem_school_id_due" to table: "action_items"
CREATE INDEX `actionitem_school_id_due` ON `action_items` (`school_id`, `due`);
-- add column "district" to table: "schools"
ALTER TABLE `schools` ADD COLUMN `district` text NULL;
-- create "new_steps" table
CREATE TABLE `new_steps` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key` text NULL, `title` text NOT NULL, `description` text NULL, `position` integer NOT NULL DEFAULT (0), `local` bool NOT NULL DEFAULT (false), `category_id` text NOT NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `steps_categories_steps` FOREIGN KEY (`category_id`) REFERENCES `categories` (`id`) ON DELETE NO ACTION, CONSTRAINT `steps_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "steps" to new temporary table "new_steps"
INSERT INTO `new_steps` (`id`, `created_at`, `updated_at`, `title`, `description`, `position`, `local`, `category_id`, `school_id`) SELECT `id`, `created_at`, `updated_at`, `title`, `description`, `position`, `local`, `category_id`, `school_id` FROM `steps`;
-- drop "steps" table after copying rows
DROP TABLE `steps`;
-- rename temporary table "new_steps" to "steps"
ALTER TABLE `new_steps` RENAME TO `steps`;
-- create index "step_school_id" to table: "steps"
CREATE INDEX `step_school_id` ON `steps` (`school_id`);
-- create index "step_school_id_key" to table: "steps"
CREATE UNIQUE INDEX `step_school_id_key` ON `steps` (`school_id`, `key`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "step_school_id_key" to table: "steps"
DROP INDEX `step_school_id_key`;
-- reverse: create index "step_school_id" to table: "steps"
DROP INDEX `step_school_id`;
-- reverse: create "new_steps" table
DROP TABLE `new_steps`;
-- reverse: add column "district" to table: "schools"
ALTER TABLE `schools` DROP COLUMN `district`;
-- reverse: create index "actionitem_school_id_due" to table: "action_items"
DROP INDEX `actionitem_school_id_due`;
-- reverse: create index "actionitem_school_id" to table: "action_items"
DROP INDEX `actionitem_school_id`;
-- reverse: create "new_action_items" table
DROP TABLE `new_action_items`;
