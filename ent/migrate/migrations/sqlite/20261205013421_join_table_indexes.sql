-- +goose Up
-- create index "collection_evidence_evidence_id" to table: "collection_evidence"
CREATE INDEX `collection_evidence_evidence_id` ON `collection_evidence` (`evidence_id`);
-- create index "collection_goals_goal_id" to table: "collection_goals"
CREATE INDEX `collection_goals_goal_id` ON `collection_goals` (`goal_id`);
-- create index "collection_reflections_reflection_id" to table: "collection_reflections"
CREATE INDEX `collection_reflections_reflection_id` ON `collection_reflections` (`reflection_id`);
-- create index "conference_attendees_account_id" to table: "conference_attendees"
CREATE INDEX `conference_attendees_account_id` ON `conference_attendees` (`account_id`);
-- create index "conference_window_hosts_account_id" to table: "conference_window_hosts"
CREATE INDEX `conference_window_hosts_account_id` ON `conference_window_hosts` (`account_id`);
-- create index "endorsement_skills_skill_id" to table: "endorsement_skills"
CREATE INDEX `endorsement_skills_skill_id` ON `endorsement_skills` (`skill_id`);
-- create index "evidence_goals_goal_id" to table: "evidence_goals"
CREATE INDEX `evidence_goals_goal_id` ON `evidence_goals` (`goal_id`);
-- create index "evidence_skills_skill_id" to table: "evidence_skills"
CREATE INDEX `evidence_skills_skill_id` ON `evidence_skills` (`skill_id`);
-- create index "goal_skills_skill_id" to table: "goal_skills"
CREATE INDEX `goal_skills_skill_id` ON `goal_skills` (`skill_id`);
-- create index "station_students_student_id" to table: "station_students"
CREATE INDEX `station_students_student_id` ON `station_students` (`student_id`);

-- +goose Down
-- reverse: create index "station_students_student_id" to table: "station_students"
DROP INDEX `station_students_student_id`;
-- reverse: create index "goal_skills_skill_id" to table: "goal_skills"
DROP INDEX `goal_skills_skill_id`;
-- reverse: create index "evidence_skills_skill_id" to table: "evidence_skills"
DROP INDEX `evidence_skills_skill_id`;
-- reverse: create index "evidence_goals_goal_id" to table: "evidence_goals"
DROP INDEX `evidence_goals_goal_id`;
-- reverse: create index "endorsement_skills_skill_id" to table: "endorsement_skills"
DROP INDEX `endorsement_skills_skill_id`;
-- reverse: create index "conference_window_hosts_account_id" to table: "conference_window_hosts"
DROP INDEX `conference_window_hosts_account_id`;
-- reverse: create index "conference_attendees_account_id" to table: "conference_attendees"
DROP INDEX `conference_attendees_account_id`;
-- reverse: create index "collection_reflections_reflection_id" to table: "collection_reflections"
DROP INDEX `collection_reflections_reflection_id`;
-- reverse: create index "collection_goals_goal_id" to table: "collection_goals"
DROP INDEX `collection_goals_goal_id`;
-- reverse: create index "collection_evidence_evidence_id" to table: "collection_evidence"
DROP INDEX `collection_evidence_evidence_id`;
