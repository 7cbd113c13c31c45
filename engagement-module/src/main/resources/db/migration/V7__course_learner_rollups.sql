-- Engagement module: distinct learners per course from roll-ups, as lesson_learner_day_steps (V6)
-- gives them per lesson. Without these, a course's learners are counted from every session of the
-- course in range. settle_sessions keeps them from now on (R__session_rollup_functions.sql).

-- The course of each lesson, as the roll-ups count it. The catalogue announces every lesson it
-- writes (CatalogChanged); put_lesson_course records the course, and when a lesson moves, rebuilds
-- both courses' learners from their rolled-up sessions.
CREATE TABLE rollup_lesson_courses (
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  course_id bigint NOT NULL,
  PRIMARY KEY (content_kind, content_id)
);
CREATE INDEX rollup_lesson_courses_by_course ON rollup_lesson_courses (course_id);

-- Per learner and course, the start days of their settled sessions and of the completed ones.
CREATE TABLE course_learner_rollups (
  course_id bigint NOT NULL,
  learner_sub varchar(255) NOT NULL,
  active_days datemultirange NOT NULL,
  completed_days datemultirange NOT NULL,
  PRIMARY KEY (course_id, learner_sub)
);

-- learner_day_steps per course (see V5): a course's learners in [from, to) are the sum of
-- `learners` over its steps with from <= day < to and prev_day < from.
CREATE TABLE course_learner_day_steps (
  course_id bigint NOT NULL,
  day date NOT NULL,
  prev_day date NOT NULL,
  kind smallint NOT NULL,
  learners integer NOT NULL,
  PRIMARY KEY (course_id, day, prev_day, kind)
);

-- The courses' learners counted again from their lessons' rolled-up sessions. The caller holds the
-- roll-up lock (RollupStore), so no batch is settled meanwhile.
CREATE FUNCTION rebuild_course_learners(courses bigint[]) RETURNS void LANGUAGE sql VOLATILE
AS $$
  DELETE FROM course_learner_rollups WHERE course_id = ANY (courses);
  DELETE FROM course_learner_day_steps WHERE course_id = ANY (courses);
  INSERT INTO course_learner_rollups (course_id, learner_sub, active_days, completed_days)
  SELECT m.course_id, ws.learner_sub, range_agg(daterange(d.day, d.day + 1)),
    coalesce(range_agg(daterange(d.day, d.day + 1)) FILTER (WHERE ws.completed_at IS NOT NULL),
      '{}')
  FROM rollup_lesson_courses m
  JOIN watch_sessions ws ON ws.content_kind = m.content_kind AND ws.content_id = m.content_id
  CROSS JOIN session_rollup_state st
  CROSS JOIN LATERAL (SELECT CAST(ws.started_at AT TIME ZONE st.time_zone AS date) AS day) d
  WHERE m.course_id = ANY (courses) AND ws.rolled_up
  GROUP BY m.course_id, ws.learner_sub;
  INSERT INTO course_learner_day_steps (course_id, day, prev_day, kind, learners)
  SELECT course_id, day, prev_day, kind, count(*)
  FROM (SELECT course_id, kind, day,
          lag(day, 1, '-infinity') OVER (PARTITION BY course_id, learner_sub, kind ORDER BY day)
            AS prev_day
        FROM (SELECT course_id, learner_sub, 0 AS kind, rollup_days(active_days) AS day
              FROM course_learner_rollups WHERE course_id = ANY (courses)
              UNION ALL
              SELECT course_id, learner_sub, 1, rollup_days(completed_days)
              FROM course_learner_rollups WHERE course_id = ANY (courses)) d) e
  GROUP BY course_id, day, prev_day, kind;
$$;

-- Records the lesson's course; rebuilds the courses' learners when that changes what they count.
-- The caller holds the roll-up lock.
CREATE FUNCTION put_lesson_course(kind varchar, id bigint, course bigint) RETURNS void
  LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  previous bigint;
BEGIN
  SELECT course_id INTO previous FROM rollup_lesson_courses
  WHERE content_kind = kind AND content_id = id;
  IF previous = course THEN
    RETURN;
  END IF;
  INSERT INTO rollup_lesson_courses (content_kind, content_id, course_id) VALUES (kind, id, course)
  ON CONFLICT (content_kind, content_id) DO UPDATE SET course_id = excluded.course_id;
  IF previous IS NOT NULL OR EXISTS (SELECT 1 FROM watch_sessions
                                     WHERE content_kind = kind AND content_id = id AND rolled_up) THEN
    PERFORM rebuild_course_learners(array_remove(ARRAY[previous, course], NULL));
  END IF;
END
$$;

-- The catalogue's lessons so far, and their courses' learners.
INSERT INTO rollup_lesson_courses (content_kind, content_id, course_id)
SELECT content_kind, content_id, course_id FROM lessons;
SET LOCAL work_mem = '256MB';
SELECT rebuild_course_learners(ARRAY(SELECT DISTINCT course_id FROM rollup_lesson_courses));
