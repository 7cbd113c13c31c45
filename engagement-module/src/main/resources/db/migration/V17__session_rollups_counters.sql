-- Engagement module: the roll-ups' counters per lesson and day, read from an index alone. A row of
-- session_rollups (V5) also holds seven per-position arrays, about 2 KB in all, so the summaries,
-- which read only the counters, read 51 MB of table to sum 9,000 rows: the admin's overview of
-- 1,000 lessons over 30 days does that three times (its summary, its daily series, its lessons),
-- about 27 ms each at 10 M sessions. This index holds the counters alone (2.4 MB), in day order,
-- so a window of days is one range of it: the same statement took 9 ms instead of 55 ms (cold).
-- Reports that need the arrays (retention, drop-offs, rewatching) still read the table.
CREATE INDEX session_rollups_counters ON session_rollups (day, content_kind, content_id)
  INCLUDE (sessions, completed, returns, with_duration, percent_watched_sum, reached_25,
    reached_50, reached_75, with_coverage, coverage_completed, skipped_ahead);
