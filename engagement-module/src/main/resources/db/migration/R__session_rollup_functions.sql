-- Engagement module: every function and aggregate of the roll-ups as it is now, the one place to
-- read and change them. Flyway applies this file after the versioned migrations, and again whenever
-- it changes; the versioned migrations that first created these stay byte for byte as they were
-- applied (Flyway checksums them), so a body there may be older than the one here. The tables are
-- made by V5__session_rollups.sql (per lesson and day, per learner, everybody's day steps),
-- V6__lesson_learner_rollups.sql (day steps per lesson), V7__course_learner_rollups.sql (per
-- learner and course, day steps per course, each lesson's course),
-- V13__learner_lesson_coverage.sql (the lessons each learner completed by coverage) and
-- V16__lesson_learner_days.sql (each learner's figures per lesson and day). The metric
-- definitions that the roll-up job and the reports share come first: each is written once, here,
-- and the reports' SQL (engagement-module's ReportScope, SummaryReports, RetentionReports) calls
-- it too.

-- Metric definitions, one per function. Each is a single SQL expression, IMMUTABLE and not STRICT,
-- so that PostgreSQL inlines it into the statement that calls it (no call per row; EXPLAIN VERBOSE
-- shows the expression). They take the session's columns one by one, as every caller has them.

-- Reached a quarter of the video by position: quarters 1, 2, 3 are the 25 %, 50 % and 75 % marks;
-- NULL (counted as not reached) when the duration is unknown.
CREATE OR REPLACE FUNCTION session_reached(max_position_sec integer, duration_sec integer,
    quarters integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT max_position_sec * 4 >= duration_sec * quarters $$;

-- How much of the video its furthest position covers, from 0 to 1; NULL when the duration is
-- unknown. "Percent watched" is the mean of this over the sessions with a known duration.
CREATE OR REPLACE FUNCTION session_watched_fraction(max_position_sec integer, duration_sec integer)
  RETURNS numeric
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  -- least() ignores NULL: without the CASE an unknown duration would give 1
  AS $$ SELECT CASE WHEN duration_sec IS NOT NULL
                 THEN least(1.0, max_position_sec::numeric / duration_sec) END $$;

-- The retention point (0 … points) of the furthest position; NULL when the duration is unknown.
CREATE OR REPLACE FUNCTION session_point(max_position_sec integer, duration_sec integer,
    points integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN duration_sec IS NOT NULL
                 THEN CAST(least(points, (max_position_sec::bigint * points) / duration_sec)
                   AS integer) END $$;

-- Closed: completed, ended, or idle since before idle_before (now minus the session gap).
CREATE OR REPLACE FUNCTION session_closed(completed_at timestamptz, ended_at timestamptz,
    last_heartbeat_at timestamptz, idle_before timestamptz) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT completed_at IS NOT NULL OR ended_at IS NOT NULL
                 OR last_heartbeat_at < idle_before $$;

-- Dropped: closed without being completed. Every settled session is closed, so a settled session
-- is dropped exactly when it is not completed.
CREATE OR REPLACE FUNCTION session_dropped(completed_at timestamptz, ended_at timestamptz,
    last_heartbeat_at timestamptz, idle_before timestamptz) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT completed_at IS NULL
                 AND (ended_at IS NOT NULL OR last_heartbeat_at < idle_before) $$;

-- Skipped ahead: complete by position, but under half of the video really played (only where the
-- player reported what it played).
CREATE OR REPLACE FUNCTION session_skipped_ahead(coverage_tracked boolean,
    completed_at timestamptz, watched_sec integer, duration_sec integer) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coverage_tracked AND completed_at IS NOT NULL
                 AND watched_sec * 2 < duration_sec $$;

-- The counter-array helpers of V5, in PL/pgSQL: called once per row and per array by the job's
-- aggregates and upserts, a loop costs less than the SQL versions' query per call (a batch of 2,000
-- sessions settles in about three quarters of the time).

-- Element-wise sum of counter arrays; the shorter one counts as zeros beyond its end.
CREATE OR REPLACE FUNCTION rollup_add(a bigint[], b bigint[]) RETURNS bigint[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  na integer := coalesce(cardinality(a), 0);
  nb integer := coalesce(cardinality(b), 0);
  la integer := coalesce(array_lower(a, 1), 1);
  lb integer := coalesce(array_lower(b, 1), 1);
  sums bigint[] := array_fill(0::bigint, ARRAY[greatest(na, nb)]);
BEGIN
  FOR i IN 1 .. greatest(na, nb) LOOP
    sums[i] := CASE WHEN i <= na THEN coalesce(a[la + i - 1], 0) ELSE 0 END
             + CASE WHEN i <= nb THEN coalesce(b[lb + i - 1], 0) ELSE 0 END;
  END LOOP;
  RETURN sums;
END
$$;

-- A counter array from rollup_put, with zeros where nothing was put, indexed from 1.
CREATE OR REPLACE FUNCTION rollup_fill(counters bigint[]) RETURNS bigint[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  n integer := greatest(coalesce(array_upper(counters, 1), 0), 0);
  filled bigint[] := array_fill(0::bigint, ARRAY[n]);
BEGIN
  FOR i IN greatest(1, coalesce(array_lower(counters, 1), 1)) .. n LOOP
    filled[i] := coalesce(counters[i], 0);
  END LOOP;
  RETURN filled;
END
$$;

-- The running sums of a counter array, cut to the 101 retention points.
CREATE OR REPLACE FUNCTION rollup_running_sum(steps bigint[]) RETURNS bigint[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  n integer := least(coalesce(cardinality(steps), 0), 101);
  lo integer := coalesce(array_lower(steps, 1), 1);
  total bigint := 0;
  sums bigint[] := array_fill(0::bigint, ARRAY[n]);
BEGIN
  FOR i IN 1 .. n LOOP
    total := total + coalesce(steps[lo + i - 1], 0);
    sums[i] := total;
  END LOOP;
  RETURN sums;
END
$$;

-- Counter arrays built from (index, amount) pairs: amount added at index k + 1, zeros between.
CREATE OR REPLACE FUNCTION rollup_put(counters bigint[], k integer, amount bigint) RETURNS bigint[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  IF k IS NOT NULL AND amount IS NOT NULL THEN
    counters[k + 1] := coalesce(counters[k + 1], 0) + amount;
  END IF;
  RETURN counters;
END
$$;

-- The element-wise sum of counter arrays, and counter arrays from (index, amount) pairs.
CREATE OR REPLACE AGGREGATE rollup_sum(bigint[]) (
  SFUNC = rollup_add, STYPE = bigint[], INITCOND = '{}');

CREATE OR REPLACE AGGREGATE rollup_counts(integer, bigint) (
  SFUNC = rollup_put, STYPE = bigint[], INITCOND = '{}', FINALFUNC = rollup_fill);

-- The days of a set of days, one row each.
CREATE OR REPLACE FUNCTION rollup_days(days datemultirange) RETURNS SETOF date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CAST(d AS date) FROM unnest(days) AS r(range),
        generate_series(lower(r.range), upper(r.range) - 1, interval '1 day') AS d $$;

-- Day steps. A learner's days (the start days of their sessions, in the roll-ups' zone) are kept as
-- steps: each day with the learner's previous day ('-infinity' before the first). A learner was
-- active in [from, to) exactly when one of their steps has from <= day < to and prev_day < from,
-- so distinct learners over any range are a sum of the step counts (docs/reports-at-scale.md works
-- an example through). Kind 0 steps come from the days with any session, kind 1 from the days with a
-- completed one. This is what one learner's steps change by when their active and completed days
-- go from old_active and old_done to active and done: -1 for each step of the old days, +1 for
-- each step of the new ones (the same step in both cancels out in the caller's sum).
CREATE OR REPLACE FUNCTION rollup_day_steps(old_active datemultirange, active datemultirange,
    old_done datemultirange, done datemultirange)
  RETURNS TABLE (kind integer, day date, prev_day date, change integer)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT v.kind, d.day,
    lag(d.day, 1, '-infinity') OVER (PARTITION BY v.kind, v.change ORDER BY d.day), v.change
  FROM (VALUES (0, -1, old_active), (0, 1, active), (1, -1, old_done), (1, 1, done))
    AS v(kind, change, days)
  CROSS JOIN LATERAL rollup_days(v.days) AS d(day)
$$;

-- The roll-up rows (one per lesson and start day, in the zone) of the given sessions: what
-- settle_sessions adds for a batch, and what erasing a learner takes away. settle_before decides
-- which sessions count as dropped; for settled sessions any later moment gives the same. STABLE:
-- called by settle_sessions, it reads the batch as the statement began, before marking it.
CREATE OR REPLACE FUNCTION session_rollup_rows(ids bigint[], zone text, settle_before timestamptz)
  RETURNS SETOF session_rollups LANGUAGE sql STABLE
AS $$
WITH s AS (
  SELECT ws.*, CAST(ws.started_at AT TIME ZONE zone AS date) AS day,
    session_dropped(ws.completed_at, ws.ended_at, ws.last_heartbeat_at, settle_before) AS dropped,
    session_point(ws.max_position_sec, ws.duration_sec, 100) AS point
  FROM watch_sessions ws WHERE ws.session_id = ANY (ids)),
counts AS (
  SELECT content_kind, content_id, day, count(*) AS sessions,
    count(*) FILTER (WHERE completed_at IS NOT NULL) AS completed,
    count(*) FILTER (WHERE session_number > 1) AS returns,
    count(*) FILTER (WHERE duration_sec IS NOT NULL) AS with_duration,
    coalesce(sum(session_watched_fraction(max_position_sec, duration_sec)), 0)
      AS percent_watched_sum,
    count(*) FILTER (WHERE session_reached(max_position_sec, duration_sec, 1)) AS reached_25,
    count(*) FILTER (WHERE session_reached(max_position_sec, duration_sec, 2)) AS reached_50,
    count(*) FILTER (WHERE session_reached(max_position_sec, duration_sec, 3)) AS reached_75,
    count(*) FILTER (WHERE coverage_tracked AND duration_sec IS NOT NULL) AS with_coverage,
    count(*) FILTER (WHERE coverage_completed_at IS NOT NULL) AS coverage_completed,
    count(*) FILTER (WHERE session_skipped_ahead(coverage_tracked, completed_at, watched_sec,
      duration_sec)) AS skipped_ahead
  FROM s GROUP BY content_kind, content_id, day),
points AS (
  SELECT content_kind, content_id, day,
    rollup_counts(point, n) AS at_point, rollup_counts(point, d) AS dropped_at_point
  FROM (SELECT content_kind, content_id, day, point, count(*) AS n,
          count(*) FILTER (WHERE dropped) AS d
        FROM s WHERE point IS NOT NULL GROUP BY 1, 2, 3, 4) p
  GROUP BY 1, 2, 3),
-- Retention by coverage: point k < 100 looks at second floor(k * d / 100), so a watched range
-- [lo, hi) covers exactly the points ceil(100 lo / d) … ceil(100 hi / d) - 1; point 100 looks at
-- the last second, d - 1. Each range adds 1 from its first point and -1 after its last; the
-- running sum of those steps is the number of sessions that watched each point.
watched AS (
  SELECT content_kind, content_id, day, rollup_running_sum(rollup_counts(k, n)) AS watched_point
  FROM (SELECT content_kind, content_id, day, k, sum(step) AS n
        FROM (SELECT s.content_kind, s.content_id, s.day, e.k, e.step
              FROM s CROSS JOIN LATERAL unnest(s.watched) AS r(range)
              CROSS JOIN LATERAL (SELECT
                  greatest(0, (lower(r.range) * 100 + s.duration_sec - 1) / s.duration_sec) AS lo,
                  least(99, (upper(r.range) * 100 + s.duration_sec - 1) / s.duration_sec - 1) AS hi
                ) p
              CROSS JOIN LATERAL (VALUES (p.lo, 1), (p.hi + 1, -1)) AS e(k, step)
              WHERE s.coverage_tracked AND s.duration_sec IS NOT NULL AND p.lo <= p.hi
              UNION ALL
              SELECT content_kind, content_id, day, e.k, e.step FROM s
              CROSS JOIN (VALUES (100, 1), (101, -1)) AS e(k, step)
              WHERE coverage_tracked AND duration_sec IS NOT NULL
                AND watched @> (duration_sec - 1)) w
        GROUP BY 1, 2, 3, 4) c
  GROUP BY 1, 2, 3),
stretches AS (
  SELECT content_kind, content_id, day, rollup_counts(k, n) AS stretch_sessions,
    rollup_counts(k, played) AS stretch_played_ds, rollup_counts(k, seen) AS stretch_seen_sec
  FROM (SELECT s.content_kind, s.content_id, s.day, CAST(u.i AS integer) - 1 AS k,
          count(*) FILTER (WHERE u.seen > 0) AS n, sum(u.played) AS played, sum(u.seen) AS seen
        FROM s CROSS JOIN LATERAL unnest(s.played_ds_by_10s, s.seen_sec_by_10s)
          WITH ORDINALITY AS u(played, seen, i)
        WHERE s.coverage_tracked GROUP BY 1, 2, 3, 4) t
  GROUP BY 1, 2, 3),
drops AS (
  SELECT content_kind, content_id, day, rollup_counts(k, n) AS dropped_in_stretch
  FROM (SELECT content_kind, content_id, day, max_position_sec / 10 AS k, count(*) AS n
        FROM s WHERE dropped GROUP BY 1, 2, 3, 4) d
  GROUP BY 1, 2, 3)
  SELECT c.content_kind, c.content_id, c.day, c.sessions, c.completed, c.returns,
    c.with_duration, c.percent_watched_sum, c.reached_25, c.reached_50, c.reached_75,
    c.with_coverage, c.coverage_completed, c.skipped_ahead,
    coalesce(p.at_point, '{}'), coalesce(p.dropped_at_point, '{}'),
    coalesce(w.watched_point, '{}'), coalesce(t.stretch_sessions, '{}'),
    coalesce(t.stretch_played_ds, '{}'), coalesce(t.stretch_seen_sec, '{}'),
    coalesce(d.dropped_in_stretch, '{}')
  FROM counts c
  LEFT JOIN points p USING (content_kind, content_id, day)
  LEFT JOIN watched w USING (content_kind, content_id, day)
  LEFT JOIN stretches t USING (content_kind, content_id, day)
  LEFT JOIN drops d USING (content_kind, content_id, day)
$$;

-- Rolls up at most batch_size settled sessions (ended, or last heartbeat before settle_before)
-- with start days in the given zone, and marks them; returns how many. Sessions locked by a
-- heartbeat in flight are skipped and settled by a later call. The definitions mirror the reports'
-- queries over unsettled rows (ReportScope, SummaryReports, RetentionReports, CoverageReports),
-- counted per lesson and day, then per position.
CREATE OR REPLACE FUNCTION settle_sessions(settle_before timestamptz, zone text, batch_size integer)
  RETURNS integer LANGUAGE sql VOLATILE
AS $$
WITH due AS (
  SELECT session_id FROM watch_sessions
  WHERE NOT rolled_up AND (ended_at IS NOT NULL OR last_heartbeat_at < settle_before)
    -- a node configured for another zone than the roll-ups' rolls up nothing
    AND EXISTS (SELECT 1 FROM session_rollup_state WHERE time_zone = zone)
  LIMIT batch_size FOR UPDATE SKIP LOCKED),
s AS (
  -- = ANY (ARRAY(…)): the batch is looked up by primary key, whatever its size
  UPDATE watch_sessions ws SET rolled_up = true
  WHERE ws.session_id = ANY (ARRAY(SELECT session_id FROM due))
  RETURNING ws.*, CAST(ws.started_at AT TIME ZONE zone AS date) AS day),
lessons AS (
  INSERT INTO rollup_lessons (content_kind, content_id)
  SELECT DISTINCT content_kind, content_id FROM s
  ON CONFLICT DO NOTHING),
batch_learners AS (
  SELECT learner_sub, range_agg(daterange(day, day + 1)) AS active,
    coalesce(range_agg(daterange(day, day + 1)) FILTER (WHERE completed_at IS NOT NULL), '{}')
      AS done
  FROM s GROUP BY learner_sub),
-- the statement's snapshot still shows each learner's days before this batch
changed AS (
  SELECT b.learner_sub,
    coalesce(l.active_days, '{}') AS old_active, coalesce(l.active_days, '{}') + b.active AS active,
    coalesce(l.completed_days, '{}') AS old_done, coalesce(l.completed_days, '{}') + b.done AS done
  FROM batch_learners b LEFT JOIN learner_rollups l USING (learner_sub)),
learners AS (
  INSERT INTO learner_rollups AS l (learner_sub, active_days, completed_days)
  SELECT learner_sub, active, done FROM changed
  ON CONFLICT (learner_sub) DO UPDATE SET
    active_days = excluded.active_days, completed_days = excluded.completed_days),
-- the changed learners' steps: the old ones taken away, the new ones added
steps AS (
  SELECT t.kind, t.day, t.prev_day, sum(t.change) AS n
  FROM changed CROSS JOIN LATERAL rollup_day_steps(old_active, active, old_done, done) t
  GROUP BY t.kind, t.day, t.prev_day HAVING sum(t.change) <> 0),
stepped AS (
  INSERT INTO learner_day_steps AS t (kind, day, prev_day, learners)
  SELECT kind, day, prev_day, n FROM steps
  ON CONFLICT (kind, day, prev_day) DO UPDATE SET learners = t.learners + excluded.learners),
-- the same per learner and lesson: the batch's days added to each pair's, the pairs' steps
lesson_batch AS (
  SELECT content_kind, content_id, learner_sub, range_agg(daterange(day, day + 1)) AS active,
    coalesce(range_agg(daterange(day, day + 1)) FILTER (WHERE completed_at IS NOT NULL), '{}')
      AS done
  FROM s GROUP BY content_kind, content_id, learner_sub),
-- each pair's days before this batch, from its sessions rolled up earlier (the statement's
-- snapshot does not show this batch's as rolled up yet); a join, not a lookup per pair, so that a
-- batch of millions (src/bench) can be hashed
lesson_before AS (
  SELECT content_kind, content_id, learner_sub, range_agg(daterange(day, day + 1)) AS active,
    coalesce(range_agg(daterange(day, day + 1)) FILTER (WHERE completed), '{}') AS done
  FROM (SELECT ws.content_kind, ws.content_id, ws.learner_sub,
          ws.completed_at IS NOT NULL AS completed,
          CAST(ws.started_at AT TIME ZONE zone AS date) AS day
        FROM lesson_batch b JOIN watch_sessions ws USING (learner_sub, content_kind, content_id)
        WHERE ws.rolled_up) w
  GROUP BY content_kind, content_id, learner_sub),
lesson_changed AS (
  SELECT b.content_kind, b.content_id, b.learner_sub,
    coalesce(o.active, '{}') AS old_active, coalesce(o.active, '{}') + b.active AS active,
    coalesce(o.done, '{}') AS old_done, coalesce(o.done, '{}') + b.done AS done
  FROM lesson_batch b LEFT JOIN lesson_before o USING (content_kind, content_id, learner_sub)),
lesson_steps AS (
  SELECT content_kind, content_id, t.kind, t.day, t.prev_day, sum(t.change) AS n
  FROM lesson_changed CROSS JOIN LATERAL rollup_day_steps(old_active, active, old_done, done) t
  GROUP BY content_kind, content_id, t.kind, t.day, t.prev_day HAVING sum(t.change) <> 0),
lesson_stepped AS (
  INSERT INTO lesson_learner_day_steps AS t (content_kind, content_id, day, prev_day, kind, learners)
  SELECT content_kind, content_id, day, prev_day, kind, n FROM lesson_steps
  ON CONFLICT (content_kind, content_id, day, prev_day, kind)
  DO UPDATE SET learners = t.learners + excluded.learners),
-- the same per learner and course, for the lessons' courses in rollup_lesson_courses
course_batch AS (
  SELECT m.course_id, s.learner_sub, range_agg(daterange(s.day, s.day + 1)) AS active,
    coalesce(range_agg(daterange(s.day, s.day + 1)) FILTER (WHERE s.completed_at IS NOT NULL),
      '{}') AS done
  FROM s JOIN rollup_lesson_courses m USING (content_kind, content_id)
  GROUP BY m.course_id, s.learner_sub),
course_changed AS (
  SELECT b.course_id, b.learner_sub,
    coalesce(l.active_days, '{}') AS old_active, coalesce(l.active_days, '{}') + b.active AS active,
    coalesce(l.completed_days, '{}') AS old_done, coalesce(l.completed_days, '{}') + b.done AS done
  FROM course_batch b LEFT JOIN course_learner_rollups l USING (course_id, learner_sub)),
course_learners AS (
  INSERT INTO course_learner_rollups AS l (course_id, learner_sub, active_days, completed_days)
  SELECT course_id, learner_sub, active, done FROM course_changed
  ON CONFLICT (course_id, learner_sub) DO UPDATE SET
    active_days = excluded.active_days, completed_days = excluded.completed_days),
course_steps AS (
  SELECT course_id, t.kind, t.day, t.prev_day, sum(t.change) AS n
  FROM course_changed CROSS JOIN LATERAL rollup_day_steps(old_active, active, old_done, done) t
  GROUP BY course_id, t.kind, t.day, t.prev_day HAVING sum(t.change) <> 0),
course_stepped AS (
  INSERT INTO course_learner_day_steps AS t (course_id, day, prev_day, kind, learners)
  SELECT course_id, day, prev_day, kind, n FROM course_steps
  ON CONFLICT (course_id, day, prev_day, kind) DO UPDATE SET learners = t.learners + excluded.learners),
-- the lessons each learner has now completed by coverage (V13)
covered AS (
  INSERT INTO learner_lesson_coverage AS c (learner_sub, content_kind, content_id, last_day)
  SELECT learner_sub, content_kind, content_id, max(day) FROM s
  WHERE coverage_completed_at IS NOT NULL
  GROUP BY learner_sub, content_kind, content_id
  ON CONFLICT (learner_sub, content_kind, content_id)
  DO UPDATE SET last_day = greatest(c.last_day, excluded.last_day)),
-- each learner's figures per lesson and day (V16), for the lessons' learner lists
learner_days AS (
  INSERT INTO lesson_learner_days AS d (content_kind, content_id, day, learner_sub, sessions,
    furthest_sec, duration_sec, completed, last_seen)
  SELECT content_kind, content_id, day, learner_sub, count(*), max(max_position_sec),
    max(duration_sec), bool_or(completed_at IS NOT NULL), max(last_heartbeat_at)
  FROM s GROUP BY content_kind, content_id, day, learner_sub
  ON CONFLICT (content_kind, content_id, day, learner_sub) DO UPDATE SET
    sessions = d.sessions + excluded.sessions,
    -- greatest() ignores NULL, as max() does
    furthest_sec = greatest(d.furthest_sec, excluded.furthest_sec),
    duration_sec = greatest(d.duration_sec, excluded.duration_sec),
    completed = d.completed OR excluded.completed,
    last_seen = greatest(d.last_seen, excluded.last_seen)),
rolled AS (
  INSERT INTO session_rollups AS r (content_kind, content_id, day, sessions, completed, returns,
    with_duration, percent_watched_sum, reached_25, reached_50, reached_75, with_coverage,
    coverage_completed, skipped_ahead, at_point, dropped_at_point, watched_point,
    stretch_sessions, stretch_played_ds, stretch_seen_sec, dropped_in_stretch)
  SELECT * FROM session_rollup_rows(ARRAY(SELECT session_id FROM s), zone, settle_before)
  ON CONFLICT (content_kind, content_id, day) DO UPDATE SET
    sessions = r.sessions + excluded.sessions,
    completed = r.completed + excluded.completed,
    returns = r.returns + excluded.returns,
    with_duration = r.with_duration + excluded.with_duration,
    percent_watched_sum = r.percent_watched_sum + excluded.percent_watched_sum,
    reached_25 = r.reached_25 + excluded.reached_25,
    reached_50 = r.reached_50 + excluded.reached_50,
    reached_75 = r.reached_75 + excluded.reached_75,
    with_coverage = r.with_coverage + excluded.with_coverage,
    coverage_completed = r.coverage_completed + excluded.coverage_completed,
    skipped_ahead = r.skipped_ahead + excluded.skipped_ahead,
    at_point = rollup_add(r.at_point, excluded.at_point),
    dropped_at_point = rollup_add(r.dropped_at_point, excluded.dropped_at_point),
    watched_point = rollup_add(r.watched_point, excluded.watched_point),
    stretch_sessions = rollup_add(r.stretch_sessions, excluded.stretch_sessions),
    stretch_played_ds = rollup_add(r.stretch_played_ds, excluded.stretch_played_ds),
    stretch_seen_sec = rollup_add(r.stretch_seen_sec, excluded.stretch_seen_sec),
    dropped_in_stretch = rollup_add(r.dropped_in_stretch, excluded.dropped_in_stretch))
SELECT CAST(count(*) AS integer) FROM s
$$;

-- Empties the roll-ups and marks every session unsettled again, for days in another zone.
CREATE OR REPLACE FUNCTION reset_session_rollups(zone text) RETURNS void LANGUAGE sql VOLATILE
AS $$
  -- waits for a roll-up in flight (on any node) and holds off new ones until this commits, so
  -- that nothing it adds survives the reset while its sessions are marked unsettled again
  LOCK TABLE session_rollups IN EXCLUSIVE MODE;
  DELETE FROM session_rollups;
  DELETE FROM learner_rollups;
  DELETE FROM learner_day_steps;
  DELETE FROM lesson_learner_day_steps;
  DELETE FROM course_learner_rollups;
  DELETE FROM course_learner_day_steps;
  DELETE FROM learner_lesson_coverage;
  DELETE FROM lesson_learner_days;
  DELETE FROM rollup_lessons;
  UPDATE watch_sessions SET rolled_up = false WHERE rolled_up;
  INSERT INTO session_rollup_state (time_zone) VALUES (zone)
    ON CONFLICT (single_row) DO UPDATE SET time_zone = excluded.time_zone;
$$;

-- The courses' learners counted again from their lessons' rolled-up sessions. The caller holds the
-- roll-up lock (RollupStore), so no batch is settled meanwhile.
CREATE OR REPLACE FUNCTION rebuild_course_learners(courses bigint[]) RETURNS void LANGUAGE sql VOLATILE
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
  SELECT course_id, t.day, t.prev_day, t.kind, sum(t.change)
  FROM course_learner_rollups
  CROSS JOIN LATERAL rollup_day_steps('{}', active_days, '{}', completed_days) t
  WHERE course_id = ANY (courses)
  GROUP BY course_id, t.day, t.prev_day, t.kind;
$$;

-- Records the lesson's course; rebuilds the courses' learners when that changes what they count.
-- The caller holds the roll-up lock.
CREATE OR REPLACE FUNCTION put_lesson_course(kind varchar, id bigint, course bigint) RETURNS void
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

-- Element-wise negation of a counter array: rollup_add(a, rollup_negate(b)) takes b away from a.
CREATE OR REPLACE FUNCTION rollup_negate(a bigint[]) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(array_agg(-x ORDER BY i), '{}') FROM unnest(a) WITH ORDINALITY AS u(x, i) $$;

-- Takes a learner's settled sessions out of every roll-up, so that the roll-ups hold exactly what
-- they would had those sessions never been rolled up: their rows (session_rollup_rows, the job's
-- own definition) are subtracted from session_rollups, and their day steps (all, per lesson, per
-- course) taken away as if their days had gone to none. The caller holds the roll-up lock (no
-- batch meanwhile) and then deletes the sessions themselves; unsettled sessions are in no roll-up.
-- Rows left with no session go; step rows left at 0 count nothing, as the job's own can.
CREATE OR REPLACE FUNCTION erase_learner_rollups(sub varchar) RETURNS void
  LANGUAGE sql VOLATILE
AS $$
  WITH x AS (
    SELECT * FROM session_rollup_rows(
      ARRAY(SELECT session_id FROM watch_sessions WHERE learner_sub = sub AND rolled_up),
      (SELECT time_zone FROM session_rollup_state), now()))
  UPDATE session_rollups r SET
    sessions = r.sessions - x.sessions,
    completed = r.completed - x.completed,
    returns = r.returns - x.returns,
    with_duration = r.with_duration - x.with_duration,
    percent_watched_sum = r.percent_watched_sum - x.percent_watched_sum,
    reached_25 = r.reached_25 - x.reached_25,
    reached_50 = r.reached_50 - x.reached_50,
    reached_75 = r.reached_75 - x.reached_75,
    with_coverage = r.with_coverage - x.with_coverage,
    coverage_completed = r.coverage_completed - x.coverage_completed,
    skipped_ahead = r.skipped_ahead - x.skipped_ahead,
    at_point = rollup_add(r.at_point, rollup_negate(x.at_point)),
    dropped_at_point = rollup_add(r.dropped_at_point, rollup_negate(x.dropped_at_point)),
    watched_point = rollup_add(r.watched_point, rollup_negate(x.watched_point)),
    stretch_sessions = rollup_add(r.stretch_sessions, rollup_negate(x.stretch_sessions)),
    stretch_played_ds = rollup_add(r.stretch_played_ds, rollup_negate(x.stretch_played_ds)),
    stretch_seen_sec = rollup_add(r.stretch_seen_sec, rollup_negate(x.stretch_seen_sec)),
    dropped_in_stretch = rollup_add(r.dropped_in_stretch, rollup_negate(x.dropped_in_stretch))
  FROM x
  WHERE r.content_kind = x.content_kind AND r.content_id = x.content_id AND r.day = x.day;

  DELETE FROM session_rollups r
  USING (SELECT DISTINCT ws.content_kind, ws.content_id,
           CAST(ws.started_at AT TIME ZONE st.time_zone AS date) AS day
         FROM watch_sessions ws CROSS JOIN session_rollup_state st
         WHERE ws.learner_sub = sub AND ws.rolled_up) k
  WHERE r.content_kind = k.content_kind AND r.content_id = k.content_id AND r.day = k.day
    AND r.sessions = 0;

  WITH changes AS (
    SELECT t.kind, t.day, t.prev_day, sum(t.change) AS n
    FROM learner_rollups l
    CROSS JOIN LATERAL rollup_day_steps(l.active_days, '{}', l.completed_days, '{}') t
    WHERE l.learner_sub = sub
    GROUP BY t.kind, t.day, t.prev_day)
  UPDATE learner_day_steps s SET learners = s.learners + c.n
  FROM changes c WHERE s.kind = c.kind AND s.day = c.day AND s.prev_day = c.prev_day;
  DELETE FROM learner_rollups WHERE learner_sub = sub;

  WITH pairs AS (
    SELECT content_kind, content_id, range_agg(daterange(day, day + 1)) AS active,
      coalesce(range_agg(daterange(day, day + 1)) FILTER (WHERE completed), '{}') AS done
    FROM (SELECT ws.content_kind, ws.content_id, ws.completed_at IS NOT NULL AS completed,
            CAST(ws.started_at AT TIME ZONE st.time_zone AS date) AS day
          FROM watch_sessions ws CROSS JOIN session_rollup_state st
          WHERE ws.learner_sub = sub AND ws.rolled_up) w
    GROUP BY content_kind, content_id),
  changes AS (
    SELECT p.content_kind, p.content_id, t.kind, t.day, t.prev_day, sum(t.change) AS n
    FROM pairs p CROSS JOIN LATERAL rollup_day_steps(p.active, '{}', p.done, '{}') t
    GROUP BY p.content_kind, p.content_id, t.kind, t.day, t.prev_day)
  UPDATE lesson_learner_day_steps s SET learners = s.learners + c.n
  FROM changes c
  WHERE s.content_kind = c.content_kind AND s.content_id = c.content_id AND s.day = c.day
    AND s.prev_day = c.prev_day AND s.kind = c.kind;

  WITH changes AS (
    SELECT l.course_id, t.kind, t.day, t.prev_day, sum(t.change) AS n
    FROM course_learner_rollups l
    CROSS JOIN LATERAL rollup_day_steps(l.active_days, '{}', l.completed_days, '{}') t
    WHERE l.learner_sub = sub
    GROUP BY l.course_id, t.kind, t.day, t.prev_day)
  UPDATE course_learner_day_steps s SET learners = s.learners + c.n
  FROM changes c
  WHERE s.course_id = c.course_id AND s.day = c.day AND s.prev_day = c.prev_day
    AND s.kind = c.kind;
  DELETE FROM course_learner_rollups WHERE learner_sub = sub;
  DELETE FROM learner_lesson_coverage WHERE learner_sub = sub;
  DELETE FROM lesson_learner_days WHERE learner_sub = sub;
$$;
