-- +goose Up
-- modify "conference_windows" table
ALTER TABLE "conference_windows" ADD COLUMN "open_hosts" character varying NOT NULL DEFAULT 'ADVISOR', ADD COLUMN "interpreter_release_at" timestamptz NULL;
-- modify "accounts" table
ALTER TABLE "accounts" ADD COLUMN "conference_window_listed_hosts" character varying NULL, ADD CONSTRAINT "accounts_conference_windows_listed_hosts" FOREIGN KEY ("conference_window_listed_hosts") REFERENCES "conference_windows" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;

-- +goose Down
-- reverse: modify "accounts" table
ALTER TABLE "accounts" DROP CONSTRAINT "accounts_conference_windows_listed_hosts", DROP COLUMN "conference_window_listed_hosts";
-- reverse: modify "conference_windows" table
ALTER TABLE "conference_windows" DROP COLUMN "interpreter_release_at", DROP COLUMN "open_hosts";
