-- Engagement module: a course's learners in the order of their last active day, so that the at-risk
-- list (the learners longest away) reads its first rows from the index instead of sorting every
-- learner of the course: 50 of a 19,000-learner course took 28 ms with the sort and 7 ms with this
-- index at 10 M sessions.
CREATE INDEX course_learner_rollups_by_last_day
  ON course_learner_rollups (course_id, upper(active_days), learner_sub);
