-- Bulk generator for the dashboard benchmark: about :sessions watch sessions over the benchmark
-- catalogue (src/bench/catalogue.sh: 50 courses of 20 lessons = 1,000 lessons), 200,000
-- learners (bench-term-000001 …) and a 90-day term ending now, written straight into the tables
-- the heartbeat path maintains, with the shapes and rules of src/dev/demo-term.sql: learners enrol
-- in some courses, fewer reach later lessons (a lesson every 3.5 days), most who start a video
-- finish it, some leave in the first seconds, each lesson has a hard part where many give up (a
-- third of those who get past it replay it twice), one in ten who finish skipped ahead, about a
-- quarter come back for another sitting. Sessions are numbered 1..n per learner and lesson with
-- their watch_session_sequences rows; ids come from nextval('watch_sessions_seq').
--
-- For speed, what a sitting played (coverage multirange, per-10-s arrays) is taken from 256
-- precomputed playback profiles per lesson, drawn with demo-term.sql's shape logic; each sitting
-- picks one at random. The indexes of watch_sessions are dropped during the load and rebuilt
-- (same names and definitions as the migrations). The sessions are written not rolled up, as
-- heartbeats leave them, then rolled up by settle_sessions, as the server's job does.
-- Run only on the benchmark database.
--
--   psql -d engagement_bench -v sessions=10000000 -f src/bench/sessions.sql
\set ON_ERROR_STOP on
\timing off
SET client_min_messages = warning;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
SELECT setseed(0.42) \g /dev/null
\echo generating enrolments, viewings and sittings ...
DROP TABLE IF EXISTS bench_gen_lessons, bench_gen_profiles, bench_gen_sittings;

CREATE UNLOGGED TABLE bench_gen_lessons AS
SELECT content_kind, content_id, course_id, duration_sec,
       row_number() OVER (PARTITION BY course_id ORDER BY content_id) AS position,
       0.3 + random() * 0.4 AS hard_part
FROM lessons WHERE course_id BETWEEN 1 AND 50 AND video_url IS NOT NULL;

-- Expected sittings per enrolment with 20 lessons: sum(0.93 * 0.91^k, k < 20) * 1.34 ≈ 11.7, a
-- tenth of which would lie in the future: ≈ 10.5. The enrolment rate is set from that.
SELECT least(1.0, :sessions / (200000.0 * 50 * 10.5)) AS enrol_rate \gset

CREATE UNLOGGED TABLE bench_gen_sittings AS
WITH courses AS (
  SELECT course_id, random() * 24 AS course_start FROM (SELECT DISTINCT course_id FROM bench_gen_lessons) c
), enrolments AS (
  SELECT 'bench-term-' || lpad(u::text, 6, '0') AS learner, c.course_id,
         c.course_start + random() * 10 AS joined_day
  FROM generate_series(1, 200000) u CROSS JOIN courses c
  WHERE random() < :enrol_rate
), viewings AS (
  SELECT e.learner, l.content_kind, l.content_id,
         e.joined_day * 0.5 + (l.position - 1) * 3.5 - ln(1 - random()) * 6 AS first_day,
         1 + random() * 9 AS days_between_sittings,
         1 + (random() < 0.22)::int + (random() < 0.06)::int AS sittings
  FROM enrolments e JOIN bench_gen_lessons l ON l.course_id = e.course_id
  WHERE random() < 0.93 * power(0.91, l.position - 1)
)
SELECT v.learner, v.content_kind, v.content_id, n AS session_number,
       v.first_day + (n - 1) * v.days_between_sittings AS day,
       random() AS ended_roll, floor(random() * 256)::int AS profile
FROM viewings v CROSS JOIN LATERAL generate_series(1, v.sittings) n
WHERE v.first_day + (n - 1) * v.days_between_sittings < 89.95;

\echo computing 256 playback profiles per lesson ...
CREATE UNLOGGED TABLE bench_gen_profiles AS
WITH draws AS (
  SELECT l.content_kind, l.content_id, l.duration_sec, l.hard_part, j AS profile,
         random() AS shape, random() AS spread, random() AS skip_roll, random() AS skip_at,
         random() AS replay_roll
  FROM bench_gen_lessons l CROSS JOIN generate_series(0, 255) j
), shaped AS (
  SELECT *, shape < 0.55 AND skip_roll < 0.1 AS skipped_ahead, replay_roll < 0.35 AS replayed,
         CASE WHEN shape < 0.55 THEN least(1, 0.9 + spread * 0.15) * duration_sec
              WHEN shape < 0.65 THEN spread * 0.06 * duration_sec
              WHEN shape < 0.83 THEN greatest(0, hard_part + (spread - 0.5) * 0.1) * duration_sec
              ELSE spread * duration_sec END AS furthest
  FROM draws
), played AS (
  SELECT d.*, floor(d.furthest)::int AS reach,
         CASE WHEN skipped_ahead THEN floor((0.1 + skip_at * 0.25) * duration_sec)::int
              ELSE floor(d.furthest)::int END AS first_end,
         CASE WHEN skipped_ahead THEN greatest(0, floor(d.furthest)::int - 20) ELSE 0 END AS tail_start,
         CASE WHEN skipped_ahead THEN floor(d.furthest)::int ELSE 0 END AS tail_end,
         floor(hard_part * duration_sec)::int AS replay_start
  FROM shaped d
)
SELECT p.content_kind, p.content_id, p.profile, p.duration_sec, p.furthest,
       least(floor(p.furthest), p.duration_sec)::int AS max_position_sec,
       int4multirange(int4range(0, p.first_end), int4range(p.tail_start, p.tail_end)) AS watched,
       coalesce(cov.seen_total, 0) AS watched_sec,
       coalesce(cov.played, '{}') AS played_ds_by_10s, coalesce(cov.seen, '{}') AS seen_sec_by_10s
