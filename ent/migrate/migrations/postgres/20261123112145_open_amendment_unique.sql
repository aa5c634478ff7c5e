-- +goose Up
-- create index "amendmentrequest_requester_id_subject_id" to table: "amendment_requests"
CREATE UNIQUE INDEX "amendmentrequest_requester_id_subject_id" ON "amendment_requests" ("requester_id", "subject_id") WHERE ((status)::text = 'OPEN'::text);

-- +goose Down
-- reverse: create index "amendmentrequest_requester_id_subject_id" to table: "amendment_requests"
DROP INDEX "amendmentrequest_requester_id_subject_id";
