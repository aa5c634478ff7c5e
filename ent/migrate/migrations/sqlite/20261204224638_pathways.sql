-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_goals" table
CREATE TABLE `new_goals` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `area` text NOT NULL, `area_name` text NULL, `title` text NOT NULL, `why` text NULL, `success_criteria` text NULL, `next_steps` text NULL, `term` text NOT NULL DEFAULT ('SHORT'), `target_date` datetime NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `visibility` text NOT NULL DEFAULT ('FAMILY'), `progress` integer NOT NULL DEFAULT (0), `pathway` text NULL, `school_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `goals_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `goals_students_goals` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "goals" to new temporary table "new_goals"
INSERT INTO `new_goals` (`id`, `created_at`, `updated_at`, `area`, `area_name`, `title`, `why`, `success_criteria`, `next_steps`, `term`, `target_date`, `status`, `visibility`, `progress`, `school_id`, `student_id`) SELECT `id`, `created_at`, `updated_at`, `area`, `area_name`, `title`, `why`, `success_criteria`, `next_steps`, `term`, `target_date`, `status`, `visibility`, `progress`, `school_id`, `student_id` FROM `goals`;
-- drop "goals" table after copying rows
DROP TABLE `goals`;
-- rename temporary table "new_goals" to "goals"
ALTER TABLE `new_goals` RENAME TO `goals`;
-- create index "goal_school_id" to table: "goals"
CREATE INDEX `goal_school_id` ON `goals` (`school_id`);
-- create index "goal_student_id_status" to table: "goals"
CREATE INDEX `goal_student_id_status` ON `goals` (`student_id`, `status`);
-- create index "goal_pathway_student_id" to table: "goals"
CREATE INDEX `goal_pathway_student_id` ON `goals` (`pathway`, `student_id`);
-- create "new_evidences" table
CREATE TABLE `new_evidences` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NULL, `kind` text NOT NULL, `blob_key` text NULL, `content_type` text NULL, `size` integer NULL, `sha256` text NULL, `url` text NULL, `body` text NULL, `in_school` bool NOT NULL DEFAULT (true), `occurred_on` datetime NOT NULL, `visibility` text NOT NULL DEFAULT ('FAMILY'), `pathway` text NULL, `school_id` text NOT NULL, `station_id` text NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `evidences_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `evidences_stations_station` FOREIGN KEY (`station_id`) REFERENCES `stations` (`id`) ON DELETE SET NULL, CONSTRAINT `evidences_students_evidence` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "evidences" to new temporary table "new_evidences"
INSERT INTO `new_evidences` (`id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `blob_key`, `content_type`, `size`, `sha256`, `url`, `body`, `in_school`, `occurred_on`, `visibility`, `school_id`, `station_id`, `student_id`) SELECT `id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `blob_key`, `content_type`, `size`, `sha256`, `url`, `body`, `in_school`, `occurred_on`, `visibility`, `school_id`, `station_id`, `student_id` FROM `evidences`;
-- drop "evidences" table after copying rows
DROP TABLE `evidences`;
-- rename temporary table "new_evidences" to "evidences"
ALTER TABLE `new_evidences` RENAME TO `evidences`;
-- create index "evidence_school_id" to table: "evidences"
CREATE INDEX `evidence_school_id` ON `evidences` (`school_id`);
-- create index "evidence_student_id_occurred_on" to table: "evidences"
CREATE INDEX `evidence_student_id_occurred_on` ON `evidences` (`student_id`, `occurred_on`);
-- create index "evidence_blob_key" to table: "evidences"
CREATE INDEX `evidence_blob_key` ON `evidences` (`blob_key`);
-- create index "evidence_pathway_student_id" to table: "evidences"
CREATE INDEX `evidence_pathway_student_id` ON `evidences` (`pathway`, `student_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "evidence_pathway_student_id" to table: "evidences"
DROP INDEX `evidence_pathway_student_id`;
-- reverse: create index "evidence_blob_key" to table: "evidences"
DROP INDEX `evidence_blob_key`;
-- reverse: create index "evidence_student_id_occurred_on" to table: "evidences"
DROP INDEX `evidence_student_id_occurred_on`;
-- reverse: create index "evidence_school_id" to table: "evidences"
DROP INDEX `evidence_school_id`;
-- reverse: create "new_evidences" table
DROP TABLE `new_evidences`;
-- reverse: create index "goal_pathway_student_id" to table: "goals"
DROP INDEX `goal_pathway_student_id`;
-- reverse: create index "goal_student_id_status" to table: "goals"
DROP INDEX `goal_student_id_status`;
-- reverse: create index "goal_school_id" to table: "goals"
DROP INDEX `goal_school_id`;
-- reverse: create "new_goals" table
DROP TABLE `new_goals`;
