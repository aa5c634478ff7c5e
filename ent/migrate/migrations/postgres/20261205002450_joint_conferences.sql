-- +goose Up
-- modify "conference_windows" table
ALTER TABLE "conference_windows" ADD COLUMN "joint_max_students" bigint NOT NULL DEFAULT 0;
-- modify "conferences" table
ALTER TABLE "conferences" ADD COLUMN "joint_id" character varying NULL;
-- create index "conference_joint_id" to table: "conferences"
CREATE INDEX "conference_joint_id" ON "conferences" ("joint_id");

-- +goose Down
-- reverse: create index "conference_joint_id" to table: "conferences"
DROP INDEX "conference_joint_id";
-- reverse: modify "conferences" table
ALTER TABLE "conferences" DROP COLUMN "joint_id";
-- reverse: modify "conference_windows" table
ALTER TABLE "conference_windows" DROP COLUMN "joint_max_students";
