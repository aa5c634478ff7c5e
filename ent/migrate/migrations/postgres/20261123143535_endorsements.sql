-- +goose Up
-- drop index "endorsementrequest_evidence_id" from table: "endorsement_requests"
DROP INDEX "endorsementrequest_evidence_id";
-- create index "endorsementrequest_evidence_id_partner_id" to table: "endorsement_requests"
CREATE UNIQUE INDEX "endorsementrequest_evidence_id_partner_id" ON "endorsement_requests" ("evidence_id", "partner_id") WHERE ((status)::text = 'PENDING'::text);
-- create index "endorsementrequest_status_expires_at" to table: "endorsement_requests"
CREATE INDEX "endorsementrequest_status_expires_at" ON "endorsement_requests" ("status", "expires_at");
-- create index "endorsement_evidence_id" to table: "endorsements"
CREATE INDEX "endorsement_evidence_id" ON "endorsements" ("evidence_id");
-- create "signing_keys" table
CREATE TABLE "signing_keys" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "kid" character varying NOT NULL, "algorithm" character varying NOT NULL DEFAULT 'EDDSA', "public_key" bytea NOT NULL, "private_key" bytea NOT NULL, "sealed" boolean NOT NULL DEFAULT false, "retired_at" timestamptz NULL, PRIMARY KEY ("id"));
-- create index "signing_keys_kid_key" to table: "signing_keys"
CREATE UNIQUE INDEX "signing_keys_kid_key" ON "signing_keys" ("kid");
-- create index "signingkey_retired_at_created_at" to table: "signing_keys"
CREATE INDEX "signingkey_retired_at_created_at" ON "signing_keys" ("retired_at", "created_at");

-- +goose Down
-- reverse: create index "signingkey_retired_at_created_at" to table: "signing_keys"
DROP INDEX "signingkey_retired_at_created_at";
-- reverse: create index "signing_keys_kid_key" to table: "signing_keys"
DROP INDEX "signing_keys_kid_key";
-- reverse: create "signing_keys" table
DROP TABLE "signing_keys";
-- reverse: create index "endorsement_evidence_id" to table: "endorsements"
DROP INDEX "endorsement_evidence_id";
-- reverse: create index "endorsementrequest_status_expires_at" to table: "endorsement_requests"
DROP INDEX "endorsementrequest_status_expires_at";
-- reverse: create index "endorsementrequest_evidence_id_partner_id" to table: "endorsement_requests"
DROP INDEX "endorsementrequest_evidence_id_partner_id";
-- reverse: drop index "endorsementrequest_evidence_id" from table: "endorsement_requests"
CREATE INDEX "endorsementrequest_evidence_id" ON "endorsement_requests" ("evidence_id");
