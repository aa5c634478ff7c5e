-- +goose Up
-- modify "requirements" table
ALTER TABLE "requirements" ADD COLUMN "kind" character varying NOT NULL, ADD COLUMN "area" character varying NULL, ADD COLUMN "min_count" bigint NULL, ADD COLUMN "school_year" character varying NOT NULL, ADD COLUMN "year_starts_at" timestamptz NOT NULL, ADD COLUMN "year_ends_at" timestamptz NOT NULL, ADD COLUMN "due_at" timestamptz NOT NULL, ADD COLUMN "archived_at" timestamptz NULL;
-- create index "requirement_school_id_grade_year_starts_at" to table: "requirements"
CREATE INDEX "requirement_school_id_grade_year_starts_at" ON "requirements" ("school_id", "grade", "year_starts_at");

-- +goose Down
-- reverse: create index "requirement_school_id_grade_year_starts_at" to table: "requirements"
DROP INDEX "requirement_school_id_grade_year_starts_at";
-- reverse: modify "requirements" table
ALTER TABLE "requirements" DROP COLUMN "archived_at", DROP COLUMN "due_at", DROP COLUMN "year_ends_at", DROP COLUMN "year_starts_at", DROP COLUMN "school_year", DROP COLUMN "min_count", DROP COLUMN "area", DROP COLUMN "kind";
