-- +goose Up
-- disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- add column "address" to table: "sessions"
ALTER TABLE `sessions` ADD COLUMN `address` text NULL;
-- create "new_sign_in_links" table
CREATE TABLE `new_sign_in_links` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` blob NOT NULL, `expires_at` datetime NOT NULL, `purpose` text NOT NULL DEFAULT ('sign_in'), `used_at` datetime NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sign_in_links_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- copy rows from old table "sign_in_links" to new temporary table "new_sign_in_links"
INSERT INTO `new_sign_in_links` (`id`, `created_at`, `updated_at`, `token_hash`, `expires_at`, `used_at`, `account_id`) SELECT `id`, `created_at`, `updated_at`, `token_hash`, `expires_at`, `used_at`, `account_id` FROM `sign_in_links`;
-- drop "sign_in_links" table after copying rows
DROP TABLE `sign_in_links`;
-- rename temporary table "new_sign_in_links" to "sign_in_links"
ALTER TABLE `new_sign_in_links` RENAME TO `sign_in_links`;
-- create index "sign_in_links_token_hash_key" to table: "sign_in_links"
CREATE UNIQUE INDEX `sign_in_links_token_hash_key` ON `sign_in_links` (`token_hash`);
-- create index "signinlink_account_id" to table: "sign_in_links"
CREATE INDEX `signinlink_account_id` ON `sign_in_links` (`account_id`);
-- add column "sign_in_link_roles" to table: "schools"
ALTER TABLE `schools` ADD COLUMN `sign_in_link_roles` json NOT NULL DEFAULT ('["FAMILY","PARTNER"]');
-- the default above fills the existing schools; the column keeps none (the server sets it)
CREATE TABLE `new_schools` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `timezone` text NOT NULL DEFAULT ('America/New_York'), `locale` text NOT NULL DEFAULT ('en-US'), `reminder_cadence_days` integer NOT NULL DEFAULT (14), `quiet_hours_start` text NOT NULL DEFAULT ('20:00'), `quiet_hours_end` text NOT NULL DEFAULT ('07:00'), `district` text NULL, `sign_in_link_roles` json NOT NULL, `sourced_id` text NULL, PRIMARY KEY (`id`));
INSERT INTO `new_schools` (`id`, `created_at`, `updated_at`, `name`, `timezone`, `locale`, `reminder_cadence_days`, `quiet_hours_start`, `quiet_hours_end`, `district`, `sign_in_link_roles`, `sourced_id`) SELECT `id`, `created_at`, `updated_at`, `name`, `timezone`, `locale`, `reminder_cadence_days`, `quiet_hours_start`, `quiet_hours_end`, `district`, `sign_in_link_roles`, `sourced_id` FROM `schools`;
DROP TABLE `schools`;
ALTER TABLE `new_schools` RENAME TO `schools`;
CREATE UNIQUE INDEX `schools_sourced_id_key` ON `schools` (`sourced_id`);
-- create "new_accounts" table
CREATE TABLE `new_accounts` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `email` text NOT NULL, `name` text NOT NULL, `preferred_language` text NOT NULL DEFAULT ('en'), `password_hash` text NULL, `mail_opt_out` bool NOT NULL DEFAULT (false), `disabled` bool NOT NULL DEFAULT (false), `last_sign_in_at` datetime NULL, `sourced_id` text NULL, PRIMARY KEY (`id`));
-- copy rows from old table "accounts" to new temporary table "new_accounts"
INSERT INTO `new_accounts` (`id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `mail_opt_out`, `disabled`, `last_sign_in_at`, `sourced_id`) SELECT `id`, `created_at`, `updated_at`, `email`, `name`, `preferred_language`, `password_hash`, `mail_opt_out`, `disabled`, `last_sign_in_at`, `sourced_id` FROM `accounts`;
-- drop "accounts" table after copying rows
DROP TABLE `accounts`;
-- rename temporary table "new_accounts" to "accounts"
ALTER TABLE `new_accounts` RENAME TO `accounts`;
-- create index "accounts_email_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_email_key` ON `accounts` (`email`);
-- create index "accounts_sourced_id_key" to table: "accounts"
CREATE UNIQUE INDEX `accounts_sourced_id_key` ON `accounts` (`sourced_id`);
-- create "invitations" table
CREATE TABLE `invitations` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `invited_by_id` text NULL, `token_hash` blob NOT NULL, `expires_at` datetime NOT NULL, `sent_at` datetime NOT NULL, `sent_count` integer NOT NULL DEFAULT (1), `accepted_at` datetime NULL, `school_id` text NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `invitations_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `invitations_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX `invitations_token_hash_key` ON `invitations` (`token_hash`);
-- create index "invitation_school_id" to table: "invitations"
CREATE INDEX `invitation_school_id` ON `invitations` (`school_id`);
-- create index "invitation_account_id_school_id" to table: "invitations"
CREATE UNIQUE INDEX `invitation_account_id_school_id` ON `invitations` (`account_id`, `school_id`);
-- create "sso_logins" table
CREATE TABLE `sso_logins` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `state_hash` blob NOT NULL, `nonce` text NOT NULL, `code_verifier` text NOT NULL, `expires_at` datetime NOT NULL, `used_at` datetime NULL, `provider_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sso_logins_sso_providers_provider` FOREIGN KEY (`provider_id`) REFERENCES `sso_providers` (`id`) ON DELETE NO ACTION);
-- create index "sso_logins_state_hash_key" to table: "sso_logins"
CREATE UNIQUE INDEX `sso_logins_state_hash_key` ON `sso_logins` (`state_hash`);
-- create "sso_providers" table
CREATE TABLE `sso_providers` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `issuer` text NOT NULL, `client_id` text NOT NULL, `client_secret_sealed` blob NOT NULL, `allowed_domains` json NOT NULL, `allow_create` bool NOT NULL DEFAULT (false), `create_role` text NULL, `sourced_id_claim` text NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `sso_providers_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "ssoprovider_school_id" to table: "sso_providers"
CREATE INDEX `ssoprovider_school_id` ON `sso_providers` (`school_id`);
-- create "sign_in_failures" table
CREATE TABLE `sign_in_failures` (`id` text NOT NULL, `email` text NOT NULL, `address` text NOT NULL, `failures` integer NOT NULL DEFAULT (0), `last_failed_at` datetime NOT NULL, `retry_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "signinfailure_email_address" to table: "sign_in_failures"
CREATE UNIQUE INDEX `signinfailure_email_address` ON `sign_in_failures` (`email`, `address`);
-- create index "signinfailure_last_failed_at" to table: "sign_in_failures"
CREATE INDEX `signinfailure_last_failed_at` ON `sign_in_failures` (`last_failed_at`);
-- enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;

