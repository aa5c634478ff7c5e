-- +goose Up
-- create "sign_in_links" table
CREATE TABLE "sign_in_links" ("id" character varying NOT NULL, "created_at" timestamptz NOT NULL, "updated_at" timestamptz NOT NULL, "token_hash" bytea NOT NULL, "expires_at" timestamptz NOT NULL, "used_at" timestamptz NULL, "account_id" character varying NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "sign_in_links_accounts_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id") ON UPDATE NO ACTION ON DELETE NO ACTION);
-- create index "sign_in_links_token_hash_key" to table: "sign_in_links"
CREATE UNIQUE INDEX "sign_in_links_token_hash_key" ON "sign_in_links" ("token_hash");
-- create index "signinlink_account_id" to table: "sign_in_links"
CREATE INDEX "signinlink_account_id" ON "sign_in_links" ("account_id");

-- +goose Down
-- reverse: create index "signinlink_account_id" to table: "sign_in_links"
DROP INDEX "signinlink_account_id";
-- reverse: create index "sign_in_links_token_hash_key" to table: "sign_in_links"
DROP INDEX "sign_in_links_token_hash_key";
-- reverse: create "sign_in_links" table
DROP TABLE "sign_in_links";
