-- A synthetic 90-day term of watch sessions for the demo catalogue (courses 101-104), written in
-- bulk straight into the tables the heartbeat path maintains, with the same rules: sessions
-- numbered 1, 2, 3 … per learner and lesson (and their sequence rows), furthest position clamped
-- to the duration, completed at 90 %. Learners enrol in some courses, fewer of them reach later
-- lessons, most who start a video finish it, some leave in the first seconds, and each lesson has
-- a hard part where many others give up. Seeded, so every load gives the same numbers relative
-- to today. Every demo player reports played ranges, so coverage, rewatching and skipping ahead
-- show too. Replaces any earlier demo term (learners named demo-learner-…).
--
--   psql -v learners=3000 -f src/dev/demo-term.sql
\set ON_ERROR_STOP on
BEGIN;
-- The roll-ups are emptied and every session marked unsettled, for the server's roll-up job to
-- count again: the earlier term's sessions, deleted below, must not stay counted in them.
SELECT reset_session_rollups(time_zone) FROM session_rollup_state \g /dev/null
DELETE FROM watch_sessions WHERE learner_sub LIKE 'demo-learner-%';
DELETE FROM watch_session_sequences WHERE learner_sub LIKE 'demo-learner-%';
SELECT setseed(0.42) \g /dev/null

CREATE TEMP TABLE demo_lessons ON COMMIT DROP AS
SELECT content_kind, content_id, course_id, duration_sec,
       row_number() OVER (PARTITION BY course_id ORDER BY content_id) AS position,
       0.3 + random() * 0.4 AS hard_part
FROM lessons
WHERE course_id BETWEEN 101 AND 104 AND video_url IS NOT NULL;

CREATE TEMP TABLE demo_enrolments ON COMMIT DROP AS
SELECT 'demo-learner-' || lpad(u::text, 5, '0') AS learner, c.course_id,
       random() * 14 AS joined_day
FROM generate_series(1, :learners) u
CROSS JOIN (SELECT DISTINCT course_id FROM demo_lessons) c
WHERE random() < 0.4;

-- Which enrolled learners open which lessons, when (a lesson a week, watched when released or
-- some days later), and in how many sittings.
CREATE TEMP TABLE demo_viewings ON COMMIT DROP AS
SELECT e.learner, l.content_kind, l.content_id, l.duration_sec, l.hard_part,
       e.joined_day * 0.3 + (l.position - 1) * 7 - ln(1 - random()) * 9 AS first_day,
       1 + random() * 9 AS days_between_sittings,
       1 + (random() < 0.22)::int + (random() < 0.06)::int AS sittings
FROM demo_enrolments e
JOIN demo_lessons l ON l.course_id = e.course_id
WHERE random() < 0.93 * power(0.91, l.position - 1);

-- One row per sitting with its own random draws (random() in a select list runs once per row).
CREATE TEMP TABLE demo_sittings ON COMMIT DROP AS
SELECT v.learner, v.content_kind, v.content_id, v.duration_sec, v.hard_part, n AS session_number,
       v.first_day + (n - 1) * v.days_between_sittings AS day,
       random() AS shape, random() AS spread, random() AS ended_roll,
       random() AS skip_roll, random() AS skip_at, random() AS replay_roll
FROM demo_viewings v
CROSS JOIN LATERAL generate_series(1, v.sittings) n;

-- How far each sitting got: most finish, some leave in the first seconds, many give up around
-- the lesson's hard part, the rest anywhere.
CREATE TEMP TABLE demo_sessions ON COMMIT DROP AS
SELECT learner, content_kind, content_id, duration_sec, session_number, ended_roll, hard_part,
       shape < 0.55 AND skip_roll < 0.1 AS skipped_ahead, skip_at, replay_roll < 0.35 AS replayed,
       now() - interval '90 days' + make_interval(secs => day * 86400) AS started_at,
       CASE
         WHEN duration_sec IS NULL THEN spread * 900
         WHEN shape < 0.55 THEN least(1, 0.9 + spread * 0.15) * duration_sec
         WHEN shape < 0.65 THEN spread * 0.06 * duration_sec
         WHEN shape < 0.83 THEN greatest(0, hard_part + (spread - 0.5) * 0.1) * duration_sec
         ELSE spread * duration_sec
       END AS furthest
