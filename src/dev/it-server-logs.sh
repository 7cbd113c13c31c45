#!/usr/bin/env bash
# Prints what the Payara Micro server of each failed integration-test class logged at WARNING and
# above (one line per record, with its "Caused by" lines), from the class's output file that
# Failsafe keeps in dashboard-web/target/failsafe-reports/<class>-output.txt. .ci/run calls it
# when the build fails, so that a failing CI run shows why; the whole logs stay under target/.
# Usage: src/dev/it-server-logs.sh [reports directory]
set -uo pipefail
reports=${1:-"$(dirname "$0")/../../dashboard-web/target/failsafe-reports"}
[ -d "$reports" ] || exit 0
failed=$(grep -lE "FAILURE!|ERROR!" "$reports"/*.txt 2>/dev/null | grep -v -- '-output.txt$' || true)
for summary in $failed; do
  class=$(basename "$summary" .txt)
  output="$reports/$class-output.txt"
  echo "=== Server log of $class (WARNING and above; all of it in $output)"
  [ -f "$output" ] || { echo "(no output file)"; continue; }
  # records start with "[<timestamp>]"; keep the first line of a warning or worse, the message
  # line after "[[", and the causes of its stack trace
  sed 's/\x1b\[[0-9;]*m//g' "$output" | awk '
    # noise every server logs: expired CAs in the JDK trust store, the temporary runtime directory,
    # Hibernate deprecations, the JDBC driver left registered by an earlier class loader
    function noise(line) {
      return line ~ /NCLS-SECURITY-05054|Runtime directory is located in a temporary|HHH900000(25|29)|failed to unregister it|no value found, no default given/
    }
    /^\[[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T/ {
      keep = ($0 ~ /\] \[(WARNING|WARN|SEVERE|ERROR)\] /) && !noise($0)
      message_follows = keep && ($0 ~ /\[\[ *$/)
      if (keep) print substr($0, 1, 400)
      next
    }
    keep && message_follows { print "    " substr($0, 1, 600); message_follows = 0; next }
    keep && /^Caused by:/ { print "    " substr($0, 1, 300) }
  ' | head -n 120
done
