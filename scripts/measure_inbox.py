#!/usr/bin/env python3
"""Measures the opsporing inbox on a running stack (scripts/run's generated municipality): per school
the rows of its inbox (all states and new; one per pupil, checked by reading every page), the
pupils per tier, the time of the inbox and meeting pages as a signed-in school leader sees them,
and the mails per mailbox in the SMTP sink (digests and immediate ones).

Usage: RUN_DIR=.run/<profile> python3 scripts/measure_inbox.py [schools…]   (default skole-01 … skole-05)
"""
import collections
import email
import email.policy
import http.cookiejar
import mailbox
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
import json


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def read_env(run_dir):
    env = {}
    with open(os.path.join(run_dir, "stack.env"), encoding="utf-8") as file:
        for line in file:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                env[key] = value
    return env


def get_json(url, token):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def signed_in_opener(env, staff_id):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def open_(url, data=None):
        try:
            with opener.open(url, data=data, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    base = env["PLANNING_URL"]
    status, headers, _ = open_(base + "/auth/sign-in?returnTo=%2F")
    authorize = urllib.parse.urlparse(headers["Location"])
    form = dict(urllib.parse.parse_qsl(authorize.query), staffId=staff_id)
    status, headers, _ = open_(env["IDP_URL"] + "/authorize", data=urllib.parse.urlencode(form).encode())
    status, headers, _ = open_(headers["Location"])
    assert status in (302, 303), f"sign-in failed: {status}"
    return open_


def timed(open_, url, runs=10):
    open_(url)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status, _, body = open_(url)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, f"{url}: {status}"
    return statistics.median(times), max(times), len(body)


def main():
    run_dir = os.environ.get("RUN_DIR") or sys.exit("set RUN_DIR to the stack's run directory")
    env = read_env(run_dir)
    for name in ("AUTH_ISSUER", "AUTH_SIGNING_KEY_FILE", "AUTH_KEY_ID"):
        os.environ[name] = env[name]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import dev_token
    token = dev_token.token(["detection-team"], ["*"], "measure-inbox")
    base = env["PLANNING_URL"]
    schools = sys.argv[1:] or [f"skole-{n:02d}" for n in range(1, 6)]
    print("school     rows(all) rows(new) pupils-once  tiers(new)")
    for school in schools:
        rows, offset, total = [], 0, None
        while total is None or offset < total:
            page = get_json(f"{base}/v1/schools/{school}/inbox?state=all&limit=200&offset={offset}", token)
            total = page["total"]
            rows += page["pupils"]
            offset += 200
        new = get_json(f"{base}/v1/schools/{school}/inbox?limit=1", token)
        tiers = " ".join(f"{t['tier']}={t['count']}" for t in new["tiers"] if t["count"])
        once = len({row["pupilKey"] for row in rows}) == len(rows)
        print(f"{school:10} {total:9} {new['total']:9} {str(once):11}  {tiers}")
    open_ = signed_in_opener(env, "s-leder-01")
    for path in ("/schools/skole-01/inbox", "/schools/skole-01/meeting", "/"):
        median, worst, size = timed(open_, base + path)
        print(f"page {path}: median {median:.1f} ms, max {worst:.1f} ms over 10 requests ({size} bytes)")
    maildir = env.get("SMTP_MAILDIR")
    if maildir and os.path.isdir(maildir):
        counts = collections.Counter()
        box = mailbox.Maildir(maildir, factory=None, create=False)
        for key in box.keys():
            message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            recipient = (message.get("X-RcptTo") or message.get("To") or "").lower()
            kind = "digest" if "sammendrag" in str(message.get("Subject", "")).lower() or "digest" in str(message.get("Subject", "")).lower() else "immediate"
            counts[(recipient, kind)] += 1
        opsporing = sorted({r for r, _ in counts if "opsporing" in r})
        print(f"mails: {sum(counts.values())} in all; per opsporing mailbox (immediate, digest):")
        for recipient in opsporing:
            print(f"  {recipient}: {counts[(recipient, 'immediate')]}, {counts[(recipient, 'digest')]}")


if __name__ == "__main__":
    main()
