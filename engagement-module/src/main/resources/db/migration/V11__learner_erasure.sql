-- Engagement module: erasing a learner (erase_learner_rollups in R__session_rollup_functions.sql)
-- finds their per-course roll-ups by learner; the primary key starts with the course.
CREATE INDEX course_learner_rollups_learner ON course_learner_rollups (learner_sub);
