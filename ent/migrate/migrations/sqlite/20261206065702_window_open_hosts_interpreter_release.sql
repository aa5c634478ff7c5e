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
-- create "conference_window_listed_hosts" table
CREATE TABLE `conference_window_listed_hosts` (`conference_window_id` text NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`conference_window_id`, `account_id`), CONSTRAINT `conference_window_listed_hosts_conference_window_id` FOREIGN KEY (`conference_window_id`) REFERENCES `conference_windows` (`id`) ON DELETE CASCADE, CONSTRAINT `conference_window_listed_hosts_account_id` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- create index "conference_window_listed_hosts_account_id" to table: "conference_window_listed_hosts"
CREATE INDEX `conference_window_listed_hosts_account_id` ON `conference_window_listed_hosts` (`account_id`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "conference_window_listed_hosts_account_id" to table: "conference_window_listed_hosts"
DROP INDEX `conference_window_listed_hosts_account_id`;
-- reverse: create "conference_window_listed_hosts" table
DROP TABLE `conference_window_listed_hosts`;
-- reverse: create index "conferencewindow_school_id" to table: "conference_windows"
DROP INDEX `conferencewindow_school_id`;
-- reverse: create "new_conference_windows" table
DROP TABLE `new_conference_windows`;
