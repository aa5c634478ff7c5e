-- +goose Up
-- modify "annual_reviews" table
ALTER TABLE "annual_reviews" ADD COLUMN "student_snapshot" text NULL, ADD COLUMN "staff_snapshot" text NULL, ADD COLUMN "guardian_snapshot" text NULL;

-- +goose Down
-- reverse: modify "annual_reviews" table
ALTER TABLE "annual_reviews" DROP COLUMN "guardian_snapshot", DROP COLUMN "staff_snapshot", DROP COLUMN "student_snapshot";
