-- Engagement module: roll-ups that keep the reports fast with millions of sessions.
--
-- A session is settled once nothing can change it any more: it has ended, or it has been idle for
-- longer than the session gap (the learner's next heartbeat starts a new session). A background
-- job adds settled sessions to the roll-ups and sets `rolled_up` in the same transaction; reports
-- read the roll-ups for settled sessions and the rows themselves for the few others, so each
-- session is counted exactly once, with the same definitions. Days are start days in the zone
-- recorded in `session_rollup_state`; when `engagement.time-zone` changes, the roll-ups are
-- rebuilt from the sessions.
ALTER TABLE watch_sessions ADD COLUMN rolled_up boolean NOT NULL DEFAULT false;

-- The sessions not rolled up yet: few, and all that the reports and the job read row by row.
CREATE INDEX watch_sessions_unsettled ON watch_sessions (content_kind, content_id, started_at)
  WHERE NOT rolled_up;

-- Distinct learners cannot be added up from per-day counts; this index answers them for a lesson
-- or a course from the index alone. It replaces the index on the same key.
CREATE INDEX watch_sessions_learners ON watch_sessions (content_kind, content_id, started_at)
  INCLUDE (learner_sub, completed_at);
DROP INDEX watch_sessions_by_content_start;

CREATE TABLE session_rollup_state (
  single_row boolean PRIMARY KEY DEFAULT true CHECK (single_row),
  time_zone varchar(64) NOT NULL
);

-- Per lesson and start day, the settled sessions' counts (settled sessions are all closed, so
-- dropped = not completed). Arrays hold one counter per position: index k + 1 is retention point
-- k (k = 0 … 100) or 10-second stretch k.
CREATE TABLE session_rollups (
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  day date NOT NULL,
  sessions integer NOT NULL,
  completed integer NOT NULL,
  returns integer NOT NULL,
  with_duration integer NOT NULL,
  percent_watched_sum numeric NOT NULL,
  reached_25 integer NOT NULL,
  reached_50 integer NOT NULL,
  reached_75 integer NOT NULL,
  with_coverage integer NOT NULL,
  coverage_completed integer NOT NULL,
  skipped_ahead integer NOT NULL,
  -- sessions with a known duration whose furthest position is at point k, and the dropped ones
  at_point bigint[] NOT NULL,
  dropped_at_point bigint[] NOT NULL,
  -- sessions with coverage and a known duration that watched the second at point k
  watched_point bigint[] NOT NULL,
  -- per stretch, over sessions with coverage: sessions that saw it, tenths played, seconds seen
  stretch_sessions bigint[] NOT NULL,
  stretch_played_ds bigint[] NOT NULL,
  stretch_seen_sec bigint[] NOT NULL,
  -- dropped sessions by the stretch of their furthest position
  dropped_in_stretch bigint[] NOT NULL,
  PRIMARY KEY (content_kind, content_id, day)
);

-- Per learner, the start days of their settled sessions (any lesson) and of the completed ones:
-- distinct learners over everything, for any date range, in one pass over the learners.
CREATE TABLE learner_rollups (
  learner_sub varchar(255) PRIMARY KEY,
  active_days datemultirange NOT NULL,
  completed_days datemultirange NOT NULL
);

-- Distinct learners over a date range without visiting each learner: for every learner, each
-- active day and the learner's previous active day (-infinity for the first) form a step. A learner
-- was active in [from, to) exactly when one of their steps has from <= day < to and
-- prev_day < from (their first active day in the range), so the count is a sum over steps; kept
-- as counts per (kind, day, prev_day): kind 0 for active days, 1 for days with a completed session.
CREATE TABLE learner_day_steps (
  kind smallint NOT NULL,
  day date NOT NULL,
  prev_day date NOT NULL,
  learners integer NOT NULL,
  PRIMARY KEY (kind, day, prev_day)
);

-- The days of a set of days, one row each.
CREATE FUNCTION rollup_days(days datemultirange) RETURNS SETOF date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CAST(d AS date) FROM unnest(days) AS r(range),
        generate_series(lower(r.range), upper(r.range) - 1, interval '1 day') AS d $$;

-- The lessons that have settled sessions: a report whose lessons include all of them may use
-- learner_rollups.
CREATE TABLE rollup_lessons (
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  PRIMARY KEY (content_kind, content_id)
);

-- Element-wise sum of counter arrays; the shorter one counts as zeros beyond its end.
CREATE FUNCTION rollup_add(a bigint[], b bigint[]) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}')
        FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) $$;

CREATE AGGREGATE rollup_sum(bigint[]) (SFUNC = rollup_add, STYPE = bigint[], INITCOND = '{}');

-- Counter arrays built from (index, amount) pairs: amount added at index k + 1, zeros between.
CREATE FUNCTION rollup_put(counters bigint[], k integer, amount bigint) RETURNS bigint[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
  IF k IS NOT NULL AND amount IS NOT NULL THEN
    counters[k + 1] := coalesce(counters[k + 1], 0) + amount;
  END IF;
  RETURN counters;
END
$$;

CREATE FUNCTION rollup_fill(counters bigint[]) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(coalesce(counters[i], 0) ORDER BY i), '{}')
        FROM generate_series(1, coalesce(array_upper(counters, 1), 0)) i $$;

