-- +goose Up
-- modify "accounts" table
ALTER TABLE "accounts" ADD COLUMN "failed_sign_ins" bigint NOT NULL DEFAULT 0, ADD COLUMN "locked_until" timestamptz NULL, ADD COLUMN "last_sign_in_at" timestamptz NULL;
-- modify "audit_events" table
ALTER TABLE "audit_events" ADD COLUMN "detail" character varying NULL;
-- modify "guardianships" table
ALTER TABLE "guardianships" ADD COLUMN "access_withdrawn_at" timestamptz NULL;
-- modify "students" table
ALTER TABLE "students" ADD COLUMN "directory_opt_out" boolean NOT NULL DEFAULT false, ADD COLUMN "parental_consent_at" timestamptz NULL;
-- create "amendment_requests" table
CREATE TABLE "amendment_requests" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "subject_id" character varying NOT NULL, "subject_type" character varying NOT NULL, "reason" character varying NOT NULL, "status" character varying NOT NULL DEFAULT 'OPEN', "resolution" character varying NULL, "resolved_at" timestamptz NULL, "school_id" character varying NOT NULL, "student_id" character varying NOT NULL, "requester_id" character varying NOT NULL, "resolved_by_id" character varying NULL, PRIMARY KEY ("id"), CONSTRAINT "amendment_requests_accounts_requester" FOREIGN KEY ("requester_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "amendment_requests_accounts_resolved_by" FOREIGN KEY ("resolved_by_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE SET NULL, CONSTRAINT "amendment_requests_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "amendment_requests_students_student" FOREIGN KEY ("student_id") REFERENCES "students" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "amendmentrequest_school_id" to table: "amendment_requests"
CREATE INDEX "amendmentrequest_school_id" ON "amendment_requests" ("school_id");
-- create index "amendmentrequest_student_id_status" to table: "amendment_requests"
CREATE INDEX "amendmentrequest_student_id_status" ON "amendment_requests" ("student_id", "status");
-- create "amendment_events" table
CREATE TABLE "amendment_events" ("id" character varying NOT NULL, "status" character varying NOT NULL, "note" character varying NULL, "at" timestamptz NOT NULL, "school_id" character varying NOT NULL, "actor_id" character varying NOT NULL, "request_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "amendment_events_accounts_actor" FOREIGN KEY ("actor_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "amendment_events_amendment_requests_events" FOREIGN KEY ("request_id") REFERENCES "amendment_requests" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "amendment_events_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "amendmentevent_school_id" to table: "amendment_events"
CREATE INDEX "amendmentevent_school_id" ON "amendment_events" ("school_id");

-- +goose Down
-- reverse: create index "amendmentevent_school_id" to table: "amendment_events"
DROP INDEX "amendmentevent_school_id";
-- reverse: create "amendment_events" table
DROP TABLE "amendment_events";
-- reverse: create index "amendmentrequest_student_id_status" to table: "amendment_requests"
DROP INDEX "amendmentrequest_student_id_status";
-- reverse: create index "amendmentrequest_school_id" to table: "amendment_requests"
DROP INDEX "amendmentrequest_school_id";
-- reverse: create "amendment_requests" table
DROP TABLE "amendment_requests";
-- reverse: modify "students" table
ALTER TABLE "students" DROP COLUMN "parental_consent_at", DROP COLUMN "directory_opt_out";
-- reverse: modify "guardianships" table
ALTER TABLE "guardianships" DROP COLUMN "access_withdrawn_at";
-- reverse: modify "audit_events" table
ALTER TABLE "audit_events" DROP COLUMN "detail";
-- reverse: modify "accounts" table
ALTER TABLE "accounts" DROP COLUMN "last_sign_in_at", DROP COLUMN "locked_until", DROP COLUMN "failed_sign_ins";
