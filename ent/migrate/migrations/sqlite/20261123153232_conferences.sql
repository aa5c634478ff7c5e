-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_conferences" table
CREATE TABLE `new_conferences` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('BOOKED'), `interpreter_language` text NULL, `accommodations` text NULL, `agenda` text NULL, `notes` text NULL, `notes_shared` bool NOT NULL DEFAULT (false), `next_steps` text NULL, `questions` text NULL, `questions_private` bool NOT NULL DEFAULT (false), `sequence` integer NOT NULL DEFAULT (0), `family_feedback` text NULL, `student_feedback` text NULL, `booked_by_id` text NULL, `cancelled_at` datetime NULL, `school_id` text NOT NULL, `window_id` text NOT NULL, `slot_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `conferences_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_conference_windows_conferences` FOREIGN KEY (`window_id`) REFERENCES `conference_windows` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_slots_conferences` FOREIGN KEY (`slot_id`) REFERENCES `slots` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_students_conferences` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "conferences" to new temporary table "new_conferences"
INSERT INTO `new_conferences` (`id`, `created_at`, `updated_at`, `status`, `interpreter_language`, `accommodations`, `agenda`, `notes`, `next_steps`, `school_id`, `window_id`, `slot_id`, `student_id`) SELECT `id`, `created_at`, `updated_at`, `status`, `interpreter_language`, `accommodations`, `agenda`, `notes`, `next_steps`, `school_id`, `window_id`, `slot_id`, `student_id` FROM `conferences`;
-- drop "conferences" table after copying rows
DROP TABLE `conferences`;
-- rename temporary table "new_conferences" to "conferences"
ALTER TABLE `new_conferences` RENAME TO `conferences`;
-- create index "conference_school_id" to table: "conferences"
CREATE INDEX `conference_school_id` ON `conferences` (`school_id`);
-- create index "conference_slot_id_status" to table: "conferences"
CREATE INDEX `conference_slot_id_status` ON `conferences` (`slot_id`, `status`);
-- create index "conference_student_id_window_id" to table: "conferences"
CREATE INDEX `conference_student_id_window_id` ON `conferences` (`student_id`, `window_id`);
-- create index "conference_one_active_per_window" to table: "conferences"
CREATE UNIQUE INDEX `conference_one_active_per_window` ON `conferences` (`student_id`, `window_id`) WHERE status = 'BOOKED' OR status = 'CONFIRMED';
-- create "new_slots" table
CREATE TABLE `new_slots` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `location` text NULL, `video_url` text NULL, `capacity` integer NOT NULL DEFAULT (1), `blocked` bool NOT NULL DEFAULT (false), `interpreter_language` text NULL, `booked` integer NOT NULL DEFAULT (0), `window_id` text NOT NULL, `school_id` text NOT NULL, `host_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `slots_conference_windows_slots` FOREIGN KEY (`window_id`) REFERENCES `conference_windows` (`id`) ON DELETE NO ACTION, CONSTRAINT `slots_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `slots_accounts_host` FOREIGN KEY (`host_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "slots" to new temporary table "new_slots"
INSERT INTO `new_slots` (`id`, `created_at`, `updated_at`, `starts_at`, `ends_at`, `location`, `video_url`, `capacity`, `blocked`, `interpreter_language`, `window_id`, `school_id`, `host_id`) SELECT `id`, `created_at`, `updated_at`, `starts_at`, `ends_at`, `location`, `video_url`, `capacity`, `blocked`, `interpreter_language`, `window_id`, `school_id`, `host_id` FROM `slots`;
-- drop "slots" table after copying rows
DROP TABLE `slots`;
-- rename temporary table "new_slots" to "slots"
ALTER TABLE `new_slots` RENAME TO `slots`;
-- create index "slot_school_id" to table: "slots"
CREATE INDEX `slot_school_id` ON `slots` (`school_id`);
-- create index "slot_window_id_host_id_starts_at" to table: "slots"
CREATE UNIQUE INDEX `slot_window_id_host_id_starts_at` ON `slots` (`window_id`, `host_id`, `starts_at`);
-- create "calendar_feeds" table
CREATE TABLE `calendar_feeds` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` blob NOT NULL, `revoked_at` datetime NULL, `school_id` text NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `calendar_feeds_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `calendar_feeds_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
CREATE UNIQUE INDEX `calendar_feeds_token_hash_key` ON `calendar_feeds` (`token_hash`);
-- create index "calendarfeed_school_id" to table: "calendar_feeds"
CREATE INDEX `calendarfeed_school_id` ON `calendar_feeds` (`school_id`);
-- create "waitlist_entries" table
CREATE TABLE `waitlist_entries` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `earliest` datetime NULL, `latest` datetime NULL, `status` text NOT NULL DEFAULT ('WAITING'), `offer_expires_at` datetime NULL, `school_id` text NOT NULL, `window_id` text NOT NULL, `student_id` text NOT NULL, `family_id` text NOT NULL, `offered_slot_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `waitlist_entries_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_conference_windows_window` FOREIGN KEY (`window_id`) REFERENCES `conference_windows` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_students_student` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_accounts_family` FOREIGN KEY (`family_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_slots_offered_slot` FOREIGN KEY (`offered_slot_id`) REFERENCES `slots` (`id`) ON DELETE SET NULL);
-- create index "waitlistentry_school_id" to table: "waitlist_entries"
CREATE INDEX `waitlistentry_school_id` ON `waitlist_entries` (`school_id`);
-- create index "waitlistentry_window_id_status_created_at" to table: "waitlist_entries"
CREATE INDEX `waitlistentry_window_id_status_created_at` ON `waitlist_entries` (`window_id`, `status`, `created_at`);
-- create index "waitlist_one_live_per_window" to table: "waitlist_entries"
CREATE UNIQUE INDEX `waitlist_one_live_per_window` ON `waitlist_entries` (`student_id`, `window_id`) WHERE status = 'WAITING' OR status = 'OFFERED';
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "waitlist_one_live_per_window" to table: "waitlist_entries"
DROP INDEX `waitlist_one_live_per_window`;
-- reverse: create index "waitlistentry_window_id_status_created_at" to table: "waitlist_entries"
DROP INDEX `waitlistentry_window_id_status_created_at`;
-- reverse: create index "waitlistentry_school_id" to table: "waitlist_entries"
DROP INDEX `waitlistentry_school_id`;
-- reverse: create "waitlist_entries" table
DROP TABLE `waitlist_entries`;
-- reverse: create index "calendarfeed_school_id" to table: "calendar_feeds"
DROP INDEX `calendarfeed_school_id`;
-- reverse: create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
DROP INDEX `calendar_feeds_token_hash_key`;
-- reverse: create "calendar_feeds" table
DROP TABLE `calendar_feeds`;
-- reverse: create index "slot_window_id_host_id_starts_at" to table: "slots"
DROP INDEX `slot_window_id_host_id_starts_at`;
-- reverse: create index "slot_school_id" to table: "slots"
DROP INDEX `slot_school_id`;
-- reverse: create "new_slots" table
DROP TABLE `new_slots`;
-- reverse: create index "conference_one_active_per_window" to table: "conferences"
DROP INDEX `conference_one_active_per_window`;
-- reverse: create index "conference_student_id_window_id" to table: "conferences"
DROP INDEX `conference_student_id_window_id`;
-- reverse: create index "conference_slot_id_status" to table: "conferences"
DROP INDEX `conference_slot_id_status`;
-- reverse: create index "conference_school_id" to table: "conferences"
DROP INDEX `conference_school_id`;
-- reverse: create "new_conferences" table
DROP TABLE `new_conferences`;