FROM played p
LEFT JOIN LATERAL (
  SELECT sum(seen)::int AS seen_total, array_agg(seen ORDER BY i) AS seen,
         array_agg(seen * 10 + CASE WHEN p.replayed AND p.reach >= p.replay_start + 20
                                    THEN 20 * greatest(0, least(10 * i + 10, p.replay_start + 20)
                                                        - greatest(10 * i, p.replay_start))
                                    ELSE 0 END ORDER BY i) AS played
  FROM (SELECT i, greatest(0, least(10 * i + 10, p.first_end) - 10 * i)
                  + greatest(0, least(10 * i + 10, p.tail_end) - greatest(10 * i, p.tail_start)) AS seen
        FROM generate_series(0, ceil(p.furthest / 10.0)::int - 1) i) stretch
) cov ON true;
CREATE UNIQUE INDEX ON bench_gen_profiles (content_kind, content_id, profile);

\echo writing watch_sessions (indexes dropped during the load) ...
ALTER TABLE watch_sessions DROP CONSTRAINT watch_sessions_number_unique;
ALTER TABLE watch_sessions DROP CONSTRAINT watch_sessions_pkey;
DROP INDEX watch_sessions_learners;
DROP INDEX watch_sessions_unsettled;
DROP INDEX watch_sessions_by_start;

INSERT INTO watch_sessions (session_id, learner_sub, content_kind, content_id, session_number,
  started_at, last_heartbeat_at, ended_at, completed_at, duration_sec, duration_reported,
  max_position_sec, heartbeat_count, coverage_tracked, watched, watched_sec,
  coverage_completed_at, played_ds_by_10s, seen_sec_by_10s)
SELECT nextval('watch_sessions_seq'), s.learner, s.content_kind, s.content_id, s.session_number,
       t.started_at,
       t.started_at + make_interval(secs => p.furthest * 1.1 + 5),
       CASE WHEN p.furthest >= 0.9 * p.duration_sec OR s.ended_roll < 0.4
            THEN t.started_at + make_interval(secs => p.furthest * 1.1 + 5) END,
       CASE WHEN floor(p.furthest) * 100 >= 90 * p.duration_sec
            THEN t.started_at + make_interval(secs => p.furthest) END,
       p.duration_sec, true, p.max_position_sec,
       greatest(1, ceil(p.furthest / 10))::int, true, p.watched, p.watched_sec,
       CASE WHEN p.watched_sec * 100 >= 90 * p.duration_sec
            THEN t.started_at + make_interval(secs => p.furthest) END,
       p.played_ds_by_10s, p.seen_sec_by_10s
FROM bench_gen_sittings s
JOIN bench_gen_profiles p USING (content_kind, content_id, profile)
CROSS JOIN LATERAL (SELECT now() - interval '90 days' + make_interval(secs => s.day * 86400) AS started_at) t;

INSERT INTO watch_session_sequences (learner_sub, content_kind, content_id, last_session_number)
SELECT learner, content_kind, content_id, max(session_number)
FROM bench_gen_sittings GROUP BY learner, content_kind, content_id
ON CONFLICT (learner_sub, content_kind, content_id)
DO UPDATE SET last_session_number = greatest(watch_session_sequences.last_session_number, EXCLUDED.last_session_number);

ALTER TABLE watch_sessions ADD CONSTRAINT watch_sessions_pkey PRIMARY KEY (session_id);

-- What the server's roll-up job does every interval, here in one batch and before the other
-- indexes are rebuilt, so that marking ten million rows does not maintain them row by row.
\echo rolling up the settled sessions (settle_sessions, as the roll-up job of the server does) ...
SELECT settle_sessions(now() - interval '30 minutes', 'UTC', 2147483647) AS rolled_up \gset
\echo :rolled_up sessions rolled up
\echo rebuilding indexes ...
ALTER TABLE watch_sessions ADD CONSTRAINT watch_sessions_number_unique
  UNIQUE (learner_sub, content_kind, content_id, session_number);
CREATE INDEX watch_sessions_learners ON watch_sessions (content_kind, content_id, started_at)
  INCLUDE (learner_sub, completed_at);
CREATE INDEX watch_sessions_unsettled ON watch_sessions (content_kind, content_id, started_at)
  WHERE NOT rolled_up;
CREATE INDEX watch_sessions_by_start ON watch_sessions (started_at);
DROP TABLE bench_gen_lessons, bench_gen_profiles, bench_gen_sittings;
