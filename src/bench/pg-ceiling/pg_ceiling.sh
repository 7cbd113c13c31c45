#!/usr/bin/env bash
# Measures PostgreSQL's own ceiling for heartbeat writes on this machine (no HTTP, no JVM):
# the seed's multi-statement transaction vs one UPDATE vs one INSERT vs 100 updates per commit.
# Usage: src/bench/pg-ceiling/pg_ceiling.sh [seconds-per-run] [clients...]
set -euo pipefail
cd "$(dirname "$0")"
T=${1:-15}; shift || true
CLIENTS=${*:-1 16 64}
PSQL="su postgres -c"
$PSQL "dropdb --if-exists anchor; createdb anchor" >/dev/null
$PSQL "psql -q -d anchor -f $(pwd)/schema.sql" >/dev/null
# one session per (user, lesson) pair so the steady state is 'update the active session'
$PSQL "psql -q -d anchor -c \"INSERT INTO video_watch_sessions (user_id, content_kind, content_id, session_number, video_duration_sec) SELECT u, 'lms_lesson', (u % 1000) + 1, 1, 600 FROM generate_series(1, 10000) u\" -c \"VACUUM ANALYZE\"" >/dev/null
for c in $CLIENTS; do
  for s in seed_tx one_stmt append batch100; do
    tps=$($PSQL "pgbench -n -M prepared -T $T -c $c -j $(( c < 2 ? 1 : 2 )) -f $(pwd)/$s.sql anchor" 2>&1 | awk '/^tps/ {print $3; exit}')
    mult=1; [ "$s" = batch100 ] && mult=100
    printf '%-9s clients=%-3s tx/s=%-10s heartbeats/s=%s\n' "$s" "$c" "$tps" "$(awk -v t="$tps" -v m="$mult" 'BEGIN{printf "%.0f", t*m}')"
  done
done
