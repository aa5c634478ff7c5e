-- +goose Up
-- create "job_runs" table
CREATE TABLE `job_runs` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `started_at` datetime NOT NULL, `finished_at` datetime NULL, `ok` bool NOT NULL DEFAULT (false), `summary` text NULL, `replica` text NULL, PRIMARY KEY (`id`));
-- create index "job_runs_name_key" to table: "job_runs"
CREATE UNIQUE INDEX `job_runs_name_key` ON `job_runs` (`name`);
-- create "scheduler_leases" table
CREATE TABLE `scheduler_leases` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `holder` text NOT NULL, `expires_at` datetime NOT NULL, PRIMARY KEY (`id`));
-- create index "scheduler_leases_name_key" to table: "scheduler_leases"
CREATE UNIQUE INDEX `scheduler_leases_name_key` ON `scheduler_leases` (`name`);

-- +goose Down
-- reverse: create index "scheduler_leases_name_key" to table: "scheduler_leases"
DROP INDEX `scheduler_leases_name_key`;
-- reverse: create "scheduler_leases" table
DROP TABLE `scheduler_leases`;
-- reverse: create index "job_runs_name_key" to table: "job_runs"
DROP INDEX `job_runs_name_key`;
-- reverse: create "job_runs" table
DROP TABLE `job_runs`;
