-- Engagement module: what each session actually played, from the players' `played` ranges.
--
-- `watched` is the set of distinct whole seconds played, as a multirange, so that PostgreSQL can
-- answer "did this session watch second s" (`watched @> s`) for retention by coverage without
-- unpacking anything; `watched_sec` caches its size. Rewatching is kept as two small arrays per
-- 10-second stretch of the video (element i covers seconds [10 i, 10 i + 10)): tenths of a second
-- played in it, repeats included, and distinct seconds of it watched; their ratio over many
-- sessions is how often that stretch is played. A per-second counter would need up to 86,400
-- cells per session; a stretch of 10 s is finer than any timestamp an instructor would jump to.
ALTER TABLE watch_sessions
  ADD COLUMN coverage_tracked boolean NOT NULL DEFAULT false,
  ADD COLUMN watched int4multirange NOT NULL DEFAULT '{}',
  ADD COLUMN watched_sec integer NOT NULL DEFAULT 0 CHECK (watched_sec >= 0),
  ADD COLUMN coverage_completed_at timestamptz,
  ADD COLUMN played_ds_by_10s integer[] NOT NULL DEFAULT '{}',
  ADD COLUMN seen_sec_by_10s integer[] NOT NULL DEFAULT '{}';
