#!/usr/bin/env bash
# Connects the development-only demo LMS of a running demo server (/demo/lms/, served when
# engagement.demo-player.enabled=true) as an admin connects a real one: registers it as LTI 1.3
# platform "demo-lms" and links the demo courses 101-104 to its LMS courses demo-course-101 … 104.
# Every call is a PUT, so running it again changes nothing.
#
#   src/dev/demo-lms.sh [BASE_URL]      default http://localhost:8080
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base="${1:-http://localhost:8080}"
base="${base%/}"
token=$("$root/src/dev/token.sh" -s admin -g admin -t 300)
api() { # METHOD PATH [JSON]
  curl -sSf -X "$1" "$base$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    ${3:+--data "$3"}
}

lms="$base/demo/lms"
api PUT /api/v1/admin/lti/platforms/demo-lms "$(jq -nc --arg lms "$lms" '{issuer: $lms,
  client_id: "lessonwatch-demo", auth_login_url: "\($lms)/auth", auth_token_url: "\($lms)/token",
  jwks_url: "\($lms)/jwks", deployment_ids: ["demo-deployment"]}')" > /dev/null
for id in 101 102 103 104; do
  course=$(api GET "/api/v1/content/courses/$id")
  api PUT "/api/v1/content/courses/$id" "$(jq -c --arg context "demo-course-$id" \
    '{title, instructors, lti_contexts: [{platform_id: "demo-lms", context_id: $context}]}' \
    <<< "$course")" > /dev/null
done
echo "Demo LMS registered as LTI platform demo-lms; courses 101-104 linked to demo-course-101 … 104"
