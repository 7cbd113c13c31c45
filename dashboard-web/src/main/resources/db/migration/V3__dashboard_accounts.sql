-- Web application: dashboard accounts and their roles.
CREATE TABLE dashboard_accounts (
  username varchar(255) PRIMARY KEY,
  password_hash varchar(512) NOT NULL
);

CREATE TABLE dashboard_account_roles (
  username varchar(255) NOT NULL REFERENCES dashboard_accounts ON DELETE CASCADE,
  role varchar(32) NOT NULL CHECK (role IN ('instructor', 'admin')),
  PRIMARY KEY (username, role)
);
