-- +goose Up
-- modify "stations" table
ALTER TABLE "stations" ADD COLUMN "question" character varying NULL, ADD COLUMN "revoked_at" timestamptz NULL;
-- modify "students" table
ALTER TABLE "students" ADD COLUMN "cover_image_type" character varying NULL, ADD COLUMN "station_code_hash" bytea NULL;
-- modify "evidences" table
ALTER TABLE "evidences" ADD COLUMN "station_id" character varying NULL, ADD CONSTRAINT "evidences_stations_station" FOREIGN KEY ("station_id") REFERENCES "stations" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "reflections" table
ALTER TABLE "reflections" ADD COLUMN "station_id" character varying NULL, ADD CONSTRAINT "reflections_stations_station" FOREIGN KEY ("station_id") REFERENCES "stations" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;
-- modify "self_assessments" table
ALTER TABLE "self_assessments" ADD COLUMN "assessor" character varying NOT NULL DEFAULT 'STUDENT', ADD COLUMN "assessor_id" character varying NULL, ADD CONSTRAINT "self_assessments_accounts_assessed_by" FOREIGN KEY ("assessor_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL;

-- +goose Down
-- reverse: modify "self_assessments" table
ALTER TABLE "self_assessments" DROP CONSTRAINT "self_assessments_accounts_assessed_by", DROP COLUMN "assessor_id", DROP COLUMN "assessor";
-- reverse: modify "reflections" table
ALTER TABLE "reflections" DROP CONSTRAINT "reflections_stations_station", DROP COLUMN "station_id";
-- reverse: modify "evidences" table
ALTER TABLE "evidences" DROP CONSTRAINT "evidences_stations_station", DROP COLUMN "station_id";
-- reverse: modify "students" table
ALTER TABLE "students" DROP COLUMN "station_code_hash", DROP COLUMN "cover_image_type";
-- reverse: modify "stations" table
ALTER TABLE "stations" DROP COLUMN "revoked_at", DROP COLUMN "question";
