-- +goose Up
-- create "student_revisions" table
CREATE TABLE `student_revisions` (`id` text NOT NULL, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `editor_id` text NULL, `changed_fields` json NOT NULL, `before` json NOT NULL, `student_id` text NOT NULL, `school_id` text NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `student_revisions_students_revisions` FOREIGN KEY (`student_id`) REFERENCES `students` (`id`) ON DELETE NO ACTION, CONSTRAINT `student_revisions_schools_school` FOREIGN KEY (`school_id`) REFERENCES `schools` (`id`) ON DELETE NO ACTION);
-- create index "studentrevision_school_id" to table: "student_revisions"
CREATE INDEX `studentrevision_school_id` ON `student_revisions` (`school_id`);
-- create index "studentrevision_student_id_created_at" to table: "student_revisions"
CREATE INDEX `studentrevision_student_id_created_at` ON `student_revisions` (`student_id`, `created_at`);

-- +goose Down
-- reverse: create index "studentrevision_student_id_created_at" to table: "student_revisions"
DROP INDEX `studentrevision_student_id_created_at`;
-- reverse: create index "studentrevision_school_id" to table: "student_revisions"
DROP INDEX `studentrevision_school_id`;
-- reverse: create "student_revisions" table
DROP TABLE `student_revisions`;
