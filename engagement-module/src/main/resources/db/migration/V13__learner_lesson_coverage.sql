-- Engagement module: which lessons each learner has completed by coverage, from their rolled-up
-- sessions. The at-risk list shows each learner's progress in a course as the number of its
-- lessons they have completed by coverage; without this table that is an index probe per learner
-- and lesson (2,000 learners of a 20-lesson course: 40,000 probes, about 200 ms at 10 M
-- sessions), with it one short index range per learner.
--
-- A row says the learner has a rolled-up session of the lesson that completed by coverage, and
-- `last_day` is the start day (in the roll-ups' zone) of the latest such session. settle_sessions
-- adds rows, erase_learner_rollups deletes the learner's, and the retention job deletes those whose
-- last_day is before the window, once their sessions have gone (R__session_rollup_functions.sql,
-- RollupStore.purge).
CREATE TABLE learner_lesson_coverage (
  learner_sub varchar(255) NOT NULL,
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  last_day date NOT NULL,
  PRIMARY KEY (learner_sub, content_kind, content_id)
);
-- The retention job's rows to forget, found without reading the whole table each round.
CREATE INDEX learner_lesson_coverage_by_day ON learner_lesson_coverage (last_day);

SET LOCAL work_mem = '256MB';
INSERT INTO learner_lesson_coverage (learner_sub, content_kind, content_id, last_day)
SELECT ws.learner_sub, ws.content_kind, ws.content_id,
  max(CAST(ws.started_at AT TIME ZONE st.time_zone AS date))
FROM watch_sessions ws CROSS JOIN session_rollup_state st
WHERE ws.rolled_up AND ws.coverage_completed_at IS NOT NULL
GROUP BY ws.learner_sub, ws.content_kind, ws.content_id;
