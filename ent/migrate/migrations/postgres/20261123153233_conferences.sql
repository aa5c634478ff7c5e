-- +goose Up
-- modify "conferences" table
ALTER TABLE "conferences" ADD COLUMN "notes_shared" boolean NOT NULL DEFAULT false, ADD COLUMN "questions" character varying NULL, ADD COLUMN "questions_private" boolean NOT NULL DEFAULT false, ADD COLUMN "sequence" bigint NOT NULL DEFAULT 0, ADD COLUMN "family_feedback" character varying NULL, ADD COLUMN "student_feedback" character varying NULL, ADD COLUMN "booked_by_id" character varying NULL, ADD COLUMN "cancelled_at" timestamptz NULL;
-- create index "conference_one_active_per_window" to table: "conferences"
CREATE UNIQUE INDEX "conference_one_active_per_window" ON "conferences" ("student_id", "window_id") WHERE (((status)::text = 'BOOKED'::text) OR ((status)::text = 'CONFIRMED'::text));
-- create "calendar_feeds" table
CREATE TABLE "calendar_feeds" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "revoked_at" timestamptz NULL, "school_id" character varying NOT NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "calendar_feeds_accounts_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "calendar_feeds_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds" ("token_hash");
-- create index "calendarfeed_school_id" to table: "calendar_feeds"
CREATE INDEX "calendarfeed_school_id" ON "calendar_feeds" ("school_id");
-- modify "slots" table
ALTER TABLE "slots" ADD COLUMN "booked" bigint NOT NULL DEFAULT 0;
-- create "waitlist_entries" table
CREATE TABLE "waitlist_entries" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "earliest" timestamptz NULL, "latest" timestamptz NULL, "status" character varying NOT NULL DEFAULT 'WAITING', "offer_expires_at" timestamptz NULL, "school_id" character varying NOT NULL, "window_id" character varying NOT NULL, "student_id" character varying NOT NULL, "family_id" character varying NOT NULL, "offered_slot_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "waitlist_entries_accounts_family" FOREIGN KEY ("family_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "waitlist_entries_conference_windows_window" FOREIGN KEY ("window_id") REFERENCES "conference_windows" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "waitlist_entries_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "waitlist_entries_slots_offered_slot" FOREIGN KEY ("offered_slot_id") REFERENCES "slots" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "waitlist_entries_students_student" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "waitlist_one_live_per_window" to table: "waitlist_entries"
CREATE UNIQUE INDEX "waitlist_one_live_per_window" ON "waitlist_entries" ("student_id", "window_id") WHERE (((status)::text = 'WAITING'::text) OR ((status)::text = 'OFFERED'::text));
-- create index "waitlistentry_school_id" to table: "waitlist_entries"
CREATE INDEX "waitlistentry_school_id" ON "waitlist_entries" ("school_id");
-- create index "waitlistentry_window_id_status_created_at" to table: "waitlist_entries"
CREATE INDEX "waitlistentry_window_id_status_created_at" ON "waitlist_entries" ("window_id", "status", "created_at");

-- +goose Down
-- reverse: create index "waitlistentry_window_id_status_created_at" to table: "waitlist_entries"
DROP INDEX "waitlistentry_window_id_status_created_at";
-- reverse: create index "waitlistentry_school_id" to table: "waitlist_entries"
DROP INDEX "waitlistentry_school_id";
-- reverse: create index "waitlist_one_live_per_window" to table: "waitlist_entries"
DROP INDEX "waitlist_one_live_per_window";
-- reverse: create "waitlist_entries" table
DROP TABLE "waitlist_entries";
-- reverse: modify "slots" table
ALTER TABLE "slots" DROP COLUMN "booked";
-- reverse: create index "calendarfeed_school_id" to table: "calendar_feeds"
DROP INDEX "calendarfeed_school_id";
-- reverse: create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
DROP INDEX "calendar_feeds_token_hash_key";
-- reverse: create "calendar_feeds" table
DROP TABLE "calendar_feeds";
-- reverse: create index "conference_one_active_per_window" to table: "conferences"
DROP INDEX "conference_one_active_per_window";
-- reverse: modify "conferences" table
ALTER TABLE "conferences" DROP COLUMN "cancelled_at", DROP COLUMN "booked_by_id", DROP COLUMN "student_feedback", DROP COLUMN "family_feedback", DROP COLUMN "sequence", DROP COLUMN "questions_private", DROP COLUMN "questions", DROP COLUMN "notes_shared";
