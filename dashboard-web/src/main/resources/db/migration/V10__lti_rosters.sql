-- Web application: the LMS rosters (LTI Names and Role Provisioning Services). One row per LMS
-- course whose roster was asked for, with when it was last tried, last fetched in full, and why the
-- last try failed; the learners of the last full fetch. Keyed by the LMS course, not the catalogue
-- course: a course's roster is that of the LMS courses linked to it now (lti_contexts), so that
-- relinking needs no copy and an unlinked LMS course's roster simply stops counting.
CREATE TABLE lti_rosters (
  platform_id varchar(64) NOT NULL REFERENCES lti_platforms ON DELETE CASCADE,
  context_id varchar(255) NOT NULL,
  memberships_url varchar(2048) NOT NULL,
  attempted_at timestamptz NOT NULL,
  fetched_at timestamptz,
  failed_at timestamptz,
  failure varchar(500),
  PRIMARY KEY (platform_id, context_id)
);

-- The learners (role Learner) of an LMS course as its roster gave them: status Active or Inactive
-- (members the LMS reports as Deleted are left out), and a name when the LMS shares names.
CREATE TABLE lti_roster_members (
  platform_id varchar(64) NOT NULL,
  context_id varchar(255) NOT NULL,
  learner_sub varchar(255) NOT NULL,
  name varchar(255),
  status varchar(16) NOT NULL CHECK (status IN ('Active', 'Inactive')),
  PRIMARY KEY (platform_id, context_id, learner_sub),
  FOREIGN KEY (platform_id, context_id) REFERENCES lti_rosters ON DELETE CASCADE
);
-- Finding one learner's entries (erasure, the learner's name on a page).
CREATE INDEX lti_roster_members_learner ON lti_roster_members (learner_sub);
