-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_accounts" table
CREATE TABLE `new_accounts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `preferred_language` text NOT NULL DEFAULT ('en'), `password_hash` text NULL, `disabled` bool NOT NULL DEFAULT (false), `failed_sign_ins` integer NOT NULL DEFAULT (0), `locked_until` datetime NULL, `last_sign_in_at` datetime NULL, PRIMARY KEY (`id`));
-- copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `disabled`) SELECT `id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `disabled` FROM `accounts`;
-- drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key` ON `accounts` (`email`);
-- add column "detail" to table: "audit_events"
ALTER TABLE `audit_events` ADD COLUMN `detail` text NULL;
-- add column "access_withdrawn_at" to table: "guardianships"
ALTER TABLE `guardianships` ADD COLUMN `access_withdrawn_at` datetime NULL;
-- create "new_students" table
CREATE TABLE `new_students` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `given_name` text NOT NULL, `family_name` text NOT NULL, `preferred_name` text NOT NULL, `pronouns` text NULL, `grade` integer NOT NULL, `graduation_year` integer NOT NULL, `birth_date` datetime NULL, `identity_statement` text NULL, `strengths` json NULL, `interests` json NULL, `learning_preferences` text NULL, `cover_image_key` text NULL, `theme` text NOT NULL DEFAULT ('default'), `directory_opt_out` bool NOT NULL DEFAULT (false), `parental_consent_at` datetime NULL, `school_id` text NOT NULL, `account_id` text NULL, `advisor_id` text NULL, `counselor_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `students_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `students_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `students_accounts_advisor` FOREIGN KEY (`advisor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `students_accounts_counselor` FOREIGN KEY (`counselor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
-- copy rows from old table "students" to new temporary table "new_students"
INSERT INTO `new_students` (`id`, `created_at`, `updated_at`, `given_name`, `family_name`, `preferred_name`, `pronouns`, `grade`, `graduation_year`, `birth_date`, `identity_statement`, `strengths`, `interests`, `learning_preferences`, `cover_image_key`, `theme`, `school_id`, `account_id`, `advisor_id`, `counselor_id`) SELECT `id`, `created_at`, `updated_at`, `given_name`, `family_name`, `preferred_name`, `pronouns`, `grade`, `graduation_year`, `birth_date`, `identity_statement`, `strengths`, `interests`, `learning_preferences`, `cover_image_key`, `theme`, `school_id`, `account_id`, `advisor_id`, `counselor_id` FROM `students`;
-- drop "students" table after copying rows
DROP TABLE `students`;
-- rename temporary table "new_students" to "students"
ALTER TABLE `new_students` RENAME TO `students`;
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
-- create "amendment_events" table
CREATE TABLE `amendment_events` (`id` text NOT NULL, `status` text NOT NULL, `note` text NULL, `at` datetime NOT NULL, `school_id` text NOT NULL, `actor_id` text NOT NULL, `request_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `amendment_events_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `amendment_events_accounts_actor` FOREIGN KEY (`actor_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `amendment_events_amendment_requests_events` FOREIGN KEY (`request_id`) REFERENCES `amendment_requests` (`id`) ON DELETE NO ACTION);
-- create index "amendmentevent_school_id" to table: "amendment_events"
CREATE INDEX `amendmentevent_school_id` ON `amendment_events` (`school_id`);
-- create "amendment_requests" table
CREATE TABLE `amendment_requests` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `subject_id` text NOT NULL, `subject_type` text NOT NULL, `reason` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `resolution` text NULL, `resolved_at` datetime NULL, `school_id` text NOT NULL, `student_id` text NOT NULL, `requester_id` text NOT NULL, `resolved_by_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `amendment_requests_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `amendment_requests_students_student` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION, CONSTRAINT `amendment_requests_accounts_requester` FOREIGN KEY (`requester_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `amendment_requests_accounts_resolved_by` FOREIGN KEY (`resolved_by_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
-- create index "amendmentrequest_school_id" to table: "amendment_requests"
CREATE INDEX `amendmentrequest_school_id` ON `amendment_requests` (`school_id`);
-- create index "amendmentrequest_student_id_status" to table: "amendment_requests"
CREATE INDEX `amendmentrequest_student_id_status` ON `amendment_requests` (`student_id`, `status`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "amendmentrequest_student_id_status" to table: "amendment_requests"
DROP INDEX `amendmentrequest_student_id_status`;
-- reverse: create index "amendmentrequest_school_id" to table: "amendment_requests"
DROP INDEX `amendmentrequest_school_id`;
-- reverse: create "amendment_requests" table
DROP TABLE `amendment_requests`;
-- reverse: create index "amendmentevent_school_id" to table: "amendment_events"
DROP INDEX `amendmentevent_school_id`;
-- reverse: create "amendment_events" table
DROP TABLE `amendment_events`;
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
-- reverse: create "new_students" table
DROP TABLE `new_students`;
-- reverse: add column "access_withdrawn_at" to table: "guardianships"
ALTER TABLE `guardianships` DROP COLUMN `access_withdrawn_at`;
-- reverse: add column "detail" to table: "audit_events"
ALTER TABLE `audit_events` DROP COLUMN `detail`;
-- reverse: create index "accounts_email_key" to table: "accounts"
DROP INDEX `accounts_email_key`;
-- reverse: create "new_accounts" table
DROP TABLE `new_accounts`;