-- The running sums of a counter array, cut to the 101 retention points.
CREATE FUNCTION rollup_running_sum(steps bigint[]) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(total ORDER BY i), '{}')
        FROM (SELECT i, CAST(sum(x) OVER (ORDER BY i) AS bigint) AS total
              FROM unnest(steps) WITH ORDINALITY AS u(x, i)) t
        WHERE i <= 101 $$;

CREATE AGGREGATE rollup_counts(integer, bigint) (
  SFUNC = rollup_put, STYPE = bigint[], INITCOND = '{}', FINALFUNC = rollup_fill);

-- Rolls up at most batch_size settled sessions (ended, or last heartbeat before settle_before)
-- with start days in the given zone, and marks them; returns how many. Sessions locked by a
-- heartbeat in flight are skipped and settled by a later call. The definitions mirror the reports'
-- queries over unsettled rows (SessionReports), counted per lesson and day, then per position.
CREATE FUNCTION settle_sessions(settle_before timestamptz, zone text, batch_size integer)
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
  RETURNING ws.*, CAST(ws.started_at AT TIME ZONE zone AS date) AS day,
    ws.completed_at IS NULL AS dropped,
    -- least() ignores NULL: an unknown duration must give no point, not point 100
    CASE WHEN ws.duration_sec IS NOT NULL
      THEN CAST(least(100, (ws.max_position_sec::bigint * 100) / ws.duration_sec) AS integer)
    END AS point),
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
  SELECT kind, day, prev_day, sum(sign) AS n
  FROM (SELECT kind, day, sign,
          lag(day, 1, '-infinity') OVER (PARTITION BY learner_sub, kind, sign ORDER BY day)
            AS prev_day
        FROM (SELECT learner_sub, 0 AS kind, -1 AS sign, rollup_days(old_active) AS day
              FROM changed
              UNION ALL SELECT learner_sub, 0, 1, rollup_days(active) FROM changed
              UNION ALL SELECT learner_sub, 1, -1, rollup_days(old_done) FROM changed
              UNION ALL SELECT learner_sub, 1, 1, rollup_days(done) FROM changed) d) e
  GROUP BY kind, day, prev_day HAVING sum(sign) <> 0),
stepped AS (
  INSERT INTO learner_day_steps AS t (kind, day, prev_day, learners)
  SELECT kind, day, prev_day, n FROM steps
  ON CONFLICT (kind, day, prev_day) DO UPDATE SET learners = t.learners + excluded.learners),
counts AS (
  SELECT content_kind, content_id, day, count(*) AS sessions,
    count(*) FILTER (WHERE completed_at IS NOT NULL) AS completed,
    count(*) FILTER (WHERE session_number > 1) AS returns,
    count(*) FILTER (WHERE duration_sec IS NOT NULL) AS with_duration,
    coalesce(sum(least(1.0, max_position_sec::numeric / duration_sec))
      FILTER (WHERE duration_sec IS NOT NULL), 0) AS percent_watched_sum,
    count(*) FILTER (WHERE max_position_sec * 4 >= duration_sec) AS reached_25,
    count(*) FILTER (WHERE max_position_sec * 2 >= duration_sec) AS reached_50,
    count(*) FILTER (WHERE max_position_sec * 4 >= duration_sec * 3) AS reached_75,
    count(*) FILTER (WHERE coverage_tracked AND duration_sec IS NOT NULL) AS with_coverage,
    count(*) FILTER (WHERE coverage_completed_at IS NOT NULL) AS coverage_completed,
    count(*) FILTER (WHERE coverage_tracked AND completed_at IS NOT NULL
      AND watched_sec * 2 < duration_sec) AS skipped_ahead
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
  GROUP BY 1, 2, 3),
rolled AS (
  INSERT INTO session_rollups AS r (content_kind, content_id, day, sessions, completed, returns,
    with_duration, percent_watched_sum, reached_25, reached_50, reached_75, with_coverage,
    coverage_completed, skipped_ahead, at_point, dropped_at_point, watched_point,
    stretch_sessions, stretch_played_ds, stretch_seen_sec, dropped_in_stretch)
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
CREATE FUNCTION reset_session_rollups(zone text) RETURNS void LANGUAGE sql VOLATILE
AS $$
  -- waits for a roll-up in flight (on any node) and holds off new ones until this commits, so
  -- that nothing it adds survives the reset while its sessions are marked unsettled again
  LOCK TABLE session_rollups IN EXCLUSIVE MODE;
  DELETE FROM session_rollups;
  DELETE FROM learner_rollups;
  DELETE FROM learner_day_steps;
  DELETE FROM rollup_lessons;
  UPDATE watch_sessions SET rolled_up = false WHERE rolled_up;
  INSERT INTO session_rollup_state (time_zone) VALUES (zone)
    ON CONFLICT (single_row) DO UPDATE SET time_zone = excluded.time_zone;
$$;
