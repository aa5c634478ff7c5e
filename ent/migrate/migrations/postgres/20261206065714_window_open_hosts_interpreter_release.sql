-- +goose Up
-- modify "conference_windows" table
ALTER TABLE "conference_windows" ADD COLUMN "open_hosts" character varying NOT NULL DEFAULT 'ADVISOR', ADD COLUMN "interpreter_release_at" timestamptz NULL;
-- create "conference_window_listed_hosts" table
CREATE TABLE "conference_window_listed_hosts" ("conference_window_id" character varying NOT NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("conference_window_id", "account_id"), CONSTRAINT "conference_window_listed_hosts_account_id" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE CASCADE, CONSTRAINT "conference_window_listed_hosts_conference_window_id" FOREIGN KEY ("conference_window_id") REFERENCES "conference_windows" ("id") ON UPDATE NO ACTION ON DELETE CASCADE);
-- create index "conference_window_listed_hosts_account_id" to table: "conference_window_listed_hosts"
CREATE INDEX "conference_window_listed_hosts_account_id" ON "conference_window_listed_hosts" ("account_id");

-- +goose Down
-- reverse: create index "conference_window_listed_hosts_account_id" to table: "conference_window_listed_hosts"
DROP INDEX "conference_window_listed_hosts_account_id";
-- reverse: create "conference_window_listed_hosts" table
DROP TABLE "conference_window_listed_hosts";
-- reverse: modify "conference_windows" table
ALTER TABLE "conference_windows" DROP COLUMN "interpreter_release_at", DROP COLUMN "open_hosts";
