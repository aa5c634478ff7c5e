-- +goose Up
-- create "waitlist_entries" table
CREATE TABLE `waitlist_entries` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `earliest` datetime NULL, `latest` datetime NULL, `status` text NOT NULL DEFAULT ('WAITING'), `offer_expires_at` datetime NULL, `school_id` text NOT NULL, `window_id` text NOT NULL, `student_id` text NOT NULL, `family_id` text NOT NULL, `offered_slot_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `waitlist_entries_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_conference_windows_window` FOREIGN KEY (`window_id`) REFERENCES `conference_windows` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_students_student` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_accounts_family` FOREIGN KEY (`family_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `waitlist_entries_slots_offered_slot` FOREIGN KEY (`offered_slot_id`) REFERENCES `slots` (`id`) ON DELETE SET NULL);
-- create index "waitlistentry_school_id" to table: "waitlist_entries"
CREATE INDEX `waitlistentry_school_id` ON `waitlist_entries` (`school_id`);
-- create index "waitlistentry_window_id_status_created_at" to table: "waitlist_entries"
CREATE INDEX `waitlistentry_window_id_status_created_at` ON `waitlist_entries` (`window_id`, `status`, `created_at`);
-- create index "waitlist_one_live_per_window" to table: "waitlist_entries"
CREATE UNIQUE INDEX `waitlist_one_live_per_window` ON `waitlist_entries` (`student_id`, `window_id`) WHERE status IN ('WAITING', 'OFFERED');

-- +goose Down
-- reverse: create index "waitlist_one_live_per_window" to table: "waitlist_entries"
DROP INDEX `waitlist_one_live_per_window`;
-- reverse: create index "waitlistentry_window_id_status_created_at" to table: "waitlist_entries"
DROP INDEX `waitlistentry_window_id_status_created_at`;
-- reverse: create index "waitlistentry_school_id" to table: "waitlist_entries"
DROP INDEX `waitlistentry_school_id`;
-- reverse: create "waitlist_entries" table
DROP TABLE `waitlist_entries`;
