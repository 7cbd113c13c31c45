-- Content module: courses, their instructors, and lessons with their videos.
CREATE TABLE courses (
  course_id bigint PRIMARY KEY CHECK (course_id > 0),
  title varchar(500) NOT NULL
);

CREATE TABLE course_instructors (
  course_id bigint NOT NULL REFERENCES courses ON DELETE CASCADE,
  instructor_sub varchar(255) NOT NULL,
  PRIMARY KEY (course_id, instructor_sub)
);
CREATE INDEX course_instructors_by_sub ON course_instructors (instructor_sub);

CREATE TABLE lessons (
  content_kind varchar(32) NOT NULL CHECK (content_kind IN ('lms_lesson', 'exam_prep_lesson')),
  content_id bigint NOT NULL CHECK (content_id > 0),
  course_id bigint NOT NULL REFERENCES courses,
  title varchar(500) NOT NULL,
  video_url varchar(2048),
  duration_sec integer CHECK (duration_sec > 0),
  PRIMARY KEY (content_kind, content_id)
);
CREATE INDEX lessons_by_course ON lessons (course_id);