-- +goose Down
-- reverse: create index "signinfailure_last_failed_at" to table: "sign_in_failures"
DROP INDEX `signinfailure_last_failed_at`;
-- reverse: create index "signinfailure_email_address" to table: "sign_in_failures"
DROP INDEX `signinfailure_email_address`;
-- reverse: create "sign_in_failures" table
DROP TABLE `sign_in_failures`;
-- reverse: create index "ssoprovider_school_id" to table: "sso_providers"
DROP INDEX `ssoprovider_school_id`;
-- reverse: create "sso_providers" table
DROP TABLE `sso_providers`;
-- reverse: create index "sso_logins_state_hash_key" to table: "sso_logins"
DROP INDEX `sso_logins_state_hash_key`;
-- reverse: create "sso_logins" table
DROP TABLE `sso_logins`;
-- reverse: create index "invitation_account_id_school_id" to table: "invitations"
DROP INDEX `invitation_account_id_school_id`;
-- reverse: create index "invitation_school_id" to table: "invitations"
DROP INDEX `invitation_school_id`;
-- reverse: create index "invitations_token_hash_key" to table: "invitations"
DROP INDEX `invitations_token_hash_key`;
-- reverse: create "invitations" table
DROP TABLE `invitations`;
-- reverse: create index "accounts_sourced_id_key" to table: "accounts"
DROP INDEX `accounts_sourced_id_key`;
-- reverse: create index "accounts_email_key" to table: "accounts"
DROP INDEX `accounts_email_key`;
-- reverse: create "new_accounts" table
DROP TABLE `new_accounts`;
-- reverse: add column "sign_in_link_roles" to table: "schools"
ALTER TABLE `schools` DROP COLUMN `sign_in_link_roles`;
-- reverse: create index "signinlink_account_id" to table: "sign_in_links"
DROP INDEX `signinlink_account_id`;
-- reverse: create index "sign_in_links_token_hash_key" to table: "sign_in_links"
DROP INDEX `sign_in_links_token_hash_key`;
-- reverse: create "new_sign_in_links" table
DROP TABLE `new_sign_in_links`;
-- reverse: add column "address" to table: "sessions"
ALTER TABLE `sessions` DROP COLUMN `address`;
