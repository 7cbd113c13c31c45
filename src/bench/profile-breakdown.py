#!/usr/bin/env python3
"""Where the server's CPU goes per heartbeat, from an async-profiler recording.

Usage: src/bench/profile-breakdown.py PROFILE JAVA_CPU_SECONDS HEARTBEATS
  PROFILE            collapsed stacks (async-profiler -o collapsed), made by BENCH_PROFILE=1 run.sh
  JAVA_CPU_SECONDS   the Payara JVM's CPU time over the profiled interval
  HEARTBEATS         heartbeats answered over the same interval

Each sample is put in one part by its thread and the frames on its stack, and each part's share of
the samples is turned into microseconds of CPU per heartbeat. Request threads are split into the
stages of a request: the HTTP container around Jersey, Jersey itself, the token filter, reading the
JSON body and the resource call, writing the response. The heartbeat writers are split by what
their innermost frame belongs to.
"""
import collections
import sys

WRITER = "org/lessonwatch/engagement/internal/GroupCommit.writeGroups"

# request-thread stages: the first that matches, searched from the innermost frame outwards
REQUEST_STAGES = [
    ("token filter (ApiAuthentication)", "org/lessonwatch/web/rest/auth/ApiAuthentication.filter"),
    ("resource: JSON body, checks, hand-over to a writer", "org/lessonwatch/web/rest/HeartbeatResource.record"),
    ("response JSON (Yasson)", "org/glassfish/jersey/message/internal/WriterInterceptorExecutor"),
    ("Jersey (routing, filters, injection, tracing listeners)", "org/glassfish/jersey/"),
    ("HTTP container (Grizzly, servlet pipeline, sockets)", ""),
]

WRITER_PARTS = [
    ("PostgreSQL JDBC driver and its socket I/O", ("org/postgresql/",)),
    ("Hibernate ORM", ("org/hibernate/",)),
    ("JTA transaction and connection pool", ("com/sun/enterprise/", "com/sun/gjc/", "com/sun/jts/")),
    ("CDI proxies and interceptors (Weld)", ("org/jboss/weld/", "org/glassfish/weld/")),
    ("session rules and group hand-over (ours)", ("org/lessonwatch/",)),
]


def thread_kind(frames, stack):
    root = frames[0]
    if WRITER in stack:
        return "heartbeat writers (group transactions)"
    if "CompileBroker" in stack or "C2Compiler" in stack or "C1Compiler" in stack:
        return "JIT compiler"
    if any(gc in stack for gc in ("G1", "GCTaskThread", "ConcurrentGCThread", "WorkerThread::run")):
        return "garbage collector"
    if root.startswith("java/lang/Thread.run") and "org/glassfish/grizzly" in stack:
        return "request threads"
    return "other JVM threads"


def innermost_part(frames, parts):
    for frame in reversed(frames):
        if frame.endswith("_[k]"):
            continue
        for name, prefixes in parts:
            if frame.startswith(prefixes):
                return name
    return "JDK and other"


def main(path, java_cpu_seconds, heartbeats):
    kinds, stages, writer_parts = (collections.Counter() for _ in range(3))
    total = 0
    with open(path) as profile:
        for line in profile:
            stack, _, count = line.rstrip().rpartition(" ")
            if not stack:
                continue
            count = int(count)
            frames = stack.split(";")
            total += count
            kind = thread_kind(frames, stack)
            kinds[kind] += count
            if kind == "request threads":
                stages[next(name for name, marker in REQUEST_STAGES if marker in stack)] += count
            elif kind.startswith("heartbeat writers"):
                writer_parts[innermost_part(frames, WRITER_PARTS)] += count
    if not total:
        sys.exit("no samples in " + path)
    per_sample_us = java_cpu_seconds * 1e6 / heartbeats / total
    print(f"Payara JVM CPU per heartbeat: {java_cpu_seconds * 1e6 / heartbeats:.0f} µs"
          f" ({total} samples, {heartbeats} heartbeats)")

    def show(counter, indent):
        for name, count in counter.most_common():
            print(f"{indent}{count * per_sample_us:6.0f} µs {100 * count / total:5.1f}%  {name}")

    for kind, count in kinds.most_common():
        print(f"  {count * per_sample_us:6.0f} µs {100 * count / total:5.1f}%  {kind}")
        if kind == "request threads":
            show(stages, "      ")
        elif kind.startswith("heartbeat writers"):
            show(writer_parts, "      ")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]))
