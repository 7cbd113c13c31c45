#!/usr/bin/env bash
# Times the dashboard pages of a running server as a signed-in user: each page ten times, then the
# median and the slowest, in milliseconds (curl's total time on loopback, so about server time).
#
#   src/dev/page-times.sh [USER] [PASSWORD] [BASE_URL]   defaults: the demo's instructor-ada
set -euo pipefail
user=${1:-instructor-ada} password=${2:-lessonwatch-demo} base=${3:-http://localhost:8080}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
csrf=$(curl -sf -c "$jar" -b "$jar" "$base/dashboard/login" \
  | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//')
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -X POST "$base/dashboard/login" \
  --data-urlencode "_csrf=$csrf" --data-urlencode "username=$user" --data-urlencode "password=$password")
[ "$status" = 303 ] || { echo "sign-in as $user failed (HTTP $status)" >&2; exit 1; }
lesson=$(curl -sf -b "$jar" "$base/dashboard/courses/101" | grep -o '/dashboard/lessons/[a-z_]*/[0-9]*' | head -n 1)
for page in /dashboard /dashboard/courses/101 "$lesson" /dashboard/courses/101/learners.csv; do
  times=$(for _ in $(seq 1 10); do
    curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$base$page"
  done | sort -n)
  printf '%-45s median %4.0f ms  slowest %4.0f ms\n' "$page" \
    "$(echo "$times" | sed -n 5p | awk '{print $1 * 1000}')" \
    "$(echo "$times" | tail -n 1 | awk '{print $1 * 1000}')"
done
