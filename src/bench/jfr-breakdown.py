#!/usr/bin/env python3
"""Where a flight recording's CPU samples go, by framework.

Usage: src/bench/jfr-breakdown.py target/bench/heartbeats-64.jfr   (made by BENCH_JFR=1 run.sh)

Reads the jdk.ExecutionSample events with `jfr print --json` and prints, per framework, the share of
samples whose stack contains it (inclusive) and whose innermost framework frame is it (exclusive,
so the exclusive shares add up to 100 %), then the most sampled methods.
"""
import collections
import json
import subprocess
import sys

FRAMEWORKS = [
    ("PostgreSQL JDBC driver", ("org.postgresql.",)),
    ("Hibernate Validator", ("org.hibernate.validator.",)),
    ("Hibernate ORM", ("org.hibernate.",)),
    ("JTA and connection pool", ("com.sun.enterprise.transaction", "com.sun.jts",
                                 "com.sun.enterprise.resource", "com.sun.gjc",
                                 "com.sun.enterprise.connectors")),
    ("Jersey (JAX-RS)", ("org.glassfish.jersey.",)),
    ("HK2 (Jersey's injection)", ("org.jvnet.hk2.",)),
    ("Weld (CDI)", ("org.jboss.weld.",)),
    ("HTTP: Grizzly and servlet container", ("org.glassfish.grizzly", "org.apache.catalina",
                                             "com.sun.enterprise.web", "org.glassfish.web")),
    ("JSON (Parsson, Yasson)", ("org.eclipse.parsson", "org.eclipse.yasson", "jakarta.json")),
    ("JWT (Nimbus)", ("com.nimbusds.",)),
    ("Payara security", ("org.glassfish.exousia", "com.sun.enterprise.security",
                         "fish.payara.security", "org.glassfish.soteria")),
    ("Payara metrics and tracing", ("fish.payara.microprofile.metrics", "io.smallrye.metrics",
                                    "fish.payara.nucleus.requesttracing", "io.opentelemetry")),
    ("Lessonwatch", ("org.lessonwatch.",)),
]


def framework(frame):
    return next((name for name, prefixes in FRAMEWORKS if frame.startswith(prefixes)), None)


def main(path):
    printed = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "400", "--events", "jdk.ExecutionSample", path],
        capture_output=True, text=True, check=True).stdout
    inclusive, exclusive, methods = (collections.Counter() for _ in range(3))
    samples = 0
    for event in json.loads(printed)["recording"]["events"]:
        stack = event["values"].get("stackTrace")
        if not stack:
            continue
        frames = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".")
                  for f in stack["frames"]]
        samples += 1
        methods[frames[0]] += 1
        inclusive.update({framework(f) for f in frames} - {None})
        exclusive[next((framework(f) for f in frames if framework(f)), "other (JDK)")] += 1
    if not samples:
        sys.exit("no execution samples in " + path)
    print(f"{samples} CPU samples in {path}")
    print(f"{'framework':40} {'inclusive':>9} {'exclusive':>9}")
    for name, count in exclusive.most_common():
        print(f"{name:40} {100 * inclusive.get(name, count) / samples:8.1f}% "
              f"{100 * count / samples:8.1f}%")
    print("most sampled methods:")
    for method, count in methods.most_common(12):
        print(f"  {100 * count / samples:5.1f}%  {method}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
