#!/usr/bin/env python3
"""How many cores each kind of a JVM's threads used over an interval, from /proc.

Usage: src/bench/thread-cpu.py PID SECONDS

Prints one line, for example
  request threads 0.41, heartbeat writers 0.32, JIT compiler 0.04, GC 0.01, other 0.06
Each thread's user and system time is read from /proc/PID/task/*/stat at the start and the end;
threads that start or end meanwhile count what they used inside the interval as far as it is seen.
The JIT compiler's share tells whether a server is still compiling: a figure taken while it is
(minutes after a start) says as much about the compiler as about what is measured.
"""
import os
import sys
import time

# by the start of a thread's name as /proc gives it: its first 15 characters
KINDS = [
    ("request threads", ("http-thread-poo",)),
    ("heartbeat writers", ("heartbeat-write",)),
    ("JIT compiler", ("C1 CompilerThre", "C2 CompilerThre")),
    ("GC", ("GC Thread", "G1 ")),
]


def kind(name):
    for label, prefixes in KINDS:
        if name.startswith(prefixes):
            return label
    return "other"


def snapshot(pid):
    threads = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        threads[tid] = (kind(name), int(fields[11]) + int(fields[12]))
    return threads


def main(pid, seconds):
    ticks = os.sysconf("SC_CLK_TCK")
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    used = {label: 0 for label, _ in KINDS}
    used["other"] = 0
    for tid, (label, spent) in after.items():
        used[label] += spent - before.get(tid, (label, 0))[1]
    print(", ".join(f"{label} {spent / ticks / seconds:.2f}" for label, spent in used.items()))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    main(sys.argv[1], float(sys.argv[2]))
