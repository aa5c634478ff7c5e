-- +goose Up
-- modify "schools" table
ALTER TABLE "schools" ADD COLUMN "district" character varying NULL;
-- modify "steps" table
ALTER TABLE "steps" ADD COLUMN "key" character varying NULL;
-- create index "step_school_id_key" to table: "steps"
CREATE UNIQUE INDEX "step_school_id_key" ON "steps" ("school_id", "key");
-- modify "action_items" table
ALTER TABLE "action_items" ADD COLUMN "notes" character varying NULL, ADD COLUMN "survey_id" character varying NULL, ADD CONSTRAINT "action_items_surveys_survey" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- create index "actionitem_school_id_due" to table: "action_items"
CREATE INDEX "actionitem_school_id_due" ON "action_items" ("school_id", "due");

-- +goose Down
-- reverse: create index "actionitem_school_id_due" to table: "action_items"
DROP INDEX "actionitem_school_id_due";
-- reverse: modify "action_items" table
ALTER TABLE "action_items" DROP CONSTRAINT "action_items_surveys_survey", DROP COLUMN "survey_id", DROP COLUMN "notes";
-- reverse: create index "step_school_id_key" to table: "steps"
DROP INDEX "step_school_id_key";
-- reverse: modify "steps" table
ALTER TABLE "steps" DROP COLUMN "key";
-- reverse: modify "schools" table
ALTER TABLE "schools" DROP COLUMN "district";
