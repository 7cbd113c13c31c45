-- Engagement module: watch sessions and the per-learner-and-lesson rows that number them.

-- One row per learner and lesson, created by its first heartbeat. Heartbeats lock this row, so
-- session numbers are handed out one at a time.
CREATE TABLE watch_session_sequences (
  learner_sub varchar(255) NOT NULL,
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  last_session_number integer NOT NULL CHECK (last_session_number >= 0),
  PRIMARY KEY (learner_sub, content_kind, content_id)
);

CREATE SEQUENCE watch_sessions_seq INCREMENT BY 50;

CREATE TABLE watch_sessions (
  session_id bigint PRIMARY KEY,
  learner_sub varchar(255) NOT NULL,
  content_kind varchar(32) NOT NULL,
  content_id bigint NOT NULL,
  session_number integer NOT NULL CHECK (session_number > 0),
  started_at timestamptz NOT NULL,
  last_heartbeat_at timestamptz NOT NULL,
  ended_at timestamptz,
  completed_at timestamptz,
  duration_sec integer CHECK (duration_sec > 0),
  duration_reported boolean NOT NULL,
  max_position_sec integer NOT NULL CHECK (max_position_sec >= 0),
  heartbeat_count integer NOT NULL CHECK (heartbeat_count > 0),
  -- Backs up the lock: a numbering bug fails loudly instead of writing a duplicate.
  CONSTRAINT watch_sessions_number_unique
    UNIQUE (learner_sub, content_kind, content_id, session_number)
);
CREATE INDEX watch_sessions_by_content_start ON watch_sessions (content_kind, content_id, started_at);
CREATE INDEX watch_sessions_by_start ON watch_sessions (started_at);
