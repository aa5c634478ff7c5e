-- +goose Up
-- drop index "conference_one_active_per_window" from table: "conferences"
DROP INDEX "conference_one_active_per_window";
-- create index "conference_one_active_per_window" to table: "conferences"
CREATE UNIQUE INDEX "conference_one_active_per_window" ON "conferences" ("student_id", "window_id") WHERE ((status)::text = ANY ((ARRAY['BOOKED'::character varying, 'CONFIRMED'::character varying])::text[]));
-- create "waitlist_entries" table
CREATE TABLE "waitlist_entries" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "earliest" timestamptz NULL, "latest" timestamptz NULL, "status" character varying NOT NULL DEFAULT 'WAITING', "offer_expires_at" timestamptz NULL, "school_id" character varying NOT NULL, "window_id" character varying NOT NULL, "student_id" character varying NOT NULL, "family_id" character varying NOT NULL, "offered_slot_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "waitlist_entries_accounts_family" FOREIGN KEY ("family_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "waitlist_entries_conference_windows_window" FOREIGN KEY ("window_id") REFERENCES "conference_windows" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "waitlist_entries_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "waitlist_entries_slots_offered_slot" FOREIGN KEY ("offered_slot_id") REFERENCES "slots" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "waitlist_entries_students_student" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "waitlist_one_live_per_window" to table: "waitlist_entries"
CREATE UNIQUE INDEX "waitlist_one_live_per_window" ON "waitlist_entries" ("student_id", "window_id") WHERE ((status)::text = ANY ((ARRAY['WAITING'::character varying, 'OFFERED'::character varying])::text[]));
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
-- reverse: create index "conference_one_active_per_window" to table: "conferences"
DROP INDEX "conference_one_active_per_window";
-- reverse: drop index "conference_one_active_per_window" from table: "conferences"
CREATE UNIQUE INDEX "conference_one_active_per_window" ON "conferences" ("student_id", "window_id") WHERE ((status)::text = ANY (ARRAY[('BOOKED'::character varying)::text, ('CONFIRMED'::character varying)::text]));
