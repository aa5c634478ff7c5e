-- +goose Up
-- add column "student_snapshot" to table: "annual_reviews"
ALTER TABLE `annual_reviews` ADD COLUMN `student_snapshot` text NULL;
-- add column "staff_snapshot" to table: "annual_reviews"
ALTER TABLE `annual_reviews` ADD COLUMN `staff_snapshot` text NULL;
-- add column "guardian_snapshot" to table: "annual_reviews"
ALTER TABLE `annual_reviews` ADD COLUMN `guardian_snapshot` text NULL;

-- +goose Down
-- reverse: add column "guardian_snapshot" to table: "annual_reviews"
ALTER TABLE `annual_reviews` DROP COLUMN `guardian_snapshot`;
-- reverse: add column "staff_snapshot" to table: "annual_reviews"
ALTER TABLE `annual_reviews` DROP COLUMN `staff_snapshot`;
-- reverse: add column "student_snapshot" to table: "annual_reviews"
ALTER TABLE `annual_reviews` DROP COLUMN `student_snapshot`;
