#!/usr/bin/env bash
# Runs the service locally with demo data: starts PostgreSQL, builds the WAR, starts it on Payara
# Micro, loads the demo courses and lessons and a synthetic term of sessions, creates dashboard
# logins, and prints where to click and how to send a heartbeat.
# Keeps running until Ctrl-C, which stops the server.
#
#   src/dev/run-demo.sh              build, then start on port ${PORT:-8080}
#   src/dev/run-demo.sh --no-build   reuse the WAR already built under dashboard-web/target
#   DEMO_WARM_UP=PT2M                warm up before ready, as a production node does (default
#                                    PT0S here: one person clicking needs none; docs/operations.md)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
port="${PORT:-8080}"
base="http://localhost:$port"
demo=target/demo
war=dashboard-web/target/engagement.war
micro=dashboard-web/target/payara-micro.jar
build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
for tool in java curl jq openssl psql; do command -v "$tool" >/dev/null || { echo "please install $tool" >&2; exit 1; }; done

src/dev/postgres.sh
if $build || [ ! -f "$war" ] || [ ! -f "$micro" ]; then
  echo "Building (./mvnw -B -q -DskipTests install; the first build downloads dependencies) ..."
  ./mvnw -B -q -DskipTests install
fi

mkdir -p "$demo/tmp"
if [ -f "$demo/payara.pid" ] && ps -o args= -p "$(cat "$demo/payara.pid")" | grep -q payara-micro.jar; then
  echo "A demo server is already running (pid $(cat "$demo/payara.pid")): stop it first" >&2
  exit 1
fi
if (exec 3<>"/dev/tcp/localhost/$port") 2>/dev/null; then
  echo "Port $port is already in use: stop what listens there, or choose another with PORT=8081" >&2
  exit 1
fi
admin_password="${DEMO_ADMIN_PASSWORD:-lessonwatch-demo}"

echo "Starting Payara Micro on port $port (log: $demo/payara.log) ..."
: > "$demo/payara.log"
MP_JWT_VERIFY_PUBLICKEY=$(src/dev/token.sh --public-key) \
MP_JWT_VERIFY_ISSUER=$(src/dev/token.sh --issuer) \
ENGAGEMENT_BOOTSTRAP_ADMIN_USERNAME=admin \
ENGAGEMENT_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
ENGAGEMENT_DEMO_PLAYER_ENABLED=true \
ENGAGEMENT_STARTUP_WARM_UP="${DEMO_WARM_UP:-PT0S}" \
  java -Xmx512m -Djava.io.tmpdir="$root/$demo/tmp" -jar "$micro" --deploy "$war" \
  --port "$port" --contextroot / --nohazelcast --disablephonehome >> "$demo/payara.log" 2>&1 &
pid=$!
echo "$pid" > "$demo/payara.pid"

stop() {
  trap - EXIT INT TERM
  if kill -0 "$pid" 2>/dev/null; then
    echo "Stopping Payara Micro (pid $pid) ..."
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$demo/payara.pid"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

deadline=$((SECONDS + 180))
until curl -sf -o /dev/null "$base/health/ready"; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ] \
    || grep -q 'Exception while loading the app' "$demo/payara.log"; then
    echo "Payara Micro did not become ready. Last 40 lines of $demo/payara.log:" >&2
    tail -n 40 "$demo/payara.log" >&2
    echo "Root cause: $(grep '^Caused by' "$demo/payara.log" | tail -n 1)" >&2
    exit 1
  fi
  sleep 2
done

src/dev/demo-catalogue.sh "$base"
src/dev/demo-lms.sh "$base"
echo "Loading a synthetic 90-day term (src/dev/demo-term.sql) ..."
PGPASSWORD=engagement psql -q -h localhost -U engagement -d engagement \
  -v learners="${DEMO_LEARNERS:-3000}" -f src/dev/demo-term.sql
# Dashboard logins. The bootstrap admin is only created in an empty database, so its password is
# reset to the demo one here too.
account() { # USERNAME ROLE
  curl -sSf -o /dev/null -X PUT "$base/api/v1/admin/accounts/$1" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(src/dev/token.sh -s admin -g admin -t 60)" \
    -d "$(jq -nc --arg p "$admin_password" --arg role "$2" '{password: $p, roles: [$role]}')"
}
account admin admin
account instructor-ada instructor
account instructor-grace instructor
token=$(src/dev/token.sh -s learner-1 -g learner -t 3600)
# A 20-second lesson for the demo player (development only), which plays the server's generated clip.
curl -sSf -o /dev/null -X PUT "$base/api/v1/content/lessons/lms_lesson/9001" -H 'Content-Type: application/json' \
  -H "Authorization: Bearer $(src/dev/token.sh -s admin -g admin -t 60)" \
  -d "{\"title\": \"Demo player clip\", \"course_id\": 101, \"video_url\": \"$base/demo/clip.wav\", \"duration_sec\": 20}"

cat <<EOF

Lessonwatch is running at $base  (Ctrl-C stops it; log: $demo/payara.log)

Open the dashboard:  $base/dashboard   (the last 30 days; the whole 90-day term:
                     $base/dashboard?from=$(date -d '89 days ago' +%F)&to=$(date +%F))
  sign in as instructor-ada / $admin_password   (Statistics and Calculus AB courses)
          or instructor-grace / $admin_password (Chemistry and Europe 1900-1950)
          or admin / $admin_password            (everything)

Open it the way instructors do, from inside their LMS (an LTI 1.3 launch from the development-only
demo LMS, as instructor-ada, with the course's roster: enrolled and never-started learners):
  $base/demo/lms/course?context=demo-course-101&user=instructor-ada

  readiness (checks the database)  $base/health/ready
  OpenAPI document                 $base/openapi
  demo catalogue                   courses 101-104 with 34 lessons (lms_lesson 1001-1010,
                                   2001-2008, 4001-4008; exam_prep_lesson 3001-3008); lms_lesson
                                   1004 has no video (422); a 90-day term of sessions

Demo player (development only; the tracker /static/js/engagement-tracker.js on a 20 s clip,
lms_lesson 9001 "Demo player clip" in course 101), as learner "learner-1":
  $base/demo/player?content_kind=lms_lesson&content_id=9001&token=$token

Send a heartbeat as learner "learner-1" (this token is valid for 1 hour):

curl -sS -X POST $base/api/v1/videos/engagement/heartbeat \\
  -H 'Authorization: Bearer $token' \\
  -H 'Content-Type: application/json' \\
  -d '{"content_kind":"lms_lesson","content_id":1001,"position_sec":131.7,"duration_sec":600}'

Expected answer, HTTP 200 (ids and numbers depend on earlier heartbeats):
  {"session_id":1,"session_number":1,"max_position_sec":131,"completed":false,"watched_sec":null,"watched_percent":null}
(watched_sec and watched_percent stay null until a player sends "played" ranges, as the tracker does)
Add "ended":true to close the session; the next heartbeat then starts session_number 2.

More tokens (signed with the dev key in target/dev-keys, which this server trusts):
  src/dev/token.sh -s <sub> -g learner          a learner; the heartbeat is recorded for <sub>
  src/dev/token.sh -s admin -g admin            an admin, for the catalogue and account API, e.g.
    curl -sS -H "Authorization: Bearer \$(src/dev/token.sh -s admin -g admin)" $base/api/v1/content/courses/101
EOF

wait "$pid" || true
echo "Payara Micro stopped by itself; see $demo/payara.log" >&2
exit 1
