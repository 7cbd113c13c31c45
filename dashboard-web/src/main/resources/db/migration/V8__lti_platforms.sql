-- Web application: LTI 1.3. The LMS platforms an admin registered, each with the deployment ids
-- it may launch from; the LMS courses (contexts) linked to catalogue courses; this tool's signing
-- keys (the private key as a JWK; the public half is served at /lti/jwks).
CREATE TABLE lti_platforms (
  platform_id varchar(64) PRIMARY KEY,
  issuer varchar(2048) NOT NULL,
  client_id varchar(255) NOT NULL,
  auth_login_url varchar(2048) NOT NULL,
  auth_token_url varchar(2048) NOT NULL,
  jwks_url varchar(2048) NOT NULL,
  CONSTRAINT lti_platforms_issuer_client UNIQUE (issuer, client_id)
);

CREATE TABLE lti_deployments (
  platform_id varchar(64) NOT NULL REFERENCES lti_platforms ON DELETE CASCADE,
  deployment_id varchar(255) NOT NULL,
  PRIMARY KEY (platform_id, deployment_id)
);

-- One LMS course opens one catalogue course; a catalogue course may be linked from several.
CREATE TABLE lti_contexts (
  platform_id varchar(64) NOT NULL REFERENCES lti_platforms,
  context_id varchar(255) NOT NULL,
  course_id bigint NOT NULL REFERENCES courses ON DELETE CASCADE,
  PRIMARY KEY (platform_id, context_id)
);
CREATE INDEX lti_contexts_course ON lti_contexts (course_id);

-- This tool's signing keys: the newest one not retired signs; /lti/jwks serves the public halves of
-- those not retired and of those retired in the last day (platforms may still hold assertions
-- signed with them for a few minutes).
CREATE TABLE lti_tool_keys (
  key_id varchar(64) PRIMARY KEY,
  private_jwk text NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz
);
