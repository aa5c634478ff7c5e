-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_conference_windows" table
CREATE TABLE `new_conference_windows` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `term` text NOT NULL, `opens_at` datetime NOT NULL, `closes_at` datetime NOT NULL, `slot_minutes` integer NOT NULL DEFAULT (20), `buffer_minutes` integer NOT NULL DEFAULT (5), `cancel_cutoff_hours` integer NOT NULL DEFAULT (24), `location` text NULL, `video_url` text NULL, `joint_max_students` integer NOT NULL DEFAULT (0), `open_hosts` text NOT NULL DEFAULT ('ADVISOR'), `interpreter_release_at` datetime NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `conference_windows_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "conference_windows" to new temporary table "new_conference_windows"
INSERT INTO `new_conference_windows` (`id`, `created_at`, `updated_at`, `term`, `opens_at`, `closes_at`, `slot_minutes`, `buffer_minutes`, `cancel_cutoff_hours`, `location`, `video_url`, `joint_max_students`, `school_id`) SELECT `id`, `created_at`, `updated_at`, `term`, `opens_at`, `closes_at`, `slot_minutes`, `buffer_minutes`, `cancel_cutoff_hours`, `location`, `video_url`, `joint_max_students`, `school_id` FROM `conference_windows`;
-- drop "conference_windows" table after copying rows
DROP TABLE `conference_windows`;
-- rename temporary table "new_conference_windows" to "conference_windows"
ALTER TABLE `new_conference_windows` RENAME TO `conference_windows`;
-- create index "conferencewindow_school_id" to table: "conference_windows"
CREATE INDEX `conferencewindow_school_id` ON `conference_windows` (`school_id`);
-- create "new_accounts" table
CREATE TABLE `new_accounts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `preferred_language` text NOT NULL DEFAULT ('en'), `password_hash` text NULL, `mail_opt_out` bool NOT NULL DEFAULT (false), `disabled` bool NOT NULL DEFAULT (false), `last_sign_in_at` datetime NULL, `sourced_id` text NULL, `conference_window_listed_hosts` text NULL, PRIMARY KEY (`id`), CONSTRAINT `accounts_conference_windows_listed_hosts` FOREIGN KEY (`conference_window_listed_hosts`) REFERENCES `conference_windows` (`id`) ON DELETE SET NULL);
-- copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `mail_opt_out`, `disabled`, `last_sign_in_at`, `sourced_id`) SELECT `id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `mail_opt_out`, `disabled`, `last_sign_in_at`, `sourced_id` FROM `accounts`;
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
-- reverse: create index "conferencewindow_school_id" to table: "conference_windows"
DROP INDEX `conferencewindow_school_id`;
-- reverse: create "new_conference_windows" table
DROP TABLE `new_conference_windows`;
