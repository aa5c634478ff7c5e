-- +goose Up
-- modify "accounts" table
ALTER TABLE "accounts" ADD COLUMN "mail_opt_out" boolean NOT NULL DEFAULT false;
-- modify "notifications" table
ALTER TABLE "notifications" ADD COLUMN "lease_until" timestamptz NULL, ADD COLUMN "unsubscribe_token" character varying NULL, ADD COLUMN "failed_at" timestamptz NULL;
-- create index "notification_failed_at" to table: "notifications"
CREATE INDEX "notification_failed_at" ON "notifications" ("failed_at");
-- create index "notifications_unsubscribe_token_key" to table: "notifications"
CREATE UNIQUE INDEX "notifications_unsubscribe_token_key" ON "notifications" ("unsubscribe_token");

-- +goose Down
-- reverse: create index "notifications_unsubscribe_token_key" to table: "notifications"
DROP INDEX "notifications_unsubscribe_token_key";
-- reverse: create index "notification_failed_at" to table: "notifications"
DROP INDEX "notification_failed_at";
-- reverse: modify "notifications" table
ALTER TABLE "notifications" DROP COLUMN "failed_at", DROP COLUMN "unsubscribe_token", DROP COLUMN "lease_until";
-- reverse: modify "accounts" table
ALTER TABLE "accounts" DROP COLUMN "mail_opt_out";
