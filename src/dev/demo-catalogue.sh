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
course 104 "Europe 1900-1950: War, Trade & <Peace>" instructor-grace

lesson lms_lesson 1001 101 600 "$media/stats-101/describing-data.mp4" "Describing data: mean, median and mode"
lesson lms_lesson 1002 101 754 "$media/stats-101/variance.mp4" "Variance and standard deviation"
lesson lms_lesson 1003 101 - "$media/stats-101/box-plots.mp4" "Reading a box plot"
lesson lms_lesson 1004 101 - - "Week 1 reading list"
lesson lms_lesson 1005 101 688 "$media/stats-101/probability.mp4" "Probability rules"
lesson lms_lesson 1006 101 931 "$media/stats-101/distributions.mp4" "The normal distribution"
lesson lms_lesson 1007 101 802 "$media/stats-101/sampling.mp4" "Sampling and the central limit theorem"
lesson lms_lesson 1008 101 1140 "$media/stats-101/confidence.mp4" "Confidence intervals"
lesson lms_lesson 1009 101 1065 "$media/stats-101/hypothesis-tests.mp4" "Hypothesis tests and p-values"
lesson lms_lesson 1010 101 720 "$media/stats-101/regression.mp4" "Simple linear regression"
lesson lms_lesson 2001 102 912 "$media/chem-102/alkanes.mp4" "Alkanes and their names"
lesson lms_lesson 2002 102 1085 "$media/chem-102/stereochemistry.mp4" "Stereochemistry basics"
lesson lms_lesson 2003 102 966 "$media/chem-102/sn1-sn2.mp4" "Substitution: SN1 and SN2"
lesson lms_lesson 2004 102 1012 "$media/chem-102/elimination.mp4" "Elimination reactions"
lesson lms_lesson 2005 102 845 "$media/chem-102/alkenes.mp4" "Alkenes and addition"
lesson lms_lesson 2006 102 1190 "$media/chem-102/spectroscopy.mp4" "IR and NMR spectroscopy"
lesson lms_lesson 2007 102 780 "$media/chem-102/alcohols.mp4" "Alcohols and ethers"
lesson lms_lesson 2008 102 1320 "$media/chem-102/review.mp4" "Midterm review"
lesson exam_prep_lesson 3001 103 1320 "$media/calc-ab/limits.mp4" "Limits: worked problems"
lesson exam_prep_lesson 3002 103 840 "$media/calc-ab/derivative-rules.mp4" "Derivative rules drill"
lesson exam_prep_lesson 3003 103 2710 "$media/calc-ab/practice-exam-1.mp4" "Practice exam walkthrough, part 1"
lesson exam_prep_lesson 3004 103 1460 "$media/calc-ab/related-rates.mp4" "Related rates"
lesson exam_prep_lesson 3005 103 1215 "$media/calc-ab/integrals.mp4" "Riemann sums and integrals"
lesson exam_prep_lesson 3006 103 990 "$media/calc-ab/ftc.mp4" "The fundamental theorem of calculus"
lesson exam_prep_lesson 3007 103 1580 "$media/calc-ab/differential-equations.mp4" "Separable differential equations"
lesson exam_prep_lesson 3008 103 2890 "$media/calc-ab/practice-exam-2.mp4" "Practice exam walkthrough, part 2"
lesson lms_lesson 4001 104 640 "$media/europe-1900/belle-epoque.mp4" "The Belle Epoque"
lesson lms_lesson 4002 104 905 "$media/europe-1900/july-crisis.mp4" "The July Crisis of 1914"
lesson lms_lesson 4003 104 1130 "$media/europe-1900/western-front.mp4" "Life on the Western Front"
lesson lms_lesson 4004 104 870 "$media/europe-1900/versailles.mp4" "Versailles & its critics"
lesson lms_lesson 4005 104 990 "$media/europe-1900/weimar.mp4" "The Weimar Republic"
lesson lms_lesson 4006 104 1045 "$media/europe-1900/depression.mp4" "Trade, tariffs and the Great Depression"
lesson lms_lesson 4007 104 1210 "$media/europe-1900/appeasement.mp4" "Appeasement"
lesson lms_lesson 4008 104 1380 "$media/europe-1900/postwar.mp4" "Rebuilding Europe after 1945"

echo "Demo catalogue at $base: 4 courses, 34 lessons ($created created, $replaced replaced)"
