#!/usr/bin/env bash
# Loads a small demo catalogue into a running server through the catalogue API, as an admin would.
# Every call is a PUT (create or replace), so running it again changes nothing.
#
#   src/dev/demo-catalogue.sh [BASE_URL]      default http://localhost:8080
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base="${1:-http://localhost:8080}"
base="${base%/}"
token=$("$root/src/dev/token.sh" -s admin -g admin -t 300)
media=https://media.example.test/videos
answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
created=0 replaced=0

put() { # PATH JSON
  local status
  status=$(curl -sS -o "$answer" -w '%{http_code}' -X PUT "$base$1" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$2")
  case "$status" in
    201) created=$((created + 1)) ;;
    200) replaced=$((replaced + 1)) ;;
    *) echo "PUT $1 failed with HTTP $status: $(cat "$answer")" >&2; exit 1 ;;
  esac
}

course() { # ID TITLE INSTRUCTOR...
  local id=$1 title=$2; shift 2
  put "/api/v1/content/courses/$id" "$(jq -nc --arg title "$title" \
    '{title: $title, instructors: $ARGS.positional}' --args "$@")"
}

lesson() { # KIND ID COURSE_ID DURATION_SEC|- VIDEO_URL|- TITLE
  put "/api/v1/content/lessons/$1/$2" "$(jq -nc --argjson course "$3" --arg duration "$4" \
    --arg url "$5" --arg title "$6" '{title: $title, course_id: $course,
      video_url: (if $url == "-" then null else $url end),
      duration_sec: (if $duration == "-" then null else ($duration | tonumber) end)}')"
}

course 101 "Introduction to Statistics" instructor-ada
course 102 "Organic Chemistry I" instructor-grace
course 103 "Calculus AB Exam Preparation" instructor-ada instructor-alan

lesson lms_lesson 1001 101 600 "$media/stats-101/describing-data.mp4" "Describing data: mean, median and mode"
lesson lms_lesson 1002 101 754 "$media/stats-101/variance.mp4" "Variance and standard deviation"
lesson lms_lesson 1003 101 - "$media/stats-101/box-plots.mp4" "Reading a box plot"
lesson lms_lesson 1004 101 - - "Week 1 reading list"
lesson lms_lesson 2001 102 912 "$media/chem-102/alkanes.mp4" "Alkanes and their names"
lesson lms_lesson 2002 102 1085 "$media/chem-102/stereochemistry.mp4" "Stereochemistry basics"
lesson exam_prep_lesson 3001 103 1320 "$media/calc-ab/limits.mp4" "Limits: worked problems"
lesson exam_prep_lesson 3002 103 840 "$media/calc-ab/derivative-rules.mp4" "Derivative rules drill"
lesson exam_prep_lesson 3003 103 2710 "$media/calc-ab/practice-exam-1.mp4" "Practice exam walkthrough, part 1"

echo "Demo catalogue at $base: 3 courses, 9 lessons ($created created, $replaced replaced)"
