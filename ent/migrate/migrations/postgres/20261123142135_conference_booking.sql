-- +goose Up
-- modify "conferences" table
ALTER TABLE "conferences" ADD COLUMN "notes_shared" boolean NOT NULL DEFAULT false, ADD COLUMN "questions" character varying NULL, ADD COLUMN "questions_private" boolean NOT NULL DEFAULT false, ADD COLUMN "sequence" bigint NOT NULL DEFAULT 0, ADD COLUMN "family_feedback" character varying NULL, ADD COLUMN "student_feedback" character varying NULL, ADD COLUMN "booked_by_id" character varying NULL, ADD COLUMN "cancelled_at" timestamptz NULL;
-- create index "conference_one_active_per_window" to table: "conferences"
CREATE UNIQUE INDEX "conference_one_active_per_window" ON "conferences" ("student_id", "window_id") WHERE ((status)::text = ANY ((ARRAY['BOOKED'::character varying, 'CONFIRMED'::character varying])::text[]));
-- modify "slots" table
ALTER TABLE "slots" ADD COLUMN "booked" bigint NOT NULL DEFAULT 0;

-- +goose Down
-- reverse: modify "slots" table
ALTER TABLE "slots" DROP COLUMN "booked";
-- reverse: create index "conference_one_active_per_window" to table: "conferences"
DROP INDEX "conference_one_active_per_window";
-- reverse: modify "conferences" table
ALTER TABLE "conferences" DROP COLUMN "cancelled_at", DROP COLUMN "booked_by_id", DROP COLUMN "student_feedback", DROP COLUMN "family_feedback", DROP COLUMN "sequence", DROP COLUMN "questions_private", DROP COLUMN "questions", DROP COLUMN "notes_shared";
