#!/usr/bin/env python3
"""One signed-in reader of the mixed load: requests the given paths in a loop, one at a time, with
a pause after each answer, until a deadline; prints each answer's HTTP status on a line of its own
(000 when there was none).

Usage: src/bench/reader.py BASE_URL COOKIE_JAR PAUSE_SECONDS SECONDS PATH...
  BASE_URL       http://host:port
  COOKIE_JAR     a curl cookie jar (run.sh's login writes it): every cookie in it is sent
  PAUSE_SECONDS  the wait after each answer, as a person reads a page before the next click
  SECONDS        how long to loop

One process and one kept-alive connection for the whole run. A curl process per request, as
run.sh used before, cost the machine about 30 ms of CPU per request to start (and a sleep process
8 ms more): with 8 readers, close to a third of a core that the server under test did not get,
on the same two cores.
"""
import http.client
import sys
import time
import urllib.parse


def cookies(jar):
    pairs = []
    with open(jar) as lines:
        for line in lines:
            if line.startswith("#HttpOnly_"):
                line = line[len("#HttpOnly_") :]
            elif line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 7:
                pairs.append(fields[5] + "=" + fields[6])
    return "; ".join(pairs)


def main():
    base, jar, pause, seconds, paths = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5:]
    url = urllib.parse.urlsplit(base)
    headers = {"Cookie": cookies(jar)}
    connection = None
    deadline = time.monotonic() + seconds
    out = sys.stdout
    while time.monotonic() < deadline:
        for path in paths:
            if time.monotonic() >= deadline:
                break
            status = "000"
            # a kept-alive connection the server has closed meanwhile fails at once: then once more
            # on a new one
            for _ in range(2):
                reused = connection is not None
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    status = "%03d" % response.status
                    if response.will_close:
                        connection.close()
                        connection = None
                    break
                except (OSError, http.client.HTTPException):
                    if connection is not None:
                        connection.close()
                    connection = None
                    if not reused:
                        break
            out.write(status + "\n")
            out.flush()
            time.sleep(pause)


if __name__ == "__main__":
    main()
