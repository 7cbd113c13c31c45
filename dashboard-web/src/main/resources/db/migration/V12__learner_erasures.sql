-- Web application: one row per learner erasure (DELETE /api/v1/admin/learners/{sub}): when, by which
-- admin, and how much went. Never the learner's sub: the record of an erasure must not keep what
-- it erased.
CREATE TABLE learner_erasures (
  erasure_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  erased_at timestamptz NOT NULL,
  erased_by varchar(255) NOT NULL,
  sessions bigint NOT NULL,
  lessons bigint NOT NULL,
  roster_entries bigint NOT NULL
);
