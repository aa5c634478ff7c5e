-- +goose Up
-- modify "evidences" table
ALTER TABLE "evidences" ADD COLUMN "pathway" character varying NULL;
-- create index "evidence_pathway_student_id" to table: "evidences"
CREATE INDEX "evidence_pathway_student_id" ON "evidences" ("pathway", "student_id");
-- modify "goals" table
ALTER TABLE "goals" ADD COLUMN "pathway" character varying NULL;
-- create index "goal_pathway_student_id" to table: "goals"
CREATE INDEX "goal_pathway_student_id" ON "goals" ("pathway", "student_id");

-- +goose Down
-- reverse: create index "goal_pathway_student_id" to table: "goals"
DROP INDEX "goal_pathway_student_id";
-- reverse: modify "goals" table
ALTER TABLE "goals" DROP COLUMN "pathway";
-- reverse: create index "evidence_pathway_student_id" to table: "evidences"
DROP INDEX "evidence_pathway_student_id";
-- reverse: modify "evidences" table
ALTER TABLE "evidences" DROP COLUMN "pathway";
