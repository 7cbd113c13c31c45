#!/usr/bin/env bash
# Makes sure a local PostgreSQL streaming replica of the main cluster runs on localhost:5433, for
# the read-replica integration test (ReplicaIT) and for trying engagement.db.read-url by hand. It
# is the Debian cluster "replica" (pg_createcluster), its data copied from the main cluster with
# pg_basebackup -R, so that it streams from it as a hot standby. The role "engagement" may pause and
# resume its replay, and point the replica's primary_conninfo elsewhere and back (the test shows a
# replica that lags, and one cut off from the primary): the conninfo that pg_basebackup -R writes is
# moved to the cluster's conf.d, so that ALTER SYSTEM RESET brings it back. Run src/dev/postgres.sh
# first. Safe to run again: a standby that streams is left alone, anything else on "replica" is made
# again (a standby that fell too far behind, for example, after src/bench wrote gigabytes while it
# was down, or one made before its conninfo moved).
# It copies every database of the main cluster, the benchmark's too if there is one.
set -euo pipefail

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi; }

port=5433
version=$(pg_lsclusters -h | awk '$3 == 5432 {print $1; exit}')
if [ -z "$version" ] || ! pg_isready -q -h localhost -p 5432; then
  echo "The main PostgreSQL cluster does not run on port 5432: run src/dev/postgres.sh first" >&2
  exit 1
fi

# per database, as functions' privileges are; the standby gets them by replication
for db in engagement engagement_it; do
  as_postgres psql -q -v ON_ERROR_STOP=1 -d "$db" \
    -c 'GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume(), pg_reload_conf() TO engagement'
done
# a parameter's privileges are the whole cluster's (and the standby's, by replication)
as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres -c 'GRANT ALTER SYSTEM ON PARAMETER primary_conninfo TO engagement'
conf=/etc/postgresql/$version/replica/conf.d/primary-conninfo.conf

streaming() {
  [ "$(as_postgres psql -At -p "$port" -d postgres \
    -c "SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')" \
    2>/dev/null)" = t ]
}

if pg_isready -q -h localhost -p "$port" && streaming && [ -f "$conf" ]; then
  echo "Replica ready on localhost:$port (streaming from localhost:5432)"
  exit 0
fi

if pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "replica" {found = 1} END {exit !found}'; then
  pg_ctlcluster --skip-systemctl-redirect "$version" replica stop 2>/dev/null || true
  pg_dropcluster "$version" replica
fi
echo "Creating the replica cluster $version/replica on port $port from the main cluster ..."
pg_createcluster "$version" replica --port "$port" >/dev/null
data=/var/lib/postgresql/$version/replica
as_postgres bash -c "rm -rf '$data' && pg_basebackup -p 5432 -D '$data' -R -X stream -c fast"
as_postgres bash -c "grep '^primary_conninfo' '$data/postgresql.auto.conf' > '$conf' \
  && sed -i '/^primary_conninfo/d' '$data/postgresql.auto.conf'"
pg_ctlcluster --skip-systemctl-redirect "$version" replica start
for _ in $(seq 1 30); do pg_isready -q -h localhost -p "$port" && streaming && break; sleep 1; done
if ! streaming; then
  echo "The cluster on port $port does not stream from the main cluster" >&2
  exit 1
fi
echo "Replica ready on localhost:$port (streaming from localhost:5432)"
