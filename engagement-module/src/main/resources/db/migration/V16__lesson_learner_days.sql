-- Engagement module: each learner's figures per lesson and day, from their rolled-up sessions. A
-- lesson's learner list (its learners.csv, and the course's, LearnerReports.learners) adds these
-- up over the window's days and adds the sessions not rolled up yet. Without this table the list
-- reads every session of the lesson in the window from watch_sessions, a heap fetch each (24,000
-- sessions of the busiest lesson at 10 M sessions, 170 ms alone and over a second under the
-- benchmark's mixed load); with it, one range of the primary key, read from the index alone.
--
-- A row sums the learner's rolled-up sessions of the lesson that started on `day` (in the
-- roll-ups' zone): how many, the furthest position and the longest duration they reported,
-- whether one completed, and the last heartbeat. settle_sessions adds to it, reset_session_rollups
-- empties it, erase_learner_rollups deletes the learner's rows, and the retention job deletes the
-- days whose sessions it deleted (R__session_rollup_functions.sql, RollupStore.purge).
CREATE TABLE lesson_learner_days (
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  day date NOT NULL,
  learner_sub varchar(255) NOT NULL,
  sessions integer NOT NULL,
  furthest_sec integer NOT NULL,
  duration_sec integer,
  completed boolean NOT NULL,
  last_seen timestamptz NOT NULL,
  PRIMARY KEY (content_kind, content_id, day, learner_sub)
    INCLUDE (sessions, furthest_sec, duration_sec, completed, last_seen)
);
-- A learner's rows, for their erasure; the retention job's days, without reading the whole table.
CREATE INDEX lesson_learner_days_by_learner ON lesson_learner_days (learner_sub);
CREATE INDEX lesson_learner_days_by_day ON lesson_learner_days (day);

SET LOCAL work_mem = '256MB';
INSERT INTO lesson_learner_days (content_kind, content_id, day, learner_sub, sessions,
  furthest_sec, duration_sec, completed, last_seen)
SELECT ws.content_kind, ws.content_id, CAST(ws.started_at AT TIME ZONE st.time_zone AS date),
  ws.learner_sub, count(*), max(ws.max_position_sec), max(ws.duration_sec),
  bool_or(ws.completed_at IS NOT NULL), max(ws.last_heartbeat_at)
FROM watch_sessions ws CROSS JOIN session_rollup_state st
WHERE ws.rolled_up
GROUP BY 1, 2, 3, 4;
-- statistics at once, not after autovacuum's first visit (which also sets the visibility map that
-- lets the reports read the primary key alone)
ANALYZE lesson_learner_days;
