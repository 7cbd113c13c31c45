#!/usr/bin/env bash
# Runs the hostile cases of the hardening work against a running server and prints a table: each
# case, what the server answered, how long the slowest answer took, and what the attack did to a
# bystander learner's heartbeats (their p95 latency while the attack runs, against the quiet p95
# measured first). Targets: every hostile request answered in under 1 s; the bystander's p95
# within 2x of the quiet figure.
#
# The server must trust the development key of src/dev/token.sh, as the demo server does:
#   src/dev/run-demo.sh &          (then, once it prints where to click)
#   src/bench/abuse.sh             BASE=http://localhost:8080 by default
#   src/bench/abuse.sh --seconds 10 --only numbers,login
# Needs Debian's python3 with python3-cryptography (apt-get install -y python3-cryptography).
# Leaves behind a course (id 990001), a lesson (lms_lesson 990001) and the sessions it sends.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
"$root/src/dev/token.sh" --public-key > /dev/null # creates the development key pair if missing
exec /usr/bin/python3 "$root/src/bench/abuse.py" \
  --base "${BASE:-http://localhost:8080}" \
  --key "$root/target/dev-keys/private.pem" \
  --issuer "$("$root/src/dev/token.sh" --issuer)" "$@"
