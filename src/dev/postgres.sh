#!/usr/bin/env bash
# Makes sure a local PostgreSQL is running with the role and databases this project uses:
# role "engagement" (password "engagement"), databases "engagement" (demo) and "engagement_it"
# (integration tests). Installs nothing when PostgreSQL already runs; starts the Debian cluster
# otherwise. Safe to run again.
set -euo pipefail

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi; }

if ! pg_isready -q -h localhost -p 5432; then
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "PostgreSQL is not installed: apt-get install postgresql" >&2
    exit 1
  fi
  version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $2}')
  if [ -z "$version" ]; then
    echo "No PostgreSQL cluster found: create one with pg_createcluster" >&2
    exit 1
  fi
  echo "Starting PostgreSQL $version/$cluster ..."
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
  for _ in $(seq 1 30); do pg_isready -q -h localhost -p 5432 && break; sleep 1; done
fi

as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres <<'SQL'
SELECT 'CREATE ROLE engagement LOGIN PASSWORD ''engagement'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'engagement') \gexec
SELECT 'CREATE DATABASE engagement OWNER engagement'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'engagement') \gexec
SELECT 'CREATE DATABASE engagement_it OWNER engagement'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'engagement_it') \gexec
SQL
echo "PostgreSQL ready on localhost:5432 (role engagement, databases engagement, engagement_it)"
