-- +goose Up
-- drop index "conference_one_active_per_window" from table: "conferences"
DROP INDEX "conference_one_active_per_window";
-- create index "conference_one_active_per_window" to table: "conferences"
CREATE UNIQUE INDEX "conference_one_active_per_window" ON "conferences" ("student_id", "window_id") WHERE ((status)::text = ANY ((ARRAY['BOOKED'::character varying, 'CONFIRMED'::character varying])::text[]));
-- drop index "waitlist_one_live_per_window" from table: "waitlist_entries"
DROP INDEX "waitlist_one_live_per_window";
-- create index "waitlist_one_live_per_window" to table: "waitlist_entries"
CREATE UNIQUE INDEX "waitlist_one_live_per_window" ON "waitlist_entries" ("student_id", "window_id") WHERE ((status)::text = ANY ((ARRAY['WAITING'::character varying, 'OFFERED'::character varying])::text[]));
-- create "calendar_feeds" table
CREATE TABLE "calendar_feeds" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "revoked_at" timestamptz NULL, "school_id" character varying NOT NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "calendar_feeds_accounts_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "calendar_feeds_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds" ("token_hash");
-- create index "calendarfeed_school_id" to table: "calendar_feeds"
CREATE INDEX "calendarfeed_school_id" ON "calendar_feeds" ("school_id");

-- +goose Down
-- reverse: create index "calendarfeed_school_id" to table: "calendar_feeds"
DROP INDEX "calendarfeed_school_id";
-- reverse: create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
DROP INDEX "calendar_feeds_token_hash_key";
-- reverse: create "calendar_feeds" table
DROP TABLE "calendar_feeds";
-- reverse: create index "waitlist_one_live_per_window" to table: "waitlist_entries"
DROP INDEX "waitlist_one_live_per_window";
-- reverse: drop index "waitlist_one_live_per_window" from table: "waitlist_entries"
CREATE UNIQUE INDEX "waitlist_one_live_per_window" ON "waitlist_entries" ("student_id", "window_id") WHERE ((status)::text = ANY (ARRAY[('WAITING'::character varying)::text, ('OFFERED'::character varying)::text]));
-- reverse: create index "conference_one_active_per_window" to table: "conferences"
DROP INDEX "conference_one_active_per_window";
-- reverse: drop index "conference_one_active_per_window" from table: "conferences"
CREATE UNIQUE INDEX "conference_one_active_per_window" ON "conferences" ("student_id", "window_id") WHERE ((status)::text = ANY (ARRAY[('BOOKED'::character varying)::text, ('CONFIRMED'::character varying)::text]));
