-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_schools" table
CREATE TABLE `new_schools` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `timezone` text NOT NULL DEFAULT ('America/New_York'), `locale` text NOT NULL DEFAULT ('en-US'), `reminder_cadence_days` integer NOT NULL DEFAULT (14), `quiet_hours_start` text NOT NULL DEFAULT ('20:00'), `quiet_hours_end` text NOT NULL DEFAULT ('07:00'), `district` text NULL, `sourced_id` text NULL, PRIMARY KEY (`id`));
-- copy rows from old table "schools" to new temporary table "new_schools"
INSERT INTO `new_schools` (`id`, `created_at`, `updated_at`, `name`, `timezone`, `locale`, `reminder_cadence_days`, `quiet_hours_start`, `quiet_hours_end`, `district`) SELECT `id`, `created_at`, `updated_at`, `name`, `timezone`, `locale`, `reminder_cadence_days`, `quiet_hours_start`, `quiet_hours_end`, `district` FROM `schools`;
-- drop "schools" table after copying rows
DROP TABLE `schools`;
-- rename temporary table "new_schools" to "schools"
ALTER TABLE `new_schools` RENAME TO `schools`;
-- create index "schools_sourced_id_key" to table: "schools"
CREATE UNIQUE INDEX `schools_sourced_id_key` ON `schools` (`sourced_id`);
-- create "new_students" table
CREATE TABLE `new_students` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `given_name` text NOT NULL, `family_name` text NOT NULL, `preferred_name` text NOT NULL, `pronouns` text NULL, `grade` integer NOT NULL, `graduation_year` integer NOT NULL, `birth_date` datetime NULL, `identity_statement` text NULL, `strengths` json NULL, `interests` json NULL, `learning_preferences` text NULL, `cover_image_key` text NULL, `cover_image_type` text NULL, `station_code_hash` blob NULL, `theme` text NOT NULL DEFAULT ('default'), `directory_opt_out` bool NOT NULL DEFAULT (false), `parental_consent_at` datetime NULL, `sourced_id` text NULL, `school_id` text NOT NULL, `account_id` text NULL, `advisor_id` text NULL, `counselor_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `students_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `students_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `students_accounts_advisor` FOREIGN KEY (`advisor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `students_accounts_counselor` FOREIGN KEY (`counselor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
-- copy rows from old table "students" to new temporary table "new_students"
INSERT INTO `new_students` (`id`, `created_at`, `updated_at`, `given_name`, `family_name`, `preferred_name`, `pronouns`, `grade`, `graduation_year`, `birth_date`, `identity_statement`, `strengths`, `interests`, `learning_preferences`, `cover_image_key`, `cover_image_type`, `station_code_hash`, `theme`, `directory_opt_out`, `parental_consent_at`, `school_id`, `account_id`, `advisor_id`, `counselor_id`) SELECT `id`, `created_at`, `updated_at`, `given_name`, `family_name`, `preferred_name`, `pronouns`, `grade`, `graduation_year`, `birth_date`, `identity_statement`, `strengths`, `interests`, `learning_preferences`, `cover_image_key`, `cover_image_type`, `station_code_hash`, `theme`, `directory_opt_out`, `parental_consent_at`, `school_id`, `account_id`, `advisor_id`, `counselor_id` FROM `students`;
-- drop "students" table after copying rows
DROP TABLE `students`;
-- rename temporary table "new_students" to "students"
ALTER TABLE `new_students` RENAME TO `students`;
-- create index "students_sourced_id_key" to table: "students"
CREATE UNIQUE INDEX `students_sourced_id_key` ON `students` (`sourced_id`);
-- create index "student_school_id" to table: "students"
CREATE INDEX `student_school_id` ON `students` (`school_id`);
-- create index "student_account_id" to table: "students"
CREATE UNIQUE INDEX `student_account_id` ON `students` (`account_id`);
-- create index "student_advisor_id" to table: "students"
CREATE INDEX `student_advisor_id` ON `students` (`advisor_id`);
-- create index "student_counselor_id" to table: "students"
CREATE INDEX `student_counselor_id` ON `students` (`counselor_id`);
-- create index "student_school_id_grade" to table: "students"
CREATE INDEX `student_school_id_grade` ON `students` (`school_id`, `grade`);
-- create "new_accounts" table
CREATE TABLE `new_accounts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `preferred_language` text NOT NULL DEFAULT ('en'), `password_hash` text NULL, `mail_opt_out` bool NOT NULL DEFAULT (false), `disabled` bool NOT NULL DEFAULT (false), `failed_sign_ins` integer NOT NULL DEFAULT (0), `locked_until` datetime NULL, `last_sign_in_at` datetime NULL, `sourced_id` text NULL, PRIMARY KEY (`id`));
-- copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `mail_opt_out`, `disabled`, `failed_sign_ins`, `locked_until`, `last_sign_in_at`) SELECT `id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `mail_opt_out`, `disabled`, `failed_sign_ins`, `locked_until`, `last_sign_in_at` FROM `accounts`;
-- drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key` ON `accounts` (`email`);
-- create index "accounts_sourced_id_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_sourced_id_key` ON `accounts` (`sourced_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "accounts_sourced_id_key" to table: "accounts"
DROP INDEX `accounts_sourced_id_key`;
-- reverse: create index "accounts_email_key" to table: "accounts"
DROP INDEX `accounts_email_key`;
-- reverse: create "new_accounts" table
DROP TABLE `new_accounts`;
-- reverse: create index "student_school_id_grade" to table: "students"
DROP INDEX `student_school_id_grade`;
-- reverse: create index "student_counselor_id" to table: "students"
DROP INDEX `student_counselor_id`;
-- reverse: create index "student_advisor_id" to table: "students"
DROP INDEX `student_advisor_id`;
-- reverse: create index "student_account_id" to table: "students"
DROP INDEX `student_account_id`;
-- reverse: create index "student_school_id" to table: "students"
DROP INDEX `student_school_id`;
-- reverse: create index "students_sourced_id_key" to table: "students"
DROP INDEX `students_sourced_id_key`;
-- reverse: create "new_students" table
DROP TABLE `new_students`;
-- reverse: create index "schools_sourced_id_key" to table: "schools"
DROP INDEX `schools_sourced_id_key`;
-- reverse: create "new_schools" table
DROP TABLE `new_schools`;
