-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_resources" table
CREATE TABLE `new_resources` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `kind` text NOT NULL, `url` text NULL, `audience` text NULL, `local` bool NOT NULL DEFAULT (false), `file_key` text NULL, `file_name` text NULL, `file_type` text NULL, `file_size` integer NULL, `school_id` text NOT NULL, `step_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `resources_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `resources_steps_resources` FOREIGN KEY (`step_id`) REFERENCES `steps` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "resources" to new temporary table "new_resources"
INSERT INTO `new_resources` (`id`, `created_at`, `updated_at`, `title`, `kind`, `url`, `audience`, `local`, `school_id`, `step_id`) SELECT `id`, `created_at`, `updated_at`, `title`, `kind`, `url`, `audience`, `local`, `school_id`, `step_id` FROM `resources`;
-- drop "resources" table after copying rows
DROP TABLE `resources`;
-- rename temporary table "new_resources" to "resources"
ALTER TABLE `new_resources` RENAME TO `resources`;
-- create index "resource_school_id" to table: "resources"
CREATE INDEX `resource_school_id` ON `resources` (`school_id`);
-- create index "resource_file_key" to table: "resources"
CREATE INDEX `resource_file_key` ON `resources` (`file_key`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "resource_file_key" to table: "resources"
DROP INDEX `resource_file_key`;
-- reverse: create index "resource_school_id" to table: "resources"
DROP INDEX `resource_school_id`;
-- reverse: create "new_resources" table
DROP TABLE `new_resources`;
