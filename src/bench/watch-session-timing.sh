#!/usr/bin/env bash
# Times recording a heartbeat and reading a session back for hostile played ranges
# (src/bench/WatchSessionTiming.java), without a server or a database.
#
#   src/bench/watch-session-timing.sh [COMMIT]
#     COMMIT   time that commit's WatchSession and WatchedSeconds instead of the working tree's
#              (compiled over the current module classes), for a before/after comparison
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -o compile -pl engagement-module
m2="$HOME/.m2/repository"
classes=engagement-module/target/classes
cp="$classes:$m2/org/lessonwatch/content-module/1.0.0-SNAPSHOT/content-module-1.0.0-SNAPSHOT.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ $# -gt 0 ]; then
  internal=org/lessonwatch/engagement/internal
  mkdir -p "$work/src" "$work/then"
  for class in WatchSession WatchedSeconds; do
    git show "$1:engagement-module/src/main/java/$internal/$class.java" >"$work/src/$class.java"
  done
  jpa=$(find "$m2/jakarta/persistence" -name 'jakarta.persistence-api-*.jar' | sort | tail -1)
  hibernate=$(find "$m2/org/hibernate/orm" -name 'hibernate-core-*.jar' | sort | tail -1)
  javac -nowarn -d "$work/then" -cp "$cp:$jpa:$hibernate" "$work"/src/*.java
  cp="$work/then:$cp"
fi
javac -nowarn -d "$work/timing" -cp "$cp" src/bench/WatchSessionTiming.java
java -cp "$work/timing:$cp" org.lessonwatch.engagement.internal.WatchSessionTiming
