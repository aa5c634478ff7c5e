-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_conference_windows" table
CREATE TABLE `new_conference_windows` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `term` text NOT NULL, `opens_at` datetime NOT NULL, `closes_at` datetime NOT NULL, `slot_minutes` integer NOT NULL DEFAULT (20), `buffer_minutes` integer NOT NULL DEFAULT (5), `cancel_cutoff_hours` integer NOT NULL DEFAULT (24), `location` text NULL, `video_url` text NULL, `joint_max_students` integer NOT NULL DEFAULT (0), `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `conference_windows_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "conference_windows" to new temporary table "new_conference_windows"
INSERT INTO `new_conference_windows` (`id`, `created_at`, `updated_at`, `term`, `opens_at`, `closes_at`, `slot_minutes`, `buffer_minutes`, `cancel_cutoff_hours`, `location`, `video_url`, `school_id`) SELECT `id`, `created_at`, `updated_at`, `term`, `opens_at`, `closes_at`, `slot_minutes`, `buffer_minutes`, `cancel_cutoff_hours`, `location`, `video_url`, `school_id` FROM `conference_windows`;
-- drop "conference_windows" table after copying rows
DROP TABLE `conference_windows`;
-- rename temporary table "new_conference_windows" to "conference_windows"
ALTER TABLE `new_conference_windows` RENAME TO `conference_windows`;
-- create index "conferencewindow_school_id" to table: "conference_windows"
CREATE INDEX `conferencewindow_school_id` ON `conference_windows` (`school_id`);
-- create "new_conferences" table
CREATE TABLE `new_conferences` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('BOOKED'), `interpreter_language` text NULL, `accommodations` text NULL, `agenda` text NULL, `notes` text NULL, `notes_shared` bool NOT NULL DEFAULT (false), `next_steps` text NULL, `questions` text NULL, `questions_private` bool NOT NULL DEFAULT (false), `sequence` integer NOT NULL DEFAULT (0), `family_feedback` text NULL, `student_feedback` text NULL, `booked_by_id` text NULL, `cancelled_at` datetime NULL, `joint_id` text NULL, `school_id` text NOT NULL, `window_id` text NOT NULL, `slot_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `conferences_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_conference_windows_conferences` FOREIGN KEY (`window_id`) REFERENCES `conference_windows` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_slots_conferences` FOREIGN KEY (`slot_id`) REFERENCES `slots` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_students_conferences` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "conferences" to new temporary table "new_conferences"
INSERT INTO `new_conferences` (`id`, `created_at`, `updated_at`, `status`, `interpreter_language`, `accommodations`, `agenda`, `notes`, `notes_shared`, `next_steps`, `questions`, `questions_private`, `sequence`, `family_feedback`, `student_feedback`, `booked_by_id`, `cancelled_at`, `school_id`, `window_id`, `slot_id`, `student_id`) SELECT `id`, `created_at`, `updated_at`, `status`, `interpreter_language`, `accommodations`, `agenda`, `notes`, `notes_shared`, `next_steps`, `questions`, `questions_private`, `sequence`, `family_feedback`, `student_feedback`, `booked_by_id`, `cancelled_at`, `school_id`, `window_id`, `slot_id`, `student_id` FROM `conferences`;
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
-- create index "conference_joint_id" to table: "conferences"
CREATE INDEX `conference_joint_id` ON `conferences` (`joint_id`);
-- create index "conference_one_active_per_window" to table: "conferences"
CREATE UNIQUE INDEX `conference_one_active_per_window` ON `conferences` (`student_id`, `window_id`) WHERE status = 'BOOKED' OR status = 'CONFIRMED';
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "conference_one_active_per_window" to table: "conferences"
DROP INDEX `conference_one_active_per_window`;
-- reverse: create index "conference_joint_id" to table: "conferences"
DROP INDEX `conference_joint_id`;
-- reverse: create index "conference_student_id_window_id" to table: "conferences"
DROP INDEX `conference_student_id_window_id`;
-- reverse: create index "conference_slot_id_status" to table: "conferences"
DROP INDEX `conference_slot_id_status`;
-- reverse: create index "conference_school_id" to table: "conferences"
DROP INDEX `conference_school_id`;
-- reverse: create "new_conferences" table
DROP TABLE `new_conferences`;
-- reverse: create index "conferencewindow_school_id" to table: "conference_windows"
DROP INDEX `conferencewindow_school_id`;
-- reverse: create "new_conference_windows" table
DROP TABLE `new_conference_windows`;
