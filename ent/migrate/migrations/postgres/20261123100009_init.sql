-- +goose Up
-- create "accounts" table
CREATE TABLE "accounts" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "email" character varying NOT NULL, "name" character varying NOT NULL, "preferred_language" character varying NOT NULL DEFAULT 'en', "password_hash" character varying NULL, "disabled" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"));
-- create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts" ("email");
-- create "schools" table
CREATE TABLE "schools" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "timezone" character varying NOT NULL DEFAULT 'America/New_York', "locale" character varying NOT NULL DEFAULT 'en-US', "reminder_cadence_days" bigint NOT NULL DEFAULT 14, "quiet_hours_start" character varying NOT NULL DEFAULT '20:00', "quiet_hours_end" character varying NOT NULL DEFAULT '07:00', PRIMARY KEY ("id"));
-- create "categories" table
CREATE TABLE "categories" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "key" character varying NOT NULL, "name" character varying NOT NULL, "description" character varying NULL, "position" bigint NOT NULL DEFAULT 0, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "categories_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "category_school_id" to table: "categories"
CREATE INDEX "category_school_id" ON "categories" ("school_id");
-- create index "category_school_id_key" to table: "categories"
CREATE UNIQUE INDEX "category_school_id_key" ON "categories" ("school_id", "key");
-- create "steps" table
CREATE TABLE "steps" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "description" character varying NULL, "position" bigint NOT NULL DEFAULT 0, "local" boolean NOT NULL DEFAULT false, "category_id" character varying NOT NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "steps_categories_steps" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "steps_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "step_school_id" to table: "steps"
CREATE INDEX "step_school_id" ON "steps" ("school_id");
-- create "action_items" table
CREATE TABLE "action_items" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "due" timestamptz NULL, "status" character varying NOT NULL DEFAULT 'PLANNED', "school_id" character varying NOT NULL, "owner_id" character varying NULL, "step_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "action_items_accounts_owner" FOREIGN KEY ("owner_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "action_items_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "action_items_steps_action_items" FOREIGN KEY ("step_id") REFERENCES "steps" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "actionitem_school_id" to table: "action_items"
CREATE INDEX "actionitem_school_id" ON "action_items" ("school_id");
-- create "students" table
CREATE TABLE "students" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "given_name" character varying NOT NULL, "family_name" character varying NOT NULL, "preferred_name" character varying NOT NULL, "pronouns" character varying NULL, "grade" bigint NOT NULL, "graduation_year" bigint NOT NULL, "birth_date" timestamptz NULL, "identity_statement" character varying NULL, "strengths" jsonb NULL, "interests" jsonb NULL, "learning_preferences" character varying NULL, "cover_image_key" character varying NULL, "theme" character varying NOT NULL DEFAULT 'default', "school_id" character varying NOT NULL, "account_id" character varying NULL, "advisor_id" character varying NULL, "counselor_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "students_accounts_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "students_accounts_advisor" FOREIGN KEY ("advisor_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "students_accounts_counselor" FOREIGN KEY ("counselor_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "students_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "student_account_id" to table: "students"
CREATE UNIQUE INDEX "student_account_id" ON "students" ("account_id");
-- create index "student_advisor_id" to table: "students"
CREATE INDEX "student_advisor_id" ON "students" ("advisor_id");
-- create index "student_counselor_id" to table: "students"
CREATE INDEX "student_counselor_id" ON "students" ("counselor_id");
-- create index "student_school_id" to table: "students"
CREATE INDEX "student_school_id" ON "students" ("school_id");
-- create index "student_school_id_grade" to table: "students"
CREATE INDEX "student_school_id_grade" ON "students" ("school_id", "grade");
-- create "annual_reviews" table
CREATE TABLE "annual_reviews" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "school_year" character varying NOT NULL, "student_signed_at" timestamptz NULL, "staff_signed_at" timestamptz NULL, "guardian_signed_at" timestamptz NULL, "notes" character varying NULL, "school_id" character varying NOT NULL, "staff_signer_id" character varying NULL, "guardian_signer_id" character varying NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "annual_reviews_accounts_guardian_signer" FOREIGN KEY ("guardian_signer_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "annual_reviews_accounts_staff_signer" FOREIGN KEY ("staff_signer_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "annual_reviews_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "annual_reviews_students_annual_reviews" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "annualreview_school_id" to table: "annual_reviews"
CREATE INDEX "annualreview_school_id" ON "annual_reviews" ("school_id");
-- create index "annualreview_student_id_school_year" to table: "annual_reviews"
CREATE UNIQUE INDEX "annualreview_student_id_school_year" ON "annual_reviews" ("student_id", "school_year");
-- create "audit_events" table
CREATE TABLE "audit_events" ("id" character varying NOT NULL, "action" character varying NOT NULL, "subject_type" character varying NOT NULL, "subject_id" character varying NULL, "at" timestamptz NOT NULL, "request_id" character varying NULL, "school_id" character varying NOT NULL, "actor_id" character varying NULL, "student_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "audit_events_accounts_actor" FOREIGN KEY ("actor_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "audit_events_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "audit_events_students_student" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE SET NULL);
-- create index "auditevent_actor_id_at" to table: "audit_events"
CREATE INDEX "auditevent_actor_id_at" ON "audit_events" ("actor_id", "at");
-- create index "auditevent_school_id" to table: "audit_events"
CREATE INDEX "auditevent_school_id" ON "audit_events" ("school_id");
-- create index "auditevent_student_id_at" to table: "audit_events"
CREATE INDEX "auditevent_student_id_at" ON "audit_events" ("student_id", "at");
-- create "collections" table
CREATE TABLE "collections" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "description" character varying NULL, "audience" character varying NULL, "school_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "collections_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "collections_students_collections" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "collection_school_id" to table: "collections"
CREATE INDEX "collection_school_id" ON "collections" ("school_id");
-- create "evidences" table
CREATE TABLE "evidences" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "description" character varying NULL, "kind" character varying NOT NULL, "blob_key" character varying NULL, "content_type" character varying NULL, "size" bigint NULL, "sha256" character varying NULL, "url" character varying NULL, "body" character varying NULL, "in_school" boolean NOT NULL DEFAULT true, "occurred_on" timestamptz NOT NULL, "visibility" character varying NOT NULL DEFAULT 'PRIVATE', "school_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "evidences_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "evidences_students_evidence" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "evidence_blob_key" to table: "evidences"
CREATE INDEX "evidence_blob_key" ON "evidences" ("blob_key");
-- create index "evidence_school_id" to table: "evidences"
CREATE INDEX "evidence_school_id" ON "evidences" ("school_id");
-- create index "evidence_student_id_occurred_on" to table: "evidences"
CREATE INDEX "evidence_student_id_occurred_on" ON "evidences" ("student_id", "occurred_on");
-- create "collection_evidence" table
CREATE TABLE "collection_evidence" ("collection_id" character varying NOT NULL, "evidence_id" character varying NOT NULL, PRIMARY KEY ("collection_id", "evidence_id"), CONSTRAINT "collection_evidence_collection_id" FOREIGN KEY ("collection_id") REFERENCES "collections" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "collection_evidence_evidence_id" FOREIGN KEY ("evidence_id") REFERENCES "evidences" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "goals" table
CREATE TABLE "goals" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "area" character varying NOT NULL, "area_name" character varying NULL, "title" character varying NOT NULL, "why" character varying NULL, "success_criteria" character varying NULL, "next_steps" character varying NULL, "term" character varying NOT NULL DEFAULT 'SHORT', "target_date" timestamptz NULL, "status" character varying NOT NULL DEFAULT 'DRAFT', "progress" bigint NOT NULL DEFAULT 0, "school_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "goals_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "goals_students_goals" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "goal_school_id" to table: "goals"
CREATE INDEX "goal_school_id" ON "goals" ("school_id");
-- create index "goal_student_id_status" to table: "goals"
CREATE INDEX "goal_student_id_status" ON "goals" ("student_id", "status");
-- create "collection_goals" table
CREATE TABLE "collection_goals" ("collection_id" character varying NOT NULL, "goal_id" character varying NOT NULL, PRIMARY KEY ("collection_id", "goal_id"), CONSTRAINT "collection_goals_collection_id" FOREIGN KEY ("collection_id") REFERENCES "collections" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "collection_goals_goal_id" FOREIGN KEY ("goal_id") REFERENCES "goals" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "conference_windows" table
CREATE TABLE "conference_windows" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "term" character varying NOT NULL, "opens_at" timestamptz NOT NULL, "closes_at" timestamptz NOT NULL, "slot_minutes" bigint NOT NULL DEFAULT 20, "buffer_minutes" bigint NOT NULL DEFAULT 5, "cancel_cutoff_hours" bigint NOT NULL DEFAULT 24, "location" character varying NULL, "video_url" character varying NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "conference_windows_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "conferencewindow_school_id" to table: "conference_windows"
CREATE INDEX "conferencewindow_school_id" ON "conference_windows" ("school_id");
-- create "slots" table
CREATE TABLE "slots" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "starts_at" timestamptz NOT NULL, "ends_at" timestamptz NOT NULL, "location" character varying NULL, "video_url" character varying NULL, "capacity" bigint NOT NULL DEFAULT 1, "blocked" boolean NOT NULL DEFAULT false, "interpreter_language" character varying NULL, "window_id" character varying NOT NULL, "school_id" character varying NOT NULL, "host_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "slots_accounts_host" FOREIGN KEY ("host_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "slots_conference_windows_slots" FOREIGN KEY ("window_id") REFERENCES "conference_windows" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "slots_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "slot_school_id" to table: "slots"
CREATE INDEX "slot_school_id" ON "slots" ("school_id");
-- create index "slot_window_id_host_id_starts_at" to table: "slots"
CREATE UNIQUE INDEX "slot_window_id_host_id_starts_at" ON "slots" ("window_id", "host_id", "starts_at");
-- create "conferences" table
CREATE TABLE "conferences" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "status" character varying NOT NULL DEFAULT 'BOOKED', "interpreter_language" character varying NULL, "accommodations" character varying NULL, "agenda" character varying NULL, "notes" character varying NULL, "next_steps" character varying NULL, "school_id" character varying NOT NULL, "window_id" character varying NOT NULL, "slot_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "conferences_conference_windows_conferences" FOREIGN KEY ("window_id") REFERENCES "conference_windows" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "conferences_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "conferences_slots_conferences" FOREIGN KEY ("slot_id") REFERENCES "slots" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "conferences_students_conferences" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "conference_school_id" to table: "conferences"
CREATE INDEX "conference_school_id" ON "conferences" ("school_id");
-- create index "conference_slot_id_status" to table: "conferences"
CREATE INDEX "conference_slot_id_status" ON "conferences" ("slot_id", "status");
-- create index "conference_student_id_window_id" to table: "conferences"
CREATE INDEX "conference_student_id_window_id" ON "conferences" ("student_id", "window_id");
-- create "reflections" table
CREATE TABLE "reflections" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "prompt" character varying NULL, "body" character varying NOT NULL, "source" character varying NOT NULL DEFAULT 'FREE', "conference_id" character varying NULL, "evidence_id" character varying NULL, "goal_id" character varying NULL, "school_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "reflections_conferences_reflections" FOREIGN KEY ("conference_id") REFERENCES "conferences" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "reflections_evidences_reflections" FOREIGN KEY ("evidence_id") REFERENCES "evidences" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "reflections_goals_reflections" FOREIGN KEY ("goal_id") REFERENCES "goals" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "reflections_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "reflections_students_reflections" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "reflection_school_id" to table: "reflections"
CREATE INDEX "reflection_school_id" ON "reflections" ("school_id");
-- create index "reflection_student_id_created_at" to table: "reflections"
CREATE INDEX "reflection_student_id_created_at" ON "reflections" ("student_id", "created_at");
-- create "collection_reflections" table
CREATE TABLE "collection_reflections" ("collection_id" character varying NOT NULL, "reflection_id" character varying NOT NULL, PRIMARY KEY ("collection_id", "reflection_id"), CONSTRAINT "collection_reflections_collection_id" FOREIGN KEY ("collection_id") REFERENCES "collections" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "collection_reflections_reflection_id" FOREIGN KEY ("reflection_id") REFERENCES "reflections" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "comments" table
CREATE TABLE "comments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "body" character varying NOT NULL, "school_id" character varying NOT NULL, "author_id" character varying NOT NULL, "evidence_id" character varying NULL, "goal_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "comments_accounts_author" FOREIGN KEY ("author_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "comments_evidences_comments" FOREIGN KEY ("evidence_id") REFERENCES "evidences" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "comments_goals_comments" FOREIGN KEY ("goal_id") REFERENCES "goals" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "comments_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "comment_school_id" to table: "comments"
CREATE INDEX "comment_school_id" ON "comments" ("school_id");
-- create "conference_attendees" table
CREATE TABLE "conference_attendees" ("conference_id" character varying NOT NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("conference_id", "account_id"), CONSTRAINT "conference_attendees_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "conference_attendees_conference_id" FOREIGN KEY ("conference_id") REFERENCES "conferences" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "conference_window_hosts" table
CREATE TABLE "conference_window_hosts" ("conference_window_id" character varying NOT NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("conference_window_id", "account_id"), CONSTRAINT "conference_window_hosts_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "conference_window_hosts_conference_window_id" FOREIGN KEY ("conference_window_id") REFERENCES "conference_windows" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "endorsement_requests" table
CREATE TABLE "endorsement_requests" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "message" character varying NULL, "status" character varying NOT NULL DEFAULT 'PENDING', "expires_at" timestamptz NOT NULL, "responded_at" timestamptz NULL, "decline_reason" character varying NULL, "school_id" character varying NOT NULL, "partner_id" character varying NOT NULL, "evidence_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "endorsement_requests_accounts_partner" FOREIGN KEY ("partner_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "endorsement_requests_evidences_endorsement_requests" FOREIGN KEY ("evidence_id") REFERENCES "evidences" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "endorsement_requests_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "endorsement_requests_students_endorsement_requests" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "endorsementrequest_evidence_id" to table: "endorsement_requests"
CREATE INDEX "endorsementrequest_evidence_id" ON "endorsement_requests" ("evidence_id");
-- create index "endorsementrequest_partner_id_status" to table: "endorsement_requests"
CREATE INDEX "endorsementrequest_partner_id_status" ON "endorsement_requests" ("partner_id", "status");
-- create index "endorsementrequest_school_id" to table: "endorsement_requests"
CREATE INDEX "endorsementrequest_school_id" ON "endorsement_requests" ("school_id");
-- create "endorsements" table
CREATE TABLE "endorsements" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "statement" character varying NOT NULL, "issued_at" timestamptz NOT NULL, "revoked_at" timestamptz NULL, "school_id" character varying NOT NULL, "partner_id" character varying NOT NULL, "request_id" character varying NOT NULL, "evidence_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "endorsements_accounts_partner" FOREIGN KEY ("partner_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "endorsements_endorsement_requests_endorsement" FOREIGN KEY ("request_id") REFERENCES "endorsement_requests" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "endorsements_evidences_endorsements" FOREIGN KEY ("evidence_id") REFERENCES "evidences" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "endorsements_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "endorsement_school_id" to table: "endorsements"
CREATE INDEX "endorsement_school_id" ON "endorsements" ("school_id");
-- create index "endorsements_request_id_key" to table: "endorsements"
CREATE UNIQUE INDEX "endorsements_request_id_key" ON "endorsements" ("request_id");
-- create "frameworks" table
CREATE TABLE "frameworks" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "version" character varying NOT NULL DEFAULT '1', "description" character varying NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "frameworks_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "framework_school_id" to table: "frameworks"
CREATE INDEX "framework_school_id" ON "frameworks" ("school_id");
-- create index "framework_school_id_name_version" to table: "frameworks"
CREATE UNIQUE INDEX "framework_school_id_name_version" ON "frameworks" ("school_id", "name", "version");
-- create "skills" table
CREATE TABLE "skills" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "code" character varying NOT NULL, "name" character varying NOT NULL, "description" character varying NULL, "kind" character varying NOT NULL DEFAULT 'TRANSFERABLE', "position" bigint NOT NULL DEFAULT 0, "framework_id" character varying NOT NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "skills_frameworks_skills" FOREIGN KEY ("framework_id") REFERENCES "frameworks" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "skills_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "skill_framework_id_code" to table: "skills"
CREATE UNIQUE INDEX "skill_framework_id_code" ON "skills" ("framework_id", "code");
-- create index "skill_school_id" to table: "skills"
CREATE INDEX "skill_school_id" ON "skills" ("school_id");
-- create "endorsement_skills" table
CREATE TABLE "endorsement_skills" ("endorsement_id" character varying NOT NULL, "skill_id" character varying NOT NULL, PRIMARY KEY ("endorsement_id", "skill_id"), CONSTRAINT "endorsement_skills_endorsement_id" FOREIGN KEY ("endorsement_id") REFERENCES "endorsements" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "endorsement_skills_skill_id" FOREIGN KEY ("skill_id") REFERENCES "skills" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "evidence_goals" table
CREATE TABLE "evidence_goals" ("evidence_id" character varying NOT NULL, "goal_id" character varying NOT NULL, PRIMARY KEY ("evidence_id", "goal_id"), CONSTRAINT "evidence_goals_evidence_id" FOREIGN KEY ("evidence_id") REFERENCES "evidences" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "evidence_goals_goal_id" FOREIGN KEY ("goal_id") REFERENCES "goals" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "evidence_skills" table
CREATE TABLE "evidence_skills" ("evidence_id" character varying NOT NULL, "skill_id" character varying NOT NULL, PRIMARY KEY ("evidence_id", "skill_id"), CONSTRAINT "evidence_skills_evidence_id" FOREIGN KEY ("evidence_id") REFERENCES "evidences" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "evidence_skills_skill_id" FOREIGN KEY ("skill_id") REFERENCES "skills" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "goal_skills" table
CREATE TABLE "goal_skills" ("goal_id" character varying NOT NULL, "skill_id" character varying NOT NULL, PRIMARY KEY ("goal_id", "skill_id"), CONSTRAINT "goal_skills_goal_id" FOREIGN KEY ("goal_id") REFERENCES "goals" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "goal_skills_skill_id" FOREIGN KEY ("skill_id") REFERENCES "skills" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "guardianships" table
CREATE TABLE "guardianships" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "relationship" character varying NOT NULL, "can_book" boolean NOT NULL DEFAULT true, "receives_mail" boolean NOT NULL DEFAULT true, "ends_at" timestamptz NULL, "school_id" character varying NOT NULL, "family_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "guardianships_accounts_family" FOREIGN KEY ("family_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "guardianships_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "guardianships_students_guardianships" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "guardianship_family_id" to table: "guardianships"
CREATE INDEX "guardianship_family_id" ON "guardianships" ("family_id");
-- create index "guardianship_school_id" to table: "guardianships"
CREATE INDEX "guardianship_school_id" ON "guardianships" ("school_id");
-- create index "guardianship_student_id_family_id" to table: "guardianships"
CREATE UNIQUE INDEX "guardianship_student_id_family_id" ON "guardianships" ("student_id", "family_id");
-- create "memberships" table
CREATE TABLE "memberships" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "role" character varying NOT NULL, "account_id" character varying NOT NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "memberships_accounts_memberships" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "memberships_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "membership_account_id_school_id_role" to table: "memberships"
CREATE UNIQUE INDEX "membership_account_id_school_id_role" ON "memberships" ("account_id", "school_id", "role");
-- create index "membership_school_id" to table: "memberships"
CREATE INDEX "membership_school_id" ON "memberships" ("school_id");
-- create "milestones" table
CREATE TABLE "milestones" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "position" bigint NOT NULL DEFAULT 0, "due" timestamptz NULL, "done_at" timestamptz NULL, "goal_id" character varying NOT NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "milestones_goals_milestones" FOREIGN KEY ("goal_id") REFERENCES "goals" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "milestones_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "milestone_goal_id_position" to table: "milestones"
CREATE INDEX "milestone_goal_id_position" ON "milestones" ("goal_id", "position");
-- create index "milestone_school_id" to table: "milestones"
CREATE INDEX "milestone_school_id" ON "milestones" ("school_id");
-- create "notifications" table
CREATE TABLE "notifications" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "channel" character varying NOT NULL DEFAULT 'EMAIL', "kind" character varying NOT NULL, "idempotency_key" character varying NOT NULL, "payload" jsonb NULL, "not_before" timestamptz NOT NULL, "attempts" bigint NOT NULL DEFAULT 0, "sent_at" timestamptz NULL, "last_error" character varying NULL, "school_id" character varying NOT NULL, "recipient_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "notifications_accounts_recipient" FOREIGN KEY ("recipient_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "notifications_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "notification_school_id" to table: "notifications"
CREATE INDEX "notification_school_id" ON "notifications" ("school_id");
-- create index "notification_sent_at_not_before" to table: "notifications"
CREATE INDEX "notification_sent_at_not_before" ON "notifications" ("sent_at", "not_before");
-- create index "notifications_idempotency_key_key" to table: "notifications"
CREATE UNIQUE INDEX "notifications_idempotency_key_key" ON "notifications" ("idempotency_key");
-- create "partnerships" table
CREATE TABLE "partnerships" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "organization" character varying NOT NULL, "description" character varying NULL, "scope" character varying NOT NULL DEFAULT 'SHARED_ITEMS', "starts_on" timestamptz NOT NULL, "ends_on" timestamptz NULL, "school_id" character varying NOT NULL, "partner_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "partnerships_accounts_partner" FOREIGN KEY ("partner_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "partnerships_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "partnerships_students_partnerships" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "partnership_partner_id" to table: "partnerships"
CREATE INDEX "partnership_partner_id" ON "partnerships" ("partner_id");
-- create index "partnership_school_id" to table: "partnerships"
CREATE INDEX "partnership_school_id" ON "partnerships" ("school_id");
-- create index "partnership_student_id_partner_id_organization" to table: "partnerships"
CREATE UNIQUE INDEX "partnership_student_id_partner_id_organization" ON "partnerships" ("student_id", "partner_id", "organization");
-- create "requirements" table
CREATE TABLE "requirements" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "grade" bigint NOT NULL, "title" character varying NOT NULL, "description" character varying NULL, "due_on" timestamptz NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "requirements_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "requirement_school_id" to table: "requirements"
CREATE INDEX "requirement_school_id" ON "requirements" ("school_id");
-- create "resources" table
CREATE TABLE "resources" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "kind" character varying NOT NULL, "url" character varying NULL, "audience" character varying NULL, "local" boolean NOT NULL DEFAULT false, "school_id" character varying NOT NULL, "step_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "resources_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "resources_steps_resources" FOREIGN KEY ("step_id") REFERENCES "steps" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "resource_school_id" to table: "resources"
CREATE INDEX "resource_school_id" ON "resources" ("school_id");
-- create "sections" table
CREATE TABLE "sections" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "position" bigint NOT NULL DEFAULT 0, "blocks" jsonb NULL, "school_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sections_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "sections_students_sections" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "section_school_id" to table: "sections"
CREATE INDEX "section_school_id" ON "sections" ("school_id");
-- create index "section_student_id_position" to table: "sections"
CREATE INDEX "section_student_id_position" ON "sections" ("student_id", "position");
-- create "self_assessments" table
CREATE TABLE "self_assessments" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "level" character varying NOT NULL, "note" character varying NULL, "taken_at" timestamptz NOT NULL, "school_id" character varying NOT NULL, "skill_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "self_assessments_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "self_assessments_skills_skill" FOREIGN KEY ("skill_id") REFERENCES "skills" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "self_assessments_students_self_assessments" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "selfassessment_school_id" to table: "self_assessments"
CREATE INDEX "selfassessment_school_id" ON "self_assessments" ("school_id");
-- create index "selfassessment_student_id_skill_id_taken_at" to table: "self_assessments"
CREATE INDEX "selfassessment_student_id_skill_id_taken_at" ON "self_assessments" ("student_id", "skill_id", "taken_at");
-- create "sessions" table
CREATE TABLE "sessions" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "expires_at" timestamptz NOT NULL, "revoked_at" timestamptz NULL, "last_seen_at" timestamptz NULL, "user_agent" character varying NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sessions_accounts_sessions" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "session_account_id" to table: "sessions"
CREATE INDEX "session_account_id" ON "sessions" ("account_id");
-- create index "sessions_token_hash_key" to table: "sessions"
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash");
-- create "share_links" table
CREATE TABLE "share_links" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "starts_at" timestamptz NOT NULL, "ends_at" timestamptz NULL, "revoked_at" timestamptz NULL, "collection_id" character varying NOT NULL, "school_id" character varying NOT NULL, "created_by_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "share_links_accounts_created_by" FOREIGN KEY ("created_by_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "share_links_collections_share_links" FOREIGN KEY ("collection_id") REFERENCES "collections" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "share_links_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "share_links_token_hash_key" to table: "share_links"
CREATE UNIQUE INDEX "share_links_token_hash_key" ON "share_links" ("token_hash");
-- create index "sharelink_collection_id" to table: "share_links"
CREATE INDEX "sharelink_collection_id" ON "share_links" ("collection_id");
-- create index "sharelink_school_id" to table: "share_links"
CREATE INDEX "sharelink_school_id" ON "share_links" ("school_id");
-- create "stations" table
CREATE TABLE "stations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "class_name" character varying NULL, "token_hash" bytea NULL, "active" boolean NOT NULL DEFAULT true, "last_used_at" timestamptz NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "stations_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "station_school_id" to table: "stations"
CREATE INDEX "station_school_id" ON "stations" ("school_id");
-- create index "stations_token_hash_key" to table: "stations"
CREATE UNIQUE INDEX "stations_token_hash_key" ON "stations" ("token_hash");
-- create "station_students" table
CREATE TABLE "station_students" ("station_id" character varying NOT NULL, "student_id" character varying NOT NULL, PRIMARY KEY ("station_id", "student_id"), CONSTRAINT "station_students_station_id" FOREIGN KEY ("station_id") REFERENCES "stations" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "station_students_student_id" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create "surveys" table
CREATE TABLE "surveys" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "title" character varying NOT NULL, "taken_at" timestamptz NOT NULL, "closed_at" timestamptz NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "surveys_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "survey_school_id" to table: "surveys"
CREATE INDEX "survey_school_id" ON "surveys" ("school_id");
-- create "survey_responses" table
CREATE TABLE "survey_responses" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "rating" character varying NOT NULL, "note" character varying NULL, "evidence" character varying NULL, "step_id" character varying NOT NULL, "survey_id" character varying NOT NULL, "school_id" character varying NOT NULL, "respondent_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "survey_responses_accounts_respondent" FOREIGN KEY ("respondent_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "survey_responses_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "survey_responses_steps_responses" FOREIGN KEY ("step_id") REFERENCES "steps" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "survey_responses_surveys_responses" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "surveyresponse_school_id" to table: "survey_responses"
CREATE INDEX "surveyresponse_school_id" ON "survey_responses" ("school_id");
-- create index "surveyresponse_survey_id_step_id_respondent_id" to table: "survey_responses"
CREATE UNIQUE INDEX "surveyresponse_survey_id_step_id_respondent_id" ON "survey_responses" ("survey_id", "step_id", "respondent_id");

-- +goose Down
-- reverse: create index "surveyresponse_survey_id_step_id_respondent_id" to table: "survey_responses"
DROP INDEX "surveyresponse_survey_id_step_id_respondent_id";
-- reverse: create index "surveyresponse_school_id" to table: "survey_responses"
DROP INDEX "surveyresponse_school_id";
-- reverse: create "survey_responses" table
DROP TABLE "survey_responses";
-- reverse: create index "survey_school_id" to table: "surveys"
DROP INDEX "survey_school_id";
-- reverse: create "surveys" table
DROP TABLE "surveys";
-- reverse: create "station_students" table
DROP TABLE "station_students";
-- reverse: create index "stations_token_hash_key" to table: "stations"
DROP INDEX "stations_token_hash_key";
-- reverse: create index "station_school_id" to table: "stations"
DROP INDEX "station_school_id";
-- reverse: create "stations" table
DROP TABLE "stations";
-- reverse: create index "sharelink_school_id" to table: "share_links"
DROP INDEX "sharelink_school_id";
-- reverse: create index "sharelink_collection_id" to table: "share_links"
DROP INDEX "sharelink_collection_id";
-- reverse: create index "share_links_token_hash_key" to table: "share_links"
DROP INDEX "share_links_token_hash_key";
-- reverse: create "share_links" table
DROP TABLE "share_links";
-- reverse: create index "sessions_token_hash_key" to table: "sessions"
DROP INDEX "sessions_token_hash_key";
-- reverse: create index "session_account_id" to table: "sessions"
DROP INDEX "session_account_id";
-- reverse: create "sessions" table
DROP TABLE "sessions";
-- reverse: create index "selfassessment_student_id_skill_id_taken_at" to table: "self_assessments"
DROP INDEX "selfassessment_student_id_skill_id_taken_at";
-- reverse: create index "selfassessment_school_id" to table: "self_assessments"
DROP INDEX "selfassessment_school_id";
-- reverse: create "self_assessments" table
DROP TABLE "self_assessments";
-- reverse: create index "section_student_id_position" to table: "sections"
DROP INDEX "section_student_id_position";
-- reverse: create index "section_school_id" to table: "sections"
DROP INDEX "section_school_id";
-- reverse: create "sections" table
DROP TABLE "sections";
-- reverse: create index "resource_school_id" to table: "resources"
DROP INDEX "resource_school_id";
-- reverse: create "resources" table
DROP TABLE "resources";
-- reverse: create index "requirement_school_id" to table: "requirements"
DROP INDEX "requirement_school_id";
-- reverse: create "requirements" table
DROP TABLE "requirements";
-- reverse: create index "partnership_student_id_partner_id_organization" to table: "partnerships"
DROP INDEX "partnership_student_id_partner_id_organization";
-- reverse: create index "partnership_school_id" to table: "partnerships"
DROP INDEX "partnership_school_id";
-- reverse: create index "partnership_partner_id" to table: "partnerships"
DROP INDEX "partnership_partner_id";
-- reverse: create "partnerships" table
DROP TABLE "partnerships";
-- reverse: create index "notifications_idempotency_key_key" to table: "notifications"
DROP INDEX "notifications_idempotency_key_key";
-- reverse: create index "notification_sent_at_not_before" to table: "notifications"
DROP INDEX "notification_sent_at_not_before";
-- reverse: create index "notification_school_id" to table: "notifications"
DROP INDEX "notification_school_id";
-- reverse: create "notifications" table
DROP TABLE "notifications";
-- reverse: create index "milestone_school_id" to table: "milestones"
DROP INDEX "milestone_school_id";
-- reverse: create index "milestone_goal_id_position" to table: "milestones"
DROP INDEX "milestone_goal_id_position";
-- reverse: create "milestones" table
DROP TABLE "milestones";
-- reverse: create index "membership_school_id" to table: "memberships"
DROP INDEX "membership_school_id";
-- reverse: create index "membership_account_id_school_id_role" to table: "memberships"
DROP INDEX "membership_account_id_school_id_role";
-- reverse: create "memberships" table
DROP TABLE "memberships";
-- reverse: create index "guardianship_student_id_family_id" to table: "guardianships"
DROP INDEX "guardianship_student_id_family_id";
-- reverse: create index "guardianship_school_id" to table: "guardianships"
DROP INDEX "guardianship_school_id";
-- reverse: create index "guardianship_family_id" to table: "guardianships"
DROP INDEX "guardianship_family_id";
-- reverse: create "guardianships" table
DROP TABLE "guardianships";
-- reverse: create "goal_skills" table
DROP TABLE "goal_skills";
-- reverse: create "evidence_skills" table
DROP TABLE "evidence_skills";
-- reverse: create "evidence_goals" table
DROP TABLE "evidence_goals";
-- reverse: create "endorsement_skills" table
DROP TABLE "endorsement_skills";
-- reverse: create index "skill_school_id" to table: "skills"
DROP INDEX "skill_school_id";
-- reverse: create index "skill_framework_id_code" to table: "skills"
DROP INDEX "skill_framework_id_code";
-- reverse: create "skills" table
DROP TABLE "skills";
-- reverse: create index "framework_school_id_name_version" to table: "frameworks"
DROP INDEX "framework_school_id_name_version";
-- reverse: create index "framework_school_id" to table: "frameworks"
DROP INDEX "framework_school_id";
-- reverse: create "frameworks" table
DROP TABLE "frameworks";
-- reverse: create index "endorsements_request_id_key" to table: "endorsements"
DROP INDEX "endorsements_request_id_key";
-- reverse: create index "endorsement_school_id" to table: "endorsements"
DROP INDEX "endorsement_school_id";
-- reverse: create "endorsements" table
DROP TABLE "endorsements";
-- reverse: create index "endorsementrequest_school_id" to table: "endorsement_requests"
DROP INDEX "endorsementrequest_school_id";
-- reverse: create index "endorsementrequest_partner_id_status" to table: "endorsement_requests"
DROP INDEX "endorsementrequest_partner_id_status";
-- reverse: create index "endorsementrequest_evidence_id" to table: "endorsement_requests"
DROP INDEX "endorsementrequest_evidence_id";
-- reverse: create "endorsement_requests" table
DROP TABLE "endorsement_requests";
-- reverse: create "conference_window_hosts" table
DROP TABLE "conference_window_hosts";
-- reverse: create "conference_attendees" table
DROP TABLE "conference_attendees";
-- reverse: create index "comment_school_id" to table: "comments"
DROP INDEX "comment_school_id";
-- reverse: create "comments" table
DROP TABLE "comments";
-- reverse: create "collection_reflections" table
DROP TABLE "collection_reflections";
-- reverse: create index "reflection_student_id_created_at" to table: "reflections"
DROP INDEX "reflection_student_id_created_at";
-- reverse: create index "reflection_school_id" to table: "reflections"
DROP INDEX "reflection_school_id";
-- reverse: create "reflections" table
DROP TABLE "reflections";
-- reverse: create index "conference_student_id_window_id" to table: "conferences"
DROP INDEX "conference_student_id_window_id";
-- reverse: create index "conference_slot_id_status" to table: "conferences"
DROP INDEX "conference_slot_id_status";
-- reverse: create index "conference_school_id" to table: "conferences"
DROP INDEX "conference_school_id";
-- reverse: create "conferences" table
DROP TABLE "conferences";
-- reverse: create index "slot_window_id_host_id_starts_at" to table: "slots"
DROP INDEX "slot_window_id_host_id_starts_at";
-- reverse: create index "slot_school_id" to table: "slots"
DROP INDEX "slot_school_id";
-- reverse: create "slots" table
DROP TABLE "slots";
-- reverse: create index "conferencewindow_school_id" to table: "conference_windows"
DROP INDEX "conferencewindow_school_id";
-- reverse: create "conference_windows" table
DROP TABLE "conference_windows";
-- reverse: create "collection_goals" table
DROP TABLE "collection_goals";
-- reverse: create index "goal_student_id_status" to table: "goals"
DROP INDEX "goal_student_id_status";
-- reverse: create index "goal_school_id" to table: "goals"
DROP INDEX "goal_school_id";
-- reverse: create "goals" table
DROP TABLE "goals";
-- reverse: create "collection_evidence" table
DROP TABLE "collection_evidence";
-- reverse: create index "evidence_student_id_occurred_on" to table: "evidences"
DROP INDEX "evidence_student_id_occurred_on";
-- reverse: create index "evidence_school_id" to table: "evidences"
DROP INDEX "evidence_school_id";
-- reverse: create index "evidence_blob_key" to table: "evidences"
DROP INDEX "evidence_blob_key";
-- reverse: create "evidences" table
DROP TABLE "evidences";
-- reverse: create index "collection_school_id" to table: "collections"
DROP INDEX "collection_school_id";
-- reverse: create "collections" table
DROP TABLE "collections";
-- reverse: create index "auditevent_student_id_at" to table: "audit_events"
DROP INDEX "auditevent_student_id_at";
-- reverse: create index "auditevent_school_id" to table: "audit_events"
DROP INDEX "auditevent_school_id";
-- reverse: create index "auditevent_actor_id_at" to table: "audit_events"
DROP INDEX "auditevent_actor_id_at";
-- reverse: create "audit_events" table
DROP TABLE "audit_events";
-- reverse: create index "annualreview_student_id_school_year" to table: "annual_reviews"
DROP INDEX "annualreview_student_id_school_year";
-- reverse: create index "annualreview_school_id" to table: "annual_reviews"
DROP INDEX "annualreview_school_id";
-- reverse: create "annual_reviews" table
DROP TABLE "annual_reviews";
-- reverse: create index "student_school_id_grade" to table: "students"
DROP INDEX "student_school_id_grade";
-- reverse: create index "student_school_id" to table: "students"
DROP INDEX "student_school_id";
-- reverse: create index "student_counselor_id" to table: "students"
DROP INDEX "student_counselor_id";
-- reverse: create index "student_advisor_id" to table: "students"
DROP INDEX "student_advisor_id";
-- reverse: create index "student_account_id" to table: "students"
DROP INDEX "student_account_id";
-- reverse: create "students" table
DROP TABLE "students";
-- reverse: create index "actionitem_school_id" to table: "action_items"
DROP INDEX "actionitem_school_id";
-- reverse: create "action_items" table
DROP TABLE "action_items";
-- reverse: create index "step_school_id" to table: "steps"
DROP INDEX "step_school_id";
-- reverse: create "steps" table
DROP TABLE "steps";
-- reverse: create index "category_school_id_key" to table: "categories"
DROP INDEX "category_school_id_key";
-- reverse: create index "category_school_id" to table: "categories"
DROP INDEX "category_school_id";
-- reverse: create "categories" table
DROP TABLE "categories";
-- reverse: create "schools" table
DROP TABLE "schools";
-- reverse: create index "accounts_email_key" to table: "accounts"
DROP INDEX "accounts_email_key";
-- reverse: create "accounts" table
DROP TABLE "accounts";
