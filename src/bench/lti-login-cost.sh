#!/bin/bash
# CPU per LTI login (/lti/login) on a fresh server with one registered LMS: wrk -t2 -c16, 20 s of
# warm-up, then 15 s measured; prints logins/s and Payara's CPU per login. Uses its own database
# engagement_login. Run as root with PostgreSQL up (src/dev/postgres.sh) and the WAR built.
#
#   src/bench/lti-login-cost.sh [WAR] [LABEL]
set -euo pipefail
cd "$(dirname "$0")/../.."
war=${1:-dashboard-web/target/engagement.war} label=${2:-login} port=${BENCH_PORT:-8096}
su postgres -c "dropdb --if-exists engagement_login; createdb -O engagement engagement_login"
MP_JWT_VERIFY_PUBLICKEY=$(src/dev/token.sh --public-key) MP_JWT_VERIFY_ISSUER=$(src/dev/token.sh --issuer) \
ENGAGEMENT_DB_URL=jdbc:postgresql://localhost:5432/engagement_login \
  java -Xmx512m -jar dashboard-web/target/payara-micro.jar --deploy "$war" --port $port --contextroot / \
  --nohazelcast --disablephonehome > "target/lti-login-$label.log" 2>&1 &
pid=$!
trap "kill $pid" EXIT
until curl -sf -o /dev/null localhost:$port/health/ready; do sleep 2; done
admin=$(src/dev/token.sh -s admin -g admin -t 3600)
curl -sf -o /dev/null -X PUT localhost:$port/api/v1/admin/lti/platforms/p1 -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -d '{"issuer":"https://lms.example.edu","client_id":"c1","auth_login_url":"https://lms.example.edu/auth","auth_token_url":"https://lms.example.edu/token","jwks_url":"https://lms.example.edu/jwks","deployment_ids":["d1"]}'
url="http://localhost:$port/lti/login?iss=https%3A%2F%2Flms.example.edu&login_hint=h&target_link_uri=x&client_id=c1"
curl -s -o /dev/null -w "login answers %{http_code}\n" "$url"
wrk -t2 -c16 -d20s "$url" > /dev/null   # warm-up
cpu() { awk '{print $14 + $15}' /proc/$pid/stat; }
c0=$(cpu); out=$(wrk -t2 -c16 -d15s "$url"); c1=$(cpu)
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); n=$(echo "$out" | awk '/requests in/ {print $1}')
tick=$(getconf CLK_TCK)
echo "$label: $rps logins/s; Payara CPU per login $(( (c1 - c0) * 1000000 / tick / n )) µs (n=$n)"
