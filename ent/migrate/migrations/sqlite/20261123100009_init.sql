-- +goose Up
-- create "accounts" table
CREATE TABLE `accounts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `preferred_language` text NOT NULL DEFAULT ('en'), `password_hash` text NULL, `disabled` bool NOT NULL DEFAULT (false), PRIMARY KEY (`id`));
-- create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key` ON `accounts` (`email`);
-- create "action_items" table
CREATE TABLE `action_items` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `due` datetime NULL, `status` text NOT NULL DEFAULT ('PLANNED'), `school_id` text NOT NULL, `owner_id` text NULL, `step_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `action_items_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `action_items_accounts_owner` FOREIGN KEY (`owner_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `action_items_steps_action_items` FOREIGN KEY (`step_id`) REFERENCES `steps` (`id`) ON DELETE NO ACTION);
-- create index "actionitem_school_id" to table: "action_items"
CREATE INDEX `actionitem_school_id` ON `action_items` (`school_id`);
-- create "annual_reviews" table
CREATE TABLE `annual_reviews` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `school_year` text NOT NULL, `student_signed_at` datetime NULL, `staff_signed_at` datetime NULL, `guardian_signed_at` datetime NULL, `notes` text NULL, `school_id` text NOT NULL, `staff_signer_id` text NULL, `guardian_signer_id` text NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `annual_reviews_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `annual_reviews_accounts_staff_signer` FOREIGN KEY (`staff_signer_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `annual_reviews_accounts_guardian_signer` FOREIGN KEY (`guardian_signer_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `annual_reviews_students_annual_reviews` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "annualreview_school_id" to table: "annual_reviews"
CREATE INDEX `annualreview_school_id` ON `annual_reviews` (`school_id`);
-- create index "annualreview_student_id_school_year" to table: "annual_reviews"
CREATE UNIQUE INDEX `annualreview_student_id_school_year` ON `annual_reviews` (`student_id`, `school_year`);
-- create "audit_events" table
CREATE TABLE `audit_events` (`id` text NOT NULL, `action` text NOT NULL, `subject_type` text NOT NULL, `subject_id` text NULL, `at` datetime NOT NULL, `request_id` text NULL, `school_id` text NOT NULL, `actor_id` text NULL, `student_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `audit_events_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `audit_events_accounts_actor` FOREIGN KEY (`actor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `audit_events_students_student` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE SET NULL);
-- create index "auditevent_school_id" to table: "audit_events"
CREATE INDEX `auditevent_school_id` ON `audit_events` (`school_id`);
-- create index "auditevent_student_id_at" to table: "audit_events"
CREATE INDEX `auditevent_student_id_at` ON `audit_events` (`student_id`, `at`);
-- create index "auditevent_actor_id_at" to table: "audit_events"
CREATE INDEX `auditevent_actor_id_at` ON `audit_events` (`actor_id`, `at`);
-- create "categories" table
CREATE TABLE `categories` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `key` text NOT NULL, `name` text NOT NULL, `description` text NULL, `position` integer NOT NULL DEFAULT (0), `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `categories_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "category_school_id" to table: "categories"
CREATE INDEX `category_school_id` ON `categories` (`school_id`);
-- create index "category_school_id_key" to table: "categories"
CREATE UNIQUE INDEX `category_school_id_key` ON `categories` (`school_id`, `key`);
-- create "collections" table
CREATE TABLE `collections` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NULL, `audience` text NULL, `school_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `collections_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `collections_students_collections` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "collection_school_id" to table: "collections"
CREATE INDEX `collection_school_id` ON `collections` (`school_id`);
-- create "comments" table
CREATE TABLE `comments` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `body` text NOT NULL, `school_id` text NOT NULL, `author_id` text NOT NULL, `evidence_id` text NULL, `goal_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `comments_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `comments_accounts_author` FOREIGN KEY (`author_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `comments_evidences_comments` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE SET NULL, CONSTRAINT `comments_goals_comments` FOREIGN KEY (`goal_id`) REFERENCES `goals` (`id`) ON DELETE SET NULL);
-- create index "comment_school_id" to table: "comments"
CREATE INDEX `comment_school_id` ON `comments` (`school_id`);
-- create "conferences" table
CREATE TABLE `conferences` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `status` text NOT NULL DEFAULT ('BOOKED'), `interpreter_language` text NULL, `accommodations` text NULL, `agenda` text NULL, `notes` text NULL, `next_steps` text NULL, `school_id` text NOT NULL, `window_id` text NOT NULL, `slot_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `conferences_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_conference_windows_conferences` FOREIGN KEY (`window_id`) REFERENCES `conference_windows` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_slots_conferences` FOREIGN KEY (`slot_id`) REFERENCES `slots` (`id`) ON DELETE NO ACTION, CONSTRAINT `conferences_students_conferences` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "conference_school_id" to table: "conferences"
CREATE INDEX `conference_school_id` ON `conferences` (`school_id`);
-- create index "conference_slot_id_status" to table: "conferences"
CREATE INDEX `conference_slot_id_status` ON `conferences` (`slot_id`, `status`);
-- create index "conference_student_id_window_id" to table: "conferences"
CREATE INDEX `conference_student_id_window_id` ON `conferences` (`student_id`, `window_id`);
-- create "conference_windows" table
CREATE TABLE `conference_windows` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `term` text NOT NULL, `opens_at` datetime NOT NULL, `closes_at` datetime NOT NULL, `slot_minutes` integer NOT NULL DEFAULT (20), `buffer_minutes` integer NOT NULL DEFAULT (5), `cancel_cutoff_hours` integer NOT NULL DEFAULT (24), `location` text NULL, `video_url` text NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `conference_windows_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "conferencewindow_school_id" to table: "conference_windows"
CREATE INDEX `conferencewindow_school_id` ON `conference_windows` (`school_id`);
-- create "endorsements" table
CREATE TABLE `endorsements` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `statement` text NOT NULL, `issued_at` datetime NOT NULL, `revoked_at` datetime NULL, `school_id` text NOT NULL, `partner_id` text NOT NULL, `request_id` text NOT NULL, `evidence_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `endorsements_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `endorsements_accounts_partner` FOREIGN KEY (`partner_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `endorsements_endorsement_requests_endorsement` FOREIGN KEY (`request_id`) REFERENCES `endorsement_requests` (`id`) ON DELETE NO ACTION, CONSTRAINT `endorsements_evidences_endorsements` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE NO ACTION);
-- create index "endorsements_request_id_key" to table: "endorsements"
CREATE UNIQUE INDEX `endorsements_request_id_key` ON `endorsements` (`request_id`);
-- create index "endorsement_school_id" to table: "endorsements"
CREATE INDEX `endorsement_school_id` ON `endorsements` (`school_id`);
-- create "endorsement_requests" table
CREATE TABLE `endorsement_requests` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `message` text NULL, `status` text NOT NULL DEFAULT ('PENDING'), `expires_at` datetime NOT NULL, `responded_at` datetime NULL, `decline_reason` text NULL, `school_id` text NOT NULL, `partner_id` text NOT NULL, `evidence_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `endorsement_requests_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `endorsement_requests_accounts_partner` FOREIGN KEY (`partner_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `endorsement_requests_evidences_endorsement_requests` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE NO ACTION, CONSTRAINT `endorsement_requests_students_endorsement_requests` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "endorsementrequest_school_id" to table: "endorsement_requests"
CREATE INDEX `endorsementrequest_school_id` ON `endorsement_requests` (`school_id`);
-- create index "endorsementrequest_partner_id_status" to table: "endorsement_requests"
CREATE INDEX `endorsementrequest_partner_id_status` ON `endorsement_requests` (`partner_id`, `status`);
-- create index "endorsementrequest_evidence_id" to table: "endorsement_requests"
CREATE INDEX `endorsementrequest_evidence_id` ON `endorsement_requests` (`evidence_id`);
-- create "evidences" table
CREATE TABLE `evidences` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NULL, `kind` text NOT NULL, `blob_key` text NULL, `content_type` text NULL, `size` integer NULL, `sha256` text NULL, `url` text NULL, `body` text NULL, `in_school` bool NOT NULL DEFAULT (true), `occurred_on` datetime NOT NULL, `visibility` text NOT NULL DEFAULT ('PRIVATE'), `school_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `evidences_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `evidences_students_evidence` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "evidence_school_id" to table: "evidences"
CREATE INDEX `evidence_school_id` ON `evidences` (`school_id`);
-- create index "evidence_student_id_occurred_on" to table: "evidences"
CREATE INDEX `evidence_student_id_occurred_on` ON `evidences` (`student_id`, `occurred_on`);
-- create index "evidence_blob_key" to table: "evidences"
CREATE INDEX `evidence_blob_key` ON `evidences` (`blob_key`);
-- create "frameworks" table
CREATE TABLE `frameworks` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `version` text NOT NULL DEFAULT ('1'), `description` text NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `frameworks_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "framework_school_id" to table: "frameworks"
CREATE INDEX `framework_school_id` ON `frameworks` (`school_id`);
-- create index "framework_school_id_name_version" to table: "frameworks"
CREATE UNIQUE INDEX `framework_school_id_name_version` ON `frameworks` (`school_id`, `name`, `version`);
-- create "goals" table
CREATE TABLE `goals` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `area` text NOT NULL, `area_name` text NULL, `title` text NOT NULL, `why` text NULL, `success_criteria` text NULL, `next_steps` text NULL, `term` text NOT NULL DEFAULT ('SHORT'), `target_date` datetime NULL, `status` text NOT NULL DEFAULT ('DRAFT'), `progress` integer NOT NULL DEFAULT (0), `school_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `goals_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `goals_students_goals` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "goal_school_id" to table: "goals"
CREATE INDEX `goal_school_id` ON `goals` (`school_id`);
-- create index "goal_student_id_status" to table: "goals"
CREATE INDEX `goal_student_id_status` ON `goals` (`student_id`, `status`);
-- create "guardianships" table
CREATE TABLE `guardianships` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `relationship` text NOT NULL, `can_book` bool NOT NULL DEFAULT (true), `receives_mail` bool NOT NULL DEFAULT (true), `ends_at` datetime NULL, `school_id` text NOT NULL, `family_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `guardianships_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `guardianships_accounts_family` FOREIGN KEY (`family_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `guardianships_students_guardianships` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "guardianship_school_id" to table: "guardianships"
CREATE INDEX `guardianship_school_id` ON `guardianships` (`school_id`);
-- create index "guardianship_student_id_family_id" to table: "guardianships"
CREATE UNIQUE INDEX `guardianship_student_id_family_id` ON `guardianships` (`student_id`, `family_id`);
-- create index "guardianship_family_id" to table: "guardianships"
CREATE INDEX `guardianship_family_id` ON `guardianships` (`family_id`);
-- create "memberships" table
CREATE TABLE `memberships` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `role` text NOT NULL, `account_id` text NOT NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `memberships_accounts_memberships` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `memberships_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "membership_school_id" to table: "memberships"
CREATE INDEX `membership_school_id` ON `memberships` (`school_id`);
-- create index "membership_account_id_school_id_role" to table: "memberships"
CREATE UNIQUE INDEX `membership_account_id_school_id_role` ON `memberships` (`account_id`, `school_id`, `role`);
-- create "milestones" table
CREATE TABLE `milestones` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `position` integer NOT NULL DEFAULT (0), `due` datetime NULL, `done_at` datetime NULL, `goal_id` text NOT NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `milestones_goals_milestones` FOREIGN KEY (`goal_id`) REFERENCES `goals` (`id`) ON DELETE NO ACTION, CONSTRAINT `milestones_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "milestone_school_id" to table: "milestones"
CREATE INDEX `milestone_school_id` ON `milestones` (`school_id`);
-- create index "milestone_goal_id_position" to table: "milestones"
CREATE INDEX `milestone_goal_id_position` ON `milestones` (`goal_id`, `position`);
-- create "notifications" table
CREATE TABLE `notifications` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `channel` text NOT NULL DEFAULT ('EMAIL'), `kind` text NOT NULL, `idempotency_key` text NOT NULL, `payload` json NULL, `not_before` datetime NOT NULL, `attempts` integer NOT NULL DEFAULT (0), `sent_at` datetime NULL, `last_error` text NULL, `school_id` text NOT NULL, `recipient_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `notifications_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `notifications_accounts_recipient` FOREIGN KEY (`recipient_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "notifications_idempotency_key_key" to table: "notifications"
CREATE UNIQUE INDEX `notifications_idempotency_key_key` ON `notifications` (`idempotency_key`);
-- create index "notification_school_id" to table: "notifications"
CREATE INDEX `notification_school_id` ON `notifications` (`school_id`);
-- create index "notification_sent_at_not_before" to table: "notifications"
CREATE INDEX `notification_sent_at_not_before` ON `notifications` (`sent_at`, `not_before`);
-- create "partnerships" table
CREATE TABLE `partnerships` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `organization` text NOT NULL, `description` text NULL, `scope` text NOT NULL DEFAULT ('SHARED_ITEMS'), `starts_on` datetime NOT NULL, `ends_on` datetime NULL, `school_id` text NOT NULL, `partner_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `partnerships_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `partnerships_accounts_partner` FOREIGN KEY (`partner_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION, CONSTRAINT `partnerships_students_partnerships` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "partnership_school_id" to table: "partnerships"
CREATE INDEX `partnership_school_id` ON `partnerships` (`school_id`);
-- create index "partnership_student_id_partner_id_organization" to table: "partnerships"
CREATE UNIQUE INDEX `partnership_student_id_partner_id_organization` ON `partnerships` (`student_id`, `partner_id`, `organization`);
-- create index "partnership_partner_id" to table: "partnerships"
CREATE INDEX `partnership_partner_id` ON `partnerships` (`partner_id`);
-- create "reflections" table
CREATE TABLE `reflections` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `prompt` text NULL, `body` text NOT NULL, `source` text NOT NULL DEFAULT ('FREE'), `conference_id` text NULL, `evidence_id` text NULL, `goal_id` text NULL, `school_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `reflections_conferences_reflections` FOREIGN KEY (`conference_id`) REFERENCES `conferences` (`id`) ON DELETE SET NULL, CONSTRAINT `reflections_evidences_reflections` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE SET NULL, CONSTRAINT `reflections_goals_reflections` FOREIGN KEY (`goal_id`) REFERENCES `goals` (`id`) ON DELETE SET NULL, CONSTRAINT `reflections_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `reflections_students_reflections` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "reflection_school_id" to table: "reflections"
CREATE INDEX `reflection_school_id` ON `reflections` (`school_id`);
-- create index "reflection_student_id_created_at" to table: "reflections"
CREATE INDEX `reflection_student_id_created_at` ON `reflections` (`student_id`, `created_at`);
-- create "requirements" table
CREATE TABLE `requirements` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `grade` integer NOT NULL, `title` text NOT NULL, `description` text NULL, `due_on` datetime NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `requirements_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "requirement_school_id" to table: "requirements"
CREATE INDEX `requirement_school_id` ON `requirements` (`school_id`);
-- create "resources" table
CREATE TABLE `resources` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `kind` text NOT NULL, `url` text NULL, `audience` text NULL, `local` bool NOT NULL DEFAULT (false), `school_id` text NOT NULL, `step_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `resources_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `resources_steps_resources` FOREIGN KEY (`step_id`) REFERENCES `steps` (`id`) ON DELETE NO ACTION);
-- create index "resource_school_id" to table: "resources"
CREATE INDEX `resource_school_id` ON `resources` (`school_id`);
-- create "schools" table
CREATE TABLE `schools` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `timezone` text NOT NULL DEFAULT ('America/New_York'), `locale` text NOT NULL DEFAULT ('en-US'), `reminder_cadence_days` integer NOT NULL DEFAULT (14), `quiet_hours_start` text NOT NULL DEFAULT ('20:00'), `quiet_hours_end` text NOT NULL DEFAULT ('07:00'), PRIMARY KEY (`id`));
-- create "sections" table
CREATE TABLE `sections` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `position` integer NOT NULL DEFAULT (0), `blocks` json NULL, `school_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sections_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `sections_students_sections` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "section_school_id" to table: "sections"
CREATE INDEX `section_school_id` ON `sections` (`school_id`);
-- create index "section_student_id_position" to table: "sections"
CREATE INDEX `section_student_id_position` ON `sections` (`student_id`, `position`);
-- create "self_assessments" table
CREATE TABLE `self_assessments` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `level` text NOT NULL, `note` text NULL, `taken_at` datetime NOT NULL, `school_id` text NOT NULL, `skill_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `self_assessments_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `self_assessments_skills_skill` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE NO ACTION, CONSTRAINT `self_assessments_students_self_assessments` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION);
-- create index "selfassessment_school_id" to table: "self_assessments"
CREATE INDEX `selfassessment_school_id` ON `self_assessments` (`school_id`);
-- create index "selfassessment_student_id_skill_id_taken_at" to table: "self_assessments"
CREATE INDEX `selfassessment_student_id_skill_id_taken_at` ON `self_assessments` (`student_id`, `skill_id`, `taken_at`);
-- create "sessions" table
CREATE TABLE `sessions` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` blob NOT NULL, `expires_at` datetime NOT NULL, `revoked_at` datetime NULL, `last_seen_at` datetime NULL, `user_agent` text NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sessions_accounts_sessions` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);
-- create index "session_account_id" to table: "sessions"
CREATE INDEX `session_account_id` ON `sessions` (`account_id`);
-- create "share_links" table
CREATE TABLE `share_links` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` blob NOT NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NULL, `revoked_at` datetime NULL, `collection_id` text NOT NULL, `school_id` text NOT NULL, `created_by_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `share_links_collections_share_links` FOREIGN KEY (`collection_id`) REFERENCES `collections` (`id`) ON DELETE NO ACTION, CONSTRAINT `share_links_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `share_links_accounts_created_by` FOREIGN KEY (`created_by_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "share_links_token_hash_key" to table: "share_links"
CREATE UNIQUE INDEX `share_links_token_hash_key` ON `share_links` (`token_hash`);
-- create index "sharelink_school_id" to table: "share_links"
CREATE INDEX `sharelink_school_id` ON `share_links` (`school_id`);
-- create index "sharelink_collection_id" to table: "share_links"
CREATE INDEX `sharelink_collection_id` ON `share_links` (`collection_id`);
-- create "skills" table
CREATE TABLE `skills` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `code` text NOT NULL, `name` text NOT NULL, `description` text NULL, `kind` text NOT NULL DEFAULT ('TRANSFERABLE'), `position` integer NOT NULL DEFAULT (0), `framework_id` text NOT NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `skills_frameworks_skills` FOREIGN KEY (`framework_id`) REFERENCES `frameworks` (`id`) ON DELETE NO ACTION, CONSTRAINT `skills_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "skill_school_id" to table: "skills"
CREATE INDEX `skill_school_id` ON `skills` (`school_id`);
-- create index "skill_framework_id_code" to table: "skills"
CREATE UNIQUE INDEX `skill_framework_id_code` ON `skills` (`framework_id`, `code`);
-- create "slots" table
CREATE TABLE `slots` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `starts_at` datetime NOT NULL, `ends_at` datetime NOT NULL, `location` text NULL, `video_url` text NULL, `capacity` integer NOT NULL DEFAULT (1), `blocked` bool NOT NULL DEFAULT (false), `interpreter_language` text NULL, `window_id` text NOT NULL, `school_id` text NOT NULL, `host_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `slots_conference_windows_slots` FOREIGN KEY (`window_id`) REFERENCES `conference_windows` (`id`) ON DELETE NO ACTION, CONSTRAINT `slots_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `slots_accounts_host` FOREIGN KEY (`host_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "slot_school_id" to table: "slots"
CREATE INDEX `slot_school_id` ON `slots` (`school_id`);
-- create index "slot_window_id_host_id_starts_at" to table: "slots"
CREATE UNIQUE INDEX `slot_window_id_host_id_starts_at` ON `slots` (`window_id`, `host_id`, `starts_at`);
-- create "stations" table
CREATE TABLE `stations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `class_name` text NULL, `token_hash` blob NULL, `active` bool NOT NULL DEFAULT (true), `last_used_at` datetime NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `stations_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "stations_token_hash_key" to table: "stations"
CREATE UNIQUE INDEX `stations_token_hash_key` ON `stations` (`token_hash`);
-- create index "station_school_id" to table: "stations"
CREATE INDEX `station_school_id` ON `stations` (`school_id`);
-- create "steps" table
CREATE TABLE `steps` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `description` text NULL, `position` integer NOT NULL DEFAULT (0), `local` bool NOT NULL DEFAULT (false), `category_id` text NOT NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `steps_categories_steps` FOREIGN KEY (`category_id`) REFERENCES `categories` (`id`) ON DELETE NO ACTION, CONSTRAINT `steps_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "step_school_id" to table: "steps"
CREATE INDEX `step_school_id` ON `steps` (`school_id`);
-- create "students" table
CREATE TABLE `students` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `given_name` text NOT NULL, `family_name` text NOT NULL, `preferred_name` text NOT NULL, `pronouns` text NULL, `grade` integer NOT NULL, `graduation_year` integer NOT NULL, `birth_date` datetime NULL, `identity_statement` text NULL, `strengths` json NULL, `interests` json NULL, `learning_preferences` text NULL, `cover_image_key` text NULL, `theme` text NOT NULL DEFAULT ('default'), `school_id` text NOT NULL, `account_id` text NULL, `advisor_id` text NULL, `counselor_id` text NULL, PRIMARY KEY (`id`), CONSTRAINT `students_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `students_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `students_accounts_advisor` FOREIGN KEY (`advisor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL, CONSTRAINT `students_accounts_counselor` FOREIGN KEY (`counselor_id`) REFERENCES `accounts` (`id`) ON DELETE SET NULL);
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
-- create "surveys" table
CREATE TABLE `surveys` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `title` text NOT NULL, `taken_at` datetime NOT NULL, `closed_at` datetime NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `surveys_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "survey_school_id" to table: "surveys"
CREATE INDEX `survey_school_id` ON `surveys` (`school_id`);
-- create "survey_responses" table
CREATE TABLE `survey_responses` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `rating` text NOT NULL, `note` text NULL, `evidence` text NULL, `step_id` text NOT NULL, `survey_id` text NOT NULL, `school_id` text NOT NULL, `respondent_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `survey_responses_steps_responses` FOREIGN KEY (`step_id`) REFERENCES `steps` (`id`) ON DELETE NO ACTION, CONSTRAINT `survey_responses_surveys_responses` FOREIGN KEY (`survey_id`) REFERENCES `surveys` (`id`) ON DELETE NO ACTION, CONSTRAINT `survey_responses_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `survey_responses_accounts_respondent` FOREIGN KEY (`respondent_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "surveyresponse_school_id" to table: "survey_responses"
CREATE INDEX `surveyresponse_school_id` ON `survey_responses` (`school_id`);
-- create index "surveyresponse_survey_id_step_id_respondent_id" to table: "survey_responses"
CREATE UNIQUE INDEX `surveyresponse_survey_id_step_id_respondent_id` ON `survey_responses` (`survey_id`, `step_id`, `respondent_id`);
-- create "collection_evidence" table
CREATE TABLE `collection_evidence` (`collection_id` text NOT NULL, `evidence_id` text NOT NULL, PRIMARY KEY (`collection_id`, `evidence_id`), CONSTRAINT `collection_evidence_collection_id` FOREIGN KEY (`collection_id`) REFERENCES `collections` (`id`) ON DELETE CASCADE, CONSTRAINT `collection_evidence_evidence_id` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE CASCADE);
-- create "collection_goals" table
CREATE TABLE `collection_goals` (`collection_id` text NOT NULL, `goal_id` text NOT NULL, PRIMARY KEY (`collection_id`, `goal_id`), CONSTRAINT `collection_goals_collection_id` FOREIGN KEY (`collection_id`) REFERENCES `collections` (`id`) ON DELETE CASCADE, CONSTRAINT `collection_goals_goal_id` FOREIGN KEY (`goal_id`) REFERENCES `goals` (`id`) ON DELETE CASCADE);
-- create "collection_reflections" table
CREATE TABLE `collection_reflections` (`collection_id` text NOT NULL, `reflection_id` text NOT NULL, PRIMARY KEY (`collection_id`, `reflection_id`), CONSTRAINT `collection_reflections_collection_id` FOREIGN KEY (`collection_id`) REFERENCES `collections` (`id`) ON DELETE CASCADE, CONSTRAINT `collection_reflections_reflection_id` FOREIGN KEY (`reflection_id`) REFERENCES `reflections` (`id`) ON DELETE CASCADE);
-- create "conference_attendees" table
CREATE TABLE `conference_attendees` (`conference_id` text NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`conference_id`, `account_id`), CONSTRAINT `conference_attendees_conference_id` FOREIGN KEY (`conference_id`) REFERENCES `conferences` (`id`) ON DELETE CASCADE, CONSTRAINT `conference_attendees_account_id` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- create "conference_window_hosts" table
CREATE TABLE `conference_window_hosts` (`conference_window_id` text NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`conference_window_id`, `account_id`), CONSTRAINT `conference_window_hosts_conference_window_id` FOREIGN KEY (`conference_window_id`) REFERENCES `conference_windows` (`id`) ON DELETE CASCADE, CONSTRAINT `conference_window_hosts_account_id` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE CASCADE);
-- create "endorsement_skills" table
CREATE TABLE `endorsement_skills` (`endorsement_id` text NOT NULL, `skill_id` text NOT NULL, PRIMARY KEY (`endorsement_id`, `skill_id`), CONSTRAINT `endorsement_skills_endorsement_id` FOREIGN KEY (`endorsement_id`) REFERENCES `endorsements` (`id`) ON DELETE CASCADE, CONSTRAINT `endorsement_skills_skill_id` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE CASCADE);
-- create "evidence_goals" table
CREATE TABLE `evidence_goals` (`evidence_id` text NOT NULL, `goal_id` text NOT NULL, PRIMARY KEY (`evidence_id`, `goal_id`), CONSTRAINT `evidence_goals_evidence_id` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE CASCADE, CONSTRAINT `evidence_goals_goal_id` FOREIGN KEY (`goal_id`) REFERENCES `goals` (`id`) ON DELETE CASCADE);
-- create "evidence_skills" table
CREATE TABLE `evidence_skills` (`evidence_id` text NOT NULL, `skill_id` text NOT NULL, PRIMARY KEY (`evidence_id`, `skill_id`), CONSTRAINT `evidence_skills_evidence_id` FOREIGN KEY (`evidence_id`) REFERENCES `evidences` (`id`) ON DELETE CASCADE, CONSTRAINT `evidence_skills_skill_id` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE CASCADE);
-- create "goal_skills" table
CREATE TABLE `goal_skills` (`goal_id` text NOT NULL, `skill_id` text NOT NULL, PRIMARY KEY (`goal_id`, `skill_id`), CONSTRAINT `goal_skills_goal_id` FOREIGN KEY (`goal_id`) REFERENCES `goals` (`id`) ON DELETE CASCADE, CONSTRAINT `goal_skills_skill_id` FOREIGN KEY (`skill_id`) REFERENCES `skills` (`id`) ON DELETE CASCADE);
-- create "station_students" table
CREATE TABLE `station_students` (`station_id` text NOT NULL, `student_id` text NOT NULL, PRIMARY KEY (`station_id`, `student_id`), CONSTRAINT `station_students_station_id` FOREIGN KEY (`station_id`) REFERENCES `stations` (`id`) ON DELETE CASCADE, CONSTRAINT `station_students_student_id` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE CASCADE);

-- +goose Down
-- reverse: create "station_students" table
DROP TABLE `station_students`;
-- reverse: create "goal_skills" table
DROP TABLE `goal_skills`;
-- reverse: create "evidence_skills" table
DROP TABLE `evidence_skills`;
-- reverse: create "evidence_goals" table
DROP TABLE `evidence_goals`;
-- reverse: create "endorsement_skills" table
DROP TABLE `endorsement_skills`;
-- reverse: create "conference_window_hosts" table
DROP TABLE `conference_window_hosts`;
-- reverse: create "conference_attendees" table
DROP TABLE `conference_attendees`;
-- reverse: create "collection_reflections" table
DROP TABLE `collection_reflections`;
-- reverse: create "collection_goals" table
DROP TABLE `collection_goals`;
-- reverse: create "collection_evidence" table
DROP TABLE `collection_evidence`;
-- reverse: create index "surveyresponse_survey_id_step_id_respondent_id" to table: "survey_responses"
DROP INDEX `surveyresponse_survey_id_step_id_respondent_id`;
-- reverse: create index "surveyresponse_school_id" to table: "survey_responses"
DROP INDEX `surveyresponse_school_id`;
-- reverse: create "survey_responses" table
DROP TABLE `survey_responses`;
-- reverse: create index "survey_school_id" to table: "surveys"
DROP INDEX `survey_school_id`;
-- reverse: create "surveys" table
DROP TABLE `surveys`;
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
-- reverse: create "students" table
DROP TABLE `students`;
-- reverse: create index "step_school_id" to table: "steps"
DROP INDEX `step_school_id`;
-- reverse: create "steps" table
DROP TABLE `steps`;
-- reverse: create index "station_school_id" to table: "stations"
DROP INDEX `station_school_id`;
-- reverse: create index "stations_token_hash_key" to table: "stations"
DROP INDEX `stations_token_hash_key`;
-- reverse: create "stations" table
DROP TABLE `stations`;
-- reverse: create index "slot_window_id_host_id_starts_at" to table: "slots"
DROP INDEX `slot_window_id_host_id_starts_at`;
-- reverse: create index "slot_school_id" to table: "slots"
DROP INDEX `slot_school_id`;
-- reverse: create "slots" table
DROP TABLE `slots`;
-- reverse: create index "skill_framework_id_code" to table: "skills"
DROP INDEX `skill_framework_id_code`;
-- reverse: create index "skill_school_id" to table: "skills"
DROP INDEX `skill_school_id`;
-- reverse: create "skills" table
DROP TABLE `skills`;
-- reverse: create index "sharelink_collection_id" to table: "share_links"
DROP INDEX `sharelink_collection_id`;
-- reverse: create index "sharelink_school_id" to table: "share_links"
DROP INDEX `sharelink_school_id`;
-- reverse: create index "share_links_token_hash_key" to table: "share_links"
DROP INDEX `share_links_token_hash_key`;
-- reverse: create "share_links" table
DROP TABLE `share_links`;
-- reverse: create index "session_account_id" to table: "sessions"
DROP INDEX `session_account_id`;
-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX `sessions_token_hash_key`;
-- reverse: create "sessions" table
DROP TABLE `sessions`;
-- reverse: create index "selfassessment_student_id_skill_id_taken_at" to table: "self_assessments"
DROP INDEX `selfassessment_student_id_skill_id_taken_at`;
-- reverse: create index "selfassessment_school_id" to table: "self_assessments"
DROP INDEX `selfassessment_school_id`;
-- reverse: create "self_assessments" table
DROP TABLE `self_assessments`;
-- reverse: create index "section_student_id_position" to table: "sections"
DROP INDEX `section_student_id_position`;
-- reverse: create index "section_school_id" to table: "sections"
DROP INDEX `section_school_id`;
-- reverse: create "sections" table
DROP TABLE `sections`;
-- reverse: create "schools" table
DROP TABLE `schools`;
-- reverse: create index "resource_school_id" to table: "resources"
DROP INDEX `resource_school_id`;
-- reverse: create "resources" table
DROP TABLE `resources`;
-- reverse: create index "requirement_school_id" to table: "requirements"
DROP INDEX `requirement_school_id`;
-- reverse: create "requirements" table
DROP TABLE `requirements`;
-- reverse: create index "reflection_student_id_created_at" to table: "reflections"
DROP INDEX `reflection_student_id_created_at`;
-- reverse: create index "reflection_school_id" to table: "reflections"
DROP INDEX `reflection_school_id`;
-- reverse: create "reflections" table
DROP TABLE `reflections`;
-- reverse: create index "partnership_partner_id" to table: "partnerships"
DROP INDEX `partnership_partner_id`;
-- reverse: create index "partnership_student_id_partner_id_organization" to table: "partnerships"
DROP INDEX `partnership_student_id_partner_id_organization`;
-- reverse: create index "partnership_school_id" to table: "partnerships"
DROP INDEX `partnership_school_id`;
-- reverse: create "partnerships" table
DROP TABLE `partnerships`;
-- reverse: create index "notification_sent_at_not_before" to table: "notifications"
DROP INDEX `notification_sent_at_not_before`;
-- reverse: create index "notification_school_id" to table: "notifications"
DROP INDEX `notification_school_id`;
-- reverse: create index "notifications_idempotency_key_key" to table: "notifications"
DROP INDEX `notifications_idempotency_key_key`;
-- reverse: create "notifications" table
DROP TABLE `notifications`;
-- reverse: create index "milestone_goal_id_position" to table: "milestones"
DROP INDEX `milestone_goal_id_position`;
-- reverse: create index "milestone_school_id" to table: "milestones"
DROP INDEX `milestone_school_id`;
-- reverse: create "milestones" table
DROP TABLE `milestones`;
-- reverse: create index "membership_account_id_school_id_role" to table: "memberships"
DROP INDEX `membership_account_id_school_id_role`;
-- reverse: create index "membership_school_id" to table: "memberships"
DROP INDEX `membership_school_id`;
-- reverse: create "memberships" table
DROP TABLE `memberships`;
-- reverse: create index "guardianship_family_id" to table: "guardianships"
DROP INDEX `guardianship_family_id`;
-- reverse: create index "guardianship_student_id_family_id" to table: "guardianships"
DROP INDEX `guardianship_student_id_family_id`;
-- reverse: create index "guardianship_school_id" to table: "guardianships"
DROP INDEX `guardianship_school_id`;
-- reverse: create "guardianships" table
DROP TABLE `guardianships`;
-- reverse: create index "goal_student_id_status" to table: "goals"
DROP INDEX `goal_student_id_status`;
-- reverse: create index "goal_school_id" to table: "goals"
DROP INDEX `goal_school_id`;
-- reverse: create "goals" table
DROP TABLE `goals`;
-- reverse: create index "framework_school_id_name_version" to table: "frameworks"
DROP INDEX `framework_school_id_name_version`;
-- reverse: create index "framework_school_id" to table: "frameworks"
DROP INDEX `framework_school_id`;
-- reverse: create "frameworks" table
DROP TABLE `frameworks`;
-- reverse: create index "evidence_blob_key" to table: "evidences"
DROP INDEX `evidence_blob_key`;
-- reverse: create index "evidence_student_id_occurred_on" to table: "evidences"
DROP INDEX `evidence_student_id_occurred_on`;
-- reverse: create index "evidence_school_id" to table: "evidences"
DROP INDEX `evidence_school_id`;
-- reverse: create "evidences" table
DROP TABLE `evidences`;
-- reverse: create index "endorsementrequest_evidence_id" to table: "endorsement_requests"
DROP INDEX `endorsementrequest_evidence_id`;
-- reverse: create index "endorsementrequest_partner_id_status" to table: "endorsement_requests"
DROP INDEX `endorsementrequest_partner_id_status`;
-- reverse: create index "endorsementrequest_school_id" to table: "endorsement_requests"
DROP INDEX `endorsementrequest_school_id`;
-- reverse: create "endorsement_requests" table
DROP TABLE `endorsement_requests`;
-- reverse: create index "endorsement_school_id" to table: "endorsements"
DROP INDEX `endorsement_school_id`;
-- reverse: create index "endorsements_request_id_key" to table: "endorsements"
DROP INDEX `endorsements_request_id_key`;
-- reverse: create "endorsements" table
DROP TABLE `endorsements`;
-- reverse: create index "conferencewindow_school_id" to table: "conference_windows"
DROP INDEX `conferencewindow_school_id`;
-- reverse: create "conference_windows" table
DROP TABLE `conference_windows`;
-- reverse: create index "conference_student_id_window_id" to table: "conferences"
DROP INDEX `conference_student_id_window_id`;
-- reverse: create index "conference_slot_id_status" to table: "conferences"
DROP INDEX `conference_slot_id_status`;
-- reverse: create index "conference_school_id" to table: "conferences"
DROP INDEX `conference_school_id`;
-- reverse: create "conferences" table
DROP TABLE `conferences`;
-- reverse: create index "comment_school_id" to table: "comments"
DROP INDEX `comment_school_id`;
-- reverse: create "comments" table
DROP TABLE `comments`;
-- reverse: create index "collection_school_id" to table: "collections"
DROP INDEX `collection_school_id`;
-- reverse: create "collections" table
DROP TABLE `collections`;
-- reverse: create index "category_school_id_key" to table: "categories"
DROP INDEX `category_school_id_key`;
-- reverse: create index "category_school_id" to table: "categories"
DROP INDEX `category_school_id`;
-- reverse: create "categories" table
DROP TABLE `categories`;
-- reverse: create index "auditevent_actor_id_at" to table: "audit_events"
DROP INDEX `auditevent_actor_id_at`;
-- reverse: create index "auditevent_student_id_at" to table: "audit_events"
DROP INDEX `auditevent_student_id_at`;
-- reverse: create index "auditevent_school_id" to table: "audit_events"
DROP INDEX `auditevent_school_id`;
-- reverse: create "audit_events" table
DROP TABLE `audit_events`;
-- reverse: create index "annualreview_student_id_school_year" to table: "annual_reviews"
DROP INDEX `annualreview_student_id_school_year`;
-- reverse: create index "annualreview_school_id" to table: "annual_reviews"
DROP INDEX `annualreview_school_id`;
-- reverse: create "annual_reviews" table
DROP TABLE `annual_reviews`;
-- reverse: create index "actionitem_school_id" to table: "action_items"
DROP INDEX `actionitem_school_id`;
-- reverse: create "action_items" table
DROP TABLE `action_items`;
-- reverse: create index "accounts_email_key" to table: "accounts"
DROP INDEX `accounts_email_key`;
-- reverse: create "accounts" table
DROP TABLE `accounts`;
