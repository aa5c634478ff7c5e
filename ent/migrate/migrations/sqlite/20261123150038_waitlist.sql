-- +goose Up
-- create "calendar_feeds" table
CREATE TABLE `calendar_feeds` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `token_hash` blob NOT NULL, `revoked_at` datetime NULL, `school_id` text NOT NULL, `account_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `calendar_feeds_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION, CONSTRAINT `calendar_feeds_accounts_account` FOREIGN KEY (`account_id`) REFERENCES `accounts` (`id`) ON DELETE NO ACTION);
-- create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
CREATE UNIQUE INDEX `calendar_feeds_token_hash_key` ON `calendar_feeds` (`token_hash`);
-- create index "calendarfeed_school_id" to table: "calendar_feeds"
CREATE INDEX `calendarfeed_school_id` ON `calendar_feeds` (`school_id`);

-- +goose Down
-- reverse: create index "calendarfeed_school_id" to table: "calendar_feeds"
DROP INDEX `calendarfeed_school_id`;
-- reverse: create index "calendar_feeds_token_hash_key" to table: "calendar_feeds"
DROP INDEX `calendar_feeds_token_hash_key`;
-- reverse: create "calendar_feeds" table
DROP TABLE `calendar_feeds`;
