-- Web application: LTI 1.3 launches. The nonce of each accepted launch, so that its id_token is
-- accepted once; kept until the login that issued it has expired.
CREATE TABLE lti_used_nonces (
  nonce varchar(64) PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX lti_used_nonces_expiry ON lti_used_nonces (expires_at);
