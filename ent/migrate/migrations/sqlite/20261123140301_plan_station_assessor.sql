-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_reflections" table
CREATE TABLE `new_reflections` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `prompt` text NULL, `body` text NOT NULL, `source` text NOT NULL DEFAULT ('FREE'), `conference_id` text NULL, `evidence_id` text NULL, `goal_id` text NULL, `school_id` text NOT NULL, `station_id` text NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `reflections_conferences_reflections` FOREIGN KEY (`conference_id`) REFERENCES `conferences` (`id`) ON DELETE SET NULL, CONSTRAINT `reflections_evidences_reflections` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE SET NULL, CONSTRAINT `reflections_goals_reflections` FOREIGN KEY (`goal_id`) REFERENCES `goals` (`id`) ON DELETE SET NULL, CONSTRAINT `reflections_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `reflections_stations_station` FOREIGN KEY (`station_id`) REFERENCES `stations` (`id`) ON DELETE SET NULL, CONSTRAINT `reflections_students_reflections` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "reflections" to new temporary table "new_reflections"
INSERT INTO `new_reflections` (`id`, `created_at`, `updated_at`, `prompt`, `body`, `source`, `conference_id`, `evidence_id`, `goal_id`, `school_id`, `student_id`) SELECT `id`, `created_at`, `updated_at`, `prompt`, `body`, `source`, `conference_id`, `evidence_id`, `goal_id`, `school_id`, `student_id` FROM `reflections`;
-- drop "reflections" table after copying rows
DROP TABLE `reflections`;
-- rename temporary table "new_reflections" to "reflections"
ALTER TABLE `new_reflections` RENAME TO `reflections`;
-- create index "reflection_school_id" to table: "reflections"
CREATE INDEX `reflection_school_id` ON `reflections` (`school_id`);
-- create index "reflection_student_id_created_at" to table: "reflections"
CREATE INDEX `reflection_student_id_created_at` ON `reflections` (`student_id`, `created_at`);
-- create "new_self_assessments" table
CREATE TABLE `new_self_assessments` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` text NOT NULL, `note` text NULL, `assessor` text NOT NULL DEFAULT ('STUDENT'), `taken_at` datetime NOT NULL, `school_id` text NOT NULL, `skill_id` text NOT NULL, `assessor_id` text NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `self_assessments_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `self_assessments_skills_skill` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE NO ACTION, CONSTRAINT `self_assessments_accounts_assessed_by` FOREIGN KEY (`assessor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `self_assessments_students_self_assessments` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "self_assessments" to new temporary table "new_self_assessments"
INSERT INTO `new_self_assessments` (`id`, `created_at`, `updated_at`, `level`, `note`, `taken_at`, `school_id`, `skill_id`, `student_id`) SELECT `id`, `created_at`, `updated_at`, `level`, `note`, `taken_at`, `school_id`, `skill_id`, `student_id` FROM `self_assessments`;
-- drop "self_assessments" table after copying rows
DROP TABLE `self_assessments`;
-- rename temporary table "new_self_assessments" to "self_assessments"
ALTER TABLE `new_self_assessments` RENAME TO `self_assessments`;
-- create index "selfassessment_school_id" to table: "self_assessments"
CREATE INDEX `selfassessment_school_id` ON `self_assessments` (`school_id`);
-- create index "selfassessment_student_id_skill_id_taken_at" to table: "self_assessments"
CREATE INDEX `selfassessment_student_id_skill_id_taken_at` ON `self_assessments` (`student_id`, `skill_id`, `taken_at`);
-- add column "question" to table: "stations"
ALTER TABLE `stations` ADD COLUMN `question` text NULL;
-- add column "revoked_at" to table: "stations"
ALTER TABLE `stations` ADD COLUMN `revoked_at` datetime NULL;
-- add column "cover_image_type" to table: "students"
ALTER TABLE `students` ADD COLUMN `cover_image_type` text NULL;
-- add column "station_code_hash" to table: "students"
ALTER TABLE `students` ADD COLUMN `station_code_hash` blob NULL;
-- create "new_evidences" table
CREATE TABLE `new_evidences` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NULL, `kind` text NOT NULL, `blob_key` text NULL, `content_type` text NULL, `size` integer NULL, `sha256` text NULL, `url` text NULL, `body` text NULL, `in_school` bool NOT NULL DEFAULT (true), `occurred_on` datetime NOT NULL, `visibility` text NOT NULL DEFAULT ('FAMILY'), `school_id` text NOT NULL, `station_id` text NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `evidences_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `evidences_stations_station` FOREIGN KEY (`station_id`) REFERENCES `stations` (`id`) ON DELETE SET NULL, CONSTRAINT `evidences_students_evidence` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "evidences" to new temporary table "new_evidences"
INSERT INTO `new_evidences` (`id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `blob_key`, `content_type`, `size`, `sha256`, `url`, `body`, `in_school`, `occurred_on`, `visibility`, `school_id`, `student_id`) SELECT `id`, `created_at`, `updated_at`, `title`, `description`, `kind`, `blob_key`, `content_type`, `size`, `sha256`, `url`, `body`, `in_school`, `occurred_on`, `visibility`, `school_id`, `student_id` FROM `evidences`;
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
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "evidence_blob_key" to table: "evidences"
DROP INDEX `evidence_blob_key`;
-- reverse: create index "evidence_student_id_occurred_on" to table: "evidences"
DROP INDEX `evidence_student_id_occurred_on`;
-- reverse: create index "evidence_school_id" to table: "evidences"
DROP INDEX `evidence_school_id`;
-- reverse: create "new_evidences" table
DROP TABLE `new_evidences`;
-- reverse: add column "station_code_hash" to table: "students"
ALTER TABLE `students` DROP COLUMN `station_code_hash`;
-- reverse: add column "cover_image_type" to table: "students"
ALTER TABLE `students` DROP COLUMN `cover_image_type`;
-- reverse: add column "revoked_at" to table: "stations"
ALTER TABLE `stations` DROP COLUMN `revoked_at`;
-- reverse: add column "question" to table: "stations"
ALTER TABLE `stations` DROP COLUMN `question`;
-- reverse: create index "selfassessment_student_id_skill_id_taken_at" to table: "self_assessments"
DROP INDEX `selfassessment_student_id_skill_id_taken_at`;
-- reverse: create index "selfassessment_school_id" to table: "self_assessments"
DROP INDEX `selfassessment_school_id`;
-- reverse: create "new_self_assessments" table
DROP TABLE `new_self_assessments`;
-- reverse: create index "reflection_student_id_created_at" to table: "reflections"
DROP INDEX `reflection_student_id_created_at`;
-- reverse: create index "reflection_school_id" to table: "reflections"
DROP INDEX `reflection_school_id`;
-- reverse: create "new_reflections" table
DROP TABLE `new_reflections`;