FROM demo_sittings
-- a sitting that would lie in the future has not happened yet (nor have any after it)
WHERE day < 89.95;

-- What each sitting played (every demo player reports played ranges): from the start to its
-- furthest point, except that one in ten who finish skipped ahead (watched the first 10-35 %, then
-- the last 20 s), and a third of those who got past their lesson's hard part replayed its 20 s
-- twice more.
CREATE TEMP TABLE demo_played ON COMMIT DROP AS
SELECT d.*, floor(d.furthest)::int AS reach,
       CASE WHEN skipped_ahead THEN floor((0.1 + skip_at * 0.25) * duration_sec)::int
            ELSE floor(d.furthest)::int END AS first_end,
       CASE WHEN skipped_ahead THEN greatest(0, floor(d.furthest)::int - 20) ELSE 0 END AS tail_start,
       CASE WHEN skipped_ahead THEN floor(d.furthest)::int ELSE 0 END AS tail_end,
       floor(hard_part * coalesce(duration_sec, 0))::int AS replay_start
FROM demo_sessions d;

INSERT INTO watch_sessions (session_id, learner_sub, content_kind, content_id, session_number,
  started_at, last_heartbeat_at, ended_at, completed_at, duration_sec, duration_reported,
  max_position_sec, heartbeat_count, coverage_tracked, watched, watched_sec,
  coverage_completed_at, played_ds_by_10s, seen_sec_by_10s)
SELECT nextval('watch_sessions_seq'), learner, content_kind, content_id, session_number,
       started_at,
       started_at + make_interval(secs => furthest * 1.1 + 5),
       CASE WHEN furthest >= 0.9 * duration_sec OR ended_roll < 0.4
            THEN started_at + make_interval(secs => furthest * 1.1 + 5) END,
       CASE WHEN floor(furthest) * 100 >= 90 * duration_sec
            THEN started_at + make_interval(secs => furthest) END,
       duration_sec, duration_sec IS NOT NULL,
       LEAST(floor(furthest), coalesce(duration_sec, floor(furthest)))::int,
       greatest(1, ceil(furthest / 10))::int,
       duration_sec IS NOT NULL,
       CASE WHEN duration_sec IS NULL THEN '{}'::int4multirange
            ELSE int4multirange(int4range(0, first_end), int4range(tail_start, tail_end)) END,
       coalesce(cov.seen_total, 0),
       CASE WHEN coalesce(cov.seen_total, 0) * 100 >= 90 * duration_sec
            THEN started_at + make_interval(secs => furthest) END,
       coalesce(cov.played, '{}'), coalesce(cov.seen, '{}')
FROM demo_played p
LEFT JOIN LATERAL (
  SELECT sum(seen)::int AS seen_total,
         array_agg(seen ORDER BY i) AS seen,
         array_agg(seen * 10 + CASE WHEN p.replayed AND p.reach >= p.replay_start + 20
                                    THEN 20 * greatest(0, least(10 * i + 10, p.replay_start + 20)
                                                        - greatest(10 * i, p.replay_start))
                                    ELSE 0 END ORDER BY i) AS played
  FROM (SELECT i,
               greatest(0, least(10 * i + 10, p.first_end) - 10 * i)
               + greatest(0, least(10 * i + 10, p.tail_end) - greatest(10 * i, p.tail_start)) AS seen
        FROM generate_series(0, ceil(p.furthest / 10.0)::int - 1) i) stretch
) cov ON p.duration_sec IS NOT NULL;

INSERT INTO watch_session_sequences (learner_sub, content_kind, content_id, last_session_number)
SELECT learner_sub, content_kind, content_id, max(session_number)
FROM watch_sessions WHERE learner_sub LIKE 'demo-learner-%'
GROUP BY learner_sub, content_kind, content_id;
COMMIT;

SELECT count(*) AS demo_sessions, count(DISTINCT learner_sub) AS demo_learners
FROM watch_sessions WHERE learner_sub LIKE 'demo-learner-%';
