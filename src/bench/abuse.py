"""Hostile cases against a running Lessonwatch server, with a bystander's latency beside each.

Called by src/bench/abuse.sh, which passes the server's address and the development key. Each case
is one hostile client sending as fast as the server answers it, for a few seconds (the sign-in case:
30 guesses at once, every second), while one bystander learner sends an ordinary heartbeat every
100 ms; the table compares the bystander's p95 during the case with its p95 before any case.
"""

import argparse
import base64
import http.client
import json
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HEARTBEAT = "/api/v1/videos/engagement/heartbeat"
COURSE, LESSON = 990001, 990001


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Tokens:
    def __init__(self, key_file, issuer):
        self.key = serialization.load_pem_private_key(open(key_file, "rb").read(), password=None)
        self.issuer = issuer

    def mint(self, sub, groups=("learner",), ttl=7200):
        header = b64(b'{"alg":"RS256","typ":"JWT"}')
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": sub, "groups": list(groups), "iat": now, "exp": now + ttl}
        payload = b64(json.dumps(claims, separators=(",", ":")).encode())
        signing = (header + "." + payload).encode()
        return header + "." + payload + "." + b64(self.key.sign(signing, padding.PKCS1v15(), hashes.SHA256()))


class Client:
    """One keep-alive connection; every call returns (status, body, seconds)."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.connection = None

    def call(self, method, path, body=None, headers=None):
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, data, time.perf_counter() - started, response
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 2:
                    return 0, b"", time.perf_counter() - started, None
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def heartbeat_body(position, played=None, content_id=LESSON, extra=""):
    body = '{"content_kind": "lms_lesson", "content_id": %s, "position_sec": %s, "duration_sec": 86400%s' % (
        content_id, position, extra)
    if played is not None:
        body += ', "played": ' + json.dumps(played)
    return body + "}"


def json_headers(token):
    return {"Authorization": "Bearer " + token, "Content-Type": "application/json"}


class Bystander(threading.Thread):
    """An ordinary learner: a heartbeat every 100 ms, each latency kept with its time."""

    def __init__(self, base, token):
        super().__init__(daemon=True)
        self.client = Client(base)
        self.token = token
        self.samples = []
        self.stopped = threading.Event()

    def run(self):
        position = 0
        while not self.stopped.is_set():
            position = (position + 1) % 80000
            status, _, seconds, _ = self.client.call(
                "POST", HEARTBEAT, heartbeat_body(position, [[max(0, position - 1), position]]), json_headers(self.token))
            self.samples.append((time.monotonic(), seconds, status))
            self.stopped.wait(0.1)

    def p95_between(self, start, end):
        window = sorted(s for t, s, _ in self.samples if start <= t < end)
        if len(window) < 5:
            return float("nan")
        return window[int(0.95 * (len(window) - 1))] * 1000


def run_case(name, attack, threads, seconds, bystander):
    """Runs attack(client, counter) in a loop from several threads for the given seconds."""
    answers, slowest, stop = Counter(), [0.0], threading.Event()
    lock = threading.Lock()

    def worker():
        client = Client(args.base)
        while not stop.is_set():
            for status, elapsed in attack(client):
                with lock:
                    answers[status] += 1
                    slowest[0] = max(slowest[0], elapsed)
        client.close()

    start = time.monotonic()
    workers = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    time.sleep(seconds)
    stop.set()
    for w in workers:
        w.join(60)
    end = time.monotonic()
    return name, answers, slowest[0] * 1000, bystander.p95_between(start, end)


def setup(admin):
    client = Client(args.base)
    for path, body in (
        ("/api/v1/content/courses/%d" % COURSE, '{"title": "Abuse test course", "instructors": []}'),
        ("/api/v1/content/lessons/lms_lesson/%d" % LESSON,
         '{"title": "Abuse test lesson", "course_id": %d, "video_url": "https://cdn.test/abuse.mp4",'
         ' "duration_sec": 86400}' % COURSE)):
        status, data, _, _ = client.call("PUT", path, body, json_headers(admin))
        if status not in (200, 201):
            sys.exit("setting up %s answered %s: %s" % (path, status, data[:200]))


def cases(tokens, admin):
    learner = tokens.mint("abuse-learner")
    ranges_learner = tokens.mint("abuse-ranges")
    overlap_learner = tokens.mint("abuse-overlap")
    counter = iter(range(1, 10 ** 9))
    lock = threading.Lock()

    def next_number():
        with lock:
            return next(counter)

    def padded_tokens(client):
        n = next_number()
        # a valid token, spelled in ways the base64url decoder of a lenient library would skip
        spelled = learner + "=" * (n % 50 + 1) if n % 3 else learner[:-1] + "~" + learner[-1] + "*" * (n % 40)
        status, _, s, _ = client.call("POST", HEARTBEAT, heartbeat_body(1), json_headers(spelled))
        yield status, s

    def huge_numbers(client):
        for field_body in (heartbeat_body(1, content_id="1e100000000"), heartbeat_body("1e100000000"),
                           heartbeat_body(1)[:-1].replace('"duration_sec": 86400', '"duration_sec": 1e100000000') + "}"):
            status, _, s, _ = client.call("POST", HEARTBEAT, field_body, json_headers(learner))
            yield status, s

    long_number = "1" + "0" * 60000

    def long_numbers(client):
        status, _, s, _ = client.call("POST", HEARTBEAT, heartbeat_body(long_number), json_headers(learner))
        yield status, s

    deep = "[" * 30000 + "]" * 30000

    def deep_nesting(client):
        body = heartbeat_body(1)[:-1] + ', "played": ' + deep + "}"
        status, _, s, _ = client.call("POST", HEARTBEAT, body, json_headers(learner))
        yield status, s

    def dates(client):
        for query in ("from=%2B999999999-12-31", "to=-999999999-01-01", "from=0001-01-01&to=9999-12-31"):
            status, _, s, _ = client.call(
                "GET", "/api/v1/videos/engagement/analytics/summary?" + query, None, {"Authorization": "Bearer " + admin})
            yield status, s

    def tiny_ranges(client):
        n = next_number()
        base = (n * 200) % 86000
        played = [[base + 2 * i, base + 2 * i + 0.9] for i in range(100)]
        status, _, s, _ = client.call("POST", HEARTBEAT, heartbeat_body(base, played), json_headers(ranges_learner))
        yield status, s

    def overlapping_ranges(client):
        status, _, s, _ = client.call(
            "POST", HEARTBEAT, heartbeat_body(100, [[0, 86400]] * 100), json_headers(overlap_learner))
        yield status, s

    def poison_subjects(client):
        n = next_number()
        sub = ("abuse\u0000%d" % n) if n % 2 else ("abuse\ud800%d" % n)
        token = tokens.mint(sub)
        status, _, s, _ = client.call("POST", HEARTBEAT, heartbeat_body(1), json_headers(token))
        yield status, s

    def oversize(client):
        body = heartbeat_body(1)[:-1] + ', "padding": "' + "x" * (100 * 1024) + '"}'
        status, _, s, _ = client.call("POST", HEARTBEAT, body, json_headers(learner))
        yield status, s

    login_form = {}

    def login_burst(client):
        if "cookie" not in login_form:
            status, body, _, response = client.call("GET", "/dashboard/login")
            cookie = (response.getheader("Set-Cookie") or "").split(";")[0] if response else ""
            match = re.search(rb'name="_csrf" value="([^"]+)"', body)
            login_form.update(cookie=cookie, csrf=match.group(1).decode() if match else "")
        form = urllib.parse.urlencode(
            {"username": "instructor-ada", "password": "guess-%d" % next_number(), "_csrf": login_form["csrf"]})
        status, _, s, _ = client.call(
            "POST", "/dashboard/login", form,
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": login_form["cookie"]})
        time.sleep(1 - time.time() % 1)  # the 30 threads guess together, once a second
        yield status, s

    return [
        ("padded token spellings (valid token + '=' / '~' / '*')", padded_tokens, 1),
        ("numbers with huge exponents (1e100000000)", huge_numbers, 1),
        ("a number of 60,000 digits", long_numbers, 1),
        ("played nested 30,000 deep", deep_nesting, 1),
        ("analytics dates out of range (+999999999-12-31)", dates, 1),
        ("100 tiny separate ranges per heartbeat, one learner", tiny_ranges, 1),
        ("100 overlapping full-day ranges per heartbeat", overlapping_ranges, 1),
        ("subjects with U+0000 or a lone surrogate", poison_subjects, 1),
        ("bodies of 100 KiB", oversize, 1),
        ("30 wrong passwords at once for one username, every second", login_burst, 30),
    ]


def main():
    tokens = Tokens(args.key, args.issuer)
    admin = tokens.mint("abuse-admin", ("admin",))
    setup(admin)
    bystander = Bystander(args.base, tokens.mint("abuse-bystander"))
    bystander.start()
    quiet_start = time.monotonic()
    time.sleep(args.seconds)
    quiet = bystander.p95_between(quiet_start, time.monotonic())
    rows = []
    for name, attack, threads in cases(tokens, admin):
        if args.only and not any(word in name for word in args.only.split(",")):
            continue
        rows.append(run_case(name, attack, threads, args.seconds, bystander))
        time.sleep(1)
    bystander.stopped.set()
    bystander.join(5)

    print("Bystander heartbeat p95 while quiet: %.1f ms (%d samples before the cases)" % (
        quiet, sum(1 for t, _, _ in bystander.samples if t < quiet_start + args.seconds)))
    print("%-58s %-34s %11s %14s %7s  %s" % ("case", "answers", "slowest_ms", "bystander_p95", "ratio", "targets"))
    failed = False
    for name, answers, slowest, p95 in rows:
        ratio = p95 / quiet if quiet else float("nan")
        ok = slowest < 1000 and ratio <= 2.0 and 500 not in answers and 0 not in answers
        failed |= not ok
        print("%-58s %-34s %11.0f %11.1f ms %6.2fx  %s" % (
            name, " ".join("%s×%d" % (k if k else "no answer", v) for k, v in sorted(answers.items())),
            slowest, p95, ratio, "MET" if ok else "MISSED"))
    errors = Counter(status for _, _, status in bystander.samples if status != 200)
    print("Bystander answers other than 200: %s" % (dict(errors) or "none"))
    sys.exit(1 if failed else 0)


parser = argparse.ArgumentParser()
parser.add_argument("--base", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--issuer", required=True)
parser.add_argument("--seconds", type=float, default=8)
parser.add_argument("--only", default="", help="comma-separated words of the case names to run")
args = parser.parse_args()
main()
