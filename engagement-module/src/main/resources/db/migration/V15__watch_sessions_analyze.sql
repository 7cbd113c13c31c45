-- Engagement module: the planner's idea of how many sessions are not rolled up yet stays current.
--
-- Reports and the roll-up job read those sessions through the partial index of V5, and the
-- planner sizes them from the table's statistics. By default autovacuum analyzes a table again
-- once 10 % of its rows have changed: at 10 M sessions that is a million heartbeat writes, so
-- statistics taken at a quiet hour (no session open) stood through the next lecture's tens of
-- thousands of open sessions, and a course page took 650 ms instead of 110 ms (docs/benchmark.md,
-- "mixed load"). After 50,000 changed rows instead: under load about once a minute (autovacuum's
-- naptime), each time an ANALYZE of 30,000 sampled rows, about 1 s at 10 M sessions.
ALTER TABLE watch_sessions
  SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 50000);
