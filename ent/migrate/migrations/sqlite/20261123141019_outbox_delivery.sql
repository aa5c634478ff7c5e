-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- create "new_notifications" table
CREATE TABLE `new_notifications` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `channel` text NOT NULL DEFAULT ('EMAIL'), `kind` text NOT NULL, `idempotency_key` text NOT NULL, `payload` json NULL, `not_before` datetime NOT NULL, `attempts` integer NOT NULL DEFAULT (0), `sent_at` datetime NULL, `last_error` text NULL, `lease_until` datetime NULL, `unsubscribe_token` text NULL, `failed_at` datetime NULL, `school_id` text NOT NULL, `recipient_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `notifications_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `notifications_accounts_recipient` FOREIGN KEY (`recipient_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "notifications" to new temporary table "new_notifications"
INSERT INTO `new_notifications` (`id`, `created_at`, `updated_at`, `channel`, `kind`, `idempotency_key`, `payload`, `not_before`, `attempts`, `sent_at`, `last_error`, `school_id`, `recipient_id`) SELECT `id`, `created_at`, `updated_at`, `channel`, `kind`, `idempotency_key`, `payload`, `not_before`, `attempts`, `sent_at`, `last_error`, `school_id`, `recipient_id` FROM `notifications`;
-- drop "notifications" table after copying rows
DROP TABLE `notifications`;
-- rename temporary table "new_notifications" to "notifications"
ALTER TABLE `new_notifications` RENAME TO `notifications`;
-- create index "notifications_idempotency_key_key" to table: "notifications"
CREATE UNIQUE INDEX `notifications_idempotency_key_key` ON `notifications` (`idempotency_key`);
-- create index "notifications_unsubscribe_token_key" to table: "notifications"
CREATE UNIQUE INDEX `notifications_unsubscribe_token_key` ON `notifications` (`unsubscribe_token`);
-- create index "notification_school_id" to table: "notifications"
CREATE INDEX `notification_school_id` ON `notifications` (`school_id`);
-- create index "notification_sent_at_not_before" to table: "notifications"
CREATE INDEX `notification_sent_at_not_before` ON `notifications` (`sent_at`, `not_before`);
-- create index "notification_failed_at" to table: "notifications"
CREATE INDEX `notification_failed_at` ON `notifications` (`failed_at`);
-- create "new_accounts" table
CREATE TABLE `new_accounts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `preferred_language` text NOT NULL DEFAULT ('en'), `password_hash` text NULL, `mail_opt_out` bool NOT NULL DEFAULT (false), `disabled` bool NOT NULL DEFAULT (false), `failed_sign_ins` integer NOT NULL DEFAULT (0), `locked_until` datetime NULL, `last_sign_in_at` datetime NULL, PRIMARY KEY (`id`));
-- copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `disabled`, `failed_sign_ins`, `locked_until`, `last_sign_in_at`) SELECT `id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `disabled`, `failed_sign_ins`, `locked_until`, `last_sign_in_at` FROM `accounts`;
-- drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key` ON `accounts` (`email`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "accounts_email_key" to table: "accounts"
DROP INDEX `accounts_email_key`;
-- reverse: create "new_accounts" table
DROP TABLE `new_accounts`;
-- reverse: create index "notification_failed_at" to table: "notifications"
DROP INDEX `notification_failed_at`;
-- reverse: create index "notification_sent_at_not_before" to table: "notifications"
DROP INDEX `notification_sent_at_not_before`;
-- reverse: create index "notification_school_id" to table: "notifications"
DROP INDEX `notification_school_id`;
-- reverse: create index "notifications_unsubscribe_token_key" to table: "notifications"
DROP INDEX `notifications_unsubscribe_token_key`;
-- reverse: create index "notifications_idempotency_key_key" to table: "notifications"
DROP INDEX `notifications_idempotency_key_key`;
-- reverse: create "new_notifications" table
DROP TABLE `new_notifications`;
