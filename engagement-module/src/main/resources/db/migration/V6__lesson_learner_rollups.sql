-- Engagement module: distinct learners per lesson from roll-ups, as learner_day_steps (V5) gives
-- them for everything. The course page counts each lesson's learners; without these it reads every
-- session of the course in range from the index. settle_sessions keeps these steps from now on
-- (R__session_rollup_functions.sql).

-- learner_day_steps per lesson: a lesson's learners in [from, to) are the sum of `learners` over
-- its steps with from <= day < to and prev_day < from (kind 0: start days of the learner's settled
-- sessions of the lesson; kind 1: those of the completed ones). A learner's earlier days for a
-- lesson are read from their rolled-up sessions, through the (learner, lesson, number) index.
CREATE TABLE lesson_learner_day_steps (
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  day date NOT NULL,
  prev_day date NOT NULL,
  kind smallint NOT NULL,
  learners integer NOT NULL,
  PRIMARY KEY (content_kind, content_id, day, prev_day, kind)
);

-- The steps of the sessions rolled up so far, in the roll-ups' zone.
SET LOCAL work_mem = '256MB';
INSERT INTO lesson_learner_day_steps (content_kind, content_id, day, prev_day, kind, learners)
SELECT content_kind, content_id, day, prev_day, kind, count(*)
FROM (SELECT content_kind, content_id, kind, day,
        lag(day, 1, '-infinity') OVER (
          PARTITION BY content_kind, content_id, learner_sub, kind ORDER BY day) AS prev_day
      FROM (SELECT content_kind, content_id, learner_sub, day, k.kind
            FROM (SELECT ws.content_kind, ws.content_id, ws.learner_sub,
                    CAST(ws.started_at AT TIME ZONE st.time_zone AS date) AS day,
                    bool_or(ws.completed_at IS NOT NULL) AS completed
                  FROM watch_sessions ws CROSS JOIN session_rollup_state st
                  WHERE ws.rolled_up
                  GROUP BY 1, 2, 3, 4) d
            CROSS JOIN LATERAL (VALUES (0), (1)) AS k(kind)
            WHERE k.kind = 0 OR d.completed) d) e
GROUP BY content_kind, content_id, day, prev_day, kind;
