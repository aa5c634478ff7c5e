-- +goose Up
-- modify "accounts" table
ALTER TABLE "accounts" DROP COLUMN "failed_sign_ins", DROP COLUMN "locked_until";
-- modify "sessions" table
ALTER TABLE "sessions" ADD COLUMN "address" character varying NULL;
-- modify "sign_in_links" table
ALTER TABLE "sign_in_links" ADD COLUMN "purpose" character varying NOT NULL DEFAULT 'sign_in';
-- create "sign_in_failures" table
CREATE TABLE "sign_in_failures" ("id" character varying NOT NULL, "email" character varying NOT NULL, "address" character varying NOT NULL, "failures" bigint NOT NULL DEFAULT 0, "last_failed_at" timestamptz NOT NULL, "retry_at" timestamptz NOT NULL, PRIMARY KEY ("id"));
-- create index "signinfailure_email_address" to table: "sign_in_failures"
CREATE UNIQUE INDEX "signinfailure_email_address" ON "sign_in_failures" ("email", "address");
-- create index "signinfailure_last_failed_at" to table: "sign_in_failures"
CREATE INDEX "signinfailure_last_failed_at" ON "sign_in_failures" ("last_failed_at");
-- modify "schools" table
ALTER TABLE "schools" ADD COLUMN "sign_in_link_roles" jsonb NOT NULL DEFAULT '["FAMILY","PARTNER"]';
ALTER TABLE "schools" ALTER COLUMN "sign_in_link_roles" DROP DEFAULT;
-- create "invitations" table
CREATE TABLE "invitations" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "invited_by_id" character varying NULL, "token_hash" bytea NOT NULL, "expires_at" timestamptz NOT NULL, "sent_at" timestamptz NOT NULL, "sent_count" bigint NOT NULL DEFAULT 1, "accepted_at" timestamptz NULL, "school_id" character varying NOT NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "invitations_accounts_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION, CONSTRAINT "invitations_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "invitation_account_id_school_id" to table: "invitations"
CREATE UNIQUE INDEX "invitation_account_id_school_id" ON "invitations" ("account_id", "school_id");
-- create index "invitation_school_id" to table: "invitations"
CREATE INDEX "invitation_school_id" ON "invitations" ("school_id");
-- create index "invitations_token_hash_key" to table: "invitations"
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" ("token_hash");
-- create "sso_providers" table
CREATE TABLE "sso_providers" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "name" character varying NOT NULL, "issuer" character varying NOT NULL, "client_id" character varying NOT NULL, "client_secret_sealed" bytea NOT NULL, "allowed_domains" jsonb NOT NULL, "allow_create" boolean NOT NULL DEFAULT false, "create_role" character varying NULL, "sourced_id_claim" character varying NULL, "school_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sso_providers_schools_school" FOREIGN KEY ("school_id") REFERENCES "schools" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "ssoprovider_school_id" to table: "sso_providers"
CREATE INDEX "ssoprovider_school_id" ON "sso_providers" ("school_id");
-- create "sso_logins" table
CREATE TABLE "sso_logins" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "state_hash" bytea NOT NULL, "nonce" character varying NOT NULL, "code_verifier" character varying NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "provider_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sso_logins_sso_providers_provider" FOREIGN KEY ("provider_id") REFERENCES "sso_providers" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "sso_logins_state_hash_key" to table: "sso_logins"
CREATE UNIQUE INDEX "sso_logins_state_hash_key" ON "sso_logins" ("state_hash");

-- +goose Down
-- reverse: create index "sso_logins_state_hash_key" to table: "sso_logins"
DROP INDEX "sso_logins_state_hash_key";
-- reverse: create "sso_logins" table
DROP TABLE "sso_logins";
-- reverse: create index "ssoprovider_school_id" to table: "sso_providers"
DROP INDEX "ssoprovider_school_id";
-- reverse: create "sso_providers" table
DROP TABLE "sso_providers";
-- reverse: create index "invitations_token_hash_key" to table: "invitations"
DROP INDEX "invitations_token_hash_key";
-- reverse: create index "invitation_school_id" to table: "invitations"
DROP INDEX "invitation_school_id";
-- reverse: create index "invitation_account_id_school_id" to table: "invitations"
DROP INDEX "invitation_account_id_school_id";
-- reverse: create "invitations" table
DROP TABLE "invitations";
-- reverse: modify "schools" table
ALTER TABLE "schools" DROP COLUMN "sign_in_link_roles";
-- reverse: create index "signinfailure_last_failed_at" to table: "sign_in_failures"
DROP INDEX "signinfailure_last_failed_at";
-- reverse: create index "signinfailure_email_address" to table: "sign_in_failures"
DROP INDEX "signinfailure_email_address";
-- reverse: create "sign_in_failures" table
DROP TABLE "sign_in_failures";
-- reverse: modify "sign_in_links" table
ALTER TABLE "sign_in_links" DROP COLUMN "purpose";
-- reverse: modify "sessions" table
ALTER TABLE "sessions" DROP COLUMN "address";
-- reverse: modify "accounts" table
ALTER TABLE "accounts" ADD COLUMN "locked_until" timestamptz NULL, ADD COLUMN "failed_sign_ins" bigint NOT NULL DEFAULT 0;
