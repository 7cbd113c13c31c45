#!/usr/bin/env bash
# Loads the benchmark catalogue through the catalogue API, as an admin would: 50 courses of 20
# lessons (1,000 lessons; courses 41-50 are exam_prep_lesson, the rest lms_lesson), ids
# content_id = course_id * 100 + k (k = 1..20), durations 4-25 minutes (seeded, same every run).
# Course c lists instructor "bench-instructor-c". Writes "kind id duration course" lines to OUT.
#
#   src/bench/catalogue.sh BASE_URL OUT_FILE
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${1:?base url}; out=${2:?output file}
token=$("$root/src/dev/token.sh" -s bench-admin -g admin -t 1800)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
awk 'BEGIN { srand(7);
  for (c = 1; c <= 50; c++) {
    kind = (c > 40) ? "exam_prep_lesson" : "lms_lesson";
    for (k = 1; k <= 20; k++) {
      d = int(240 + 1260 * rand() * rand() + 60 * rand());
      printf "%s %d %d %d\n", kind, c * 100 + k, d, c } } }' > "$out"
put() { # PATH JSON -> prints status
  curl -sS --max-time 60 -o /dev/null -w '%{http_code}\n' -X PUT "$base$1" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data "$2"
}
export -f put; export base token
# courses first (lessons need them), then lessons 4 at a time
for c in $(seq 1 50); do
  printf '/api/v1/content/courses/%d\t{"title":"Bench course %d","instructors":["bench-instructor-%d"]}\n' "$c" "$c" "$c"
done > "$work/courses"
while read -r kind id dur course; do
  printf '/api/v1/content/lessons/%s/%d\t{"title":"Bench lesson %d","course_id":%d,"video_url":"https://media.example.test/bench/%d.mp4","duration_sec":%d}\n' \
    "$kind" "$id" "$id" "$course" "$id" "$dur"
done < "$out" > "$work/lessons"
for f in courses lessons; do
  tr '\t' '\037' < "$work/$f" | xargs -d '\n' -P 4 -I{} bash -c 'IFS=$'"'"'\037'"'"' read -r p j <<< "$1"; put "$p" "$j"' _ {} \
    > "$work/$f.status"
  bad=$(grep -cv '^20[01]$' "$work/$f.status" || true)
  [ "$bad" = 0 ] || { echo "catalogue: $bad $f PUTs failed: $(sort "$work/$f.status" | uniq -c | tr '\n' ' ')" >&2; exit 1; }
done
echo "catalogue: 50 courses, $(wc -l < "$out") lessons loaded through the API"
