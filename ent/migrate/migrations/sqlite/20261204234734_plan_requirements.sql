-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_requirements" table
CREATE TABLE `new_requirements` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `grade` integer NOT NULL, `title` text NOT NULL, `description` text NULL, `due_on` datetime NULL, `kind` text NOT NULL, `area` text NULL, `min_count` integer NULL, `school_year` text NOT NULL, `year_starts_at` datetime NOT NULL, `year_ends_at` datetime NOT NULL, `due_at` datetime NOT NULL, `archived_at` datetime NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `requirements_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "requirements" to new temporary table "new_requirements"
INSERT INTO `new_requirements` (`id`, `created_at`, `updated_at`, `grade`, `title`, `description`, `due_on`, `school_id`) SELECT `id`, `created_at`, `updated_at`, `grade`, `title`, `description`, `due_on`, `school_id` FROM `requirements`;
-- drop "requirements" table after copying rows
DROP TABLE `requirements`;
-- rename temporary table "new_requirements" to "requirements"
ALTER TABLE `new_requirements` RENAME TO `requirements`;
-- create index "requirement_school_id" to table: "requirements"
CREATE INDEX `requirement_school_id` ON `requirements` (`school_id`);
-- create index "requirement_school_id_grade_year_starts_at" to table: "requirements"
CREATE INDEX `requirement_school_id_grade_year_starts_at` ON `requirements` (`school_id`, `grade`, `year_starts_at`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "requirement_school_id_grade_year_starts_at" to table: "requirements"
DROP INDEX `requirement_school_id_grade_year_starts_at`;
-- reverse: create index "requirement_school_id" to table: "requirements"
DROP INDEX `requirement_school_id`;
-- reverse: create "new_requirements" table
DROP TABLE `new_requirements`;
