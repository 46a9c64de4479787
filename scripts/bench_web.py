#!/usr/bin/env python3
"""Times the staff web app's pages (scripts/bench-web): signs in through the development IdP as a
school leader and as the municipality's analyst, then requests each page many times one after
another and prints p50 / p95 / max of the time from request to the last byte of the page."""
import http.cookiejar
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request


def signed_in_opener(base, staff_id):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/auth/sign-in?returnTo=/") as response:  # follows to the IdP's sign-in page
        authorize = urllib.parse.urlparse(response.geturl())
    form = dict(urllib.parse.parse_qsl(authorize.query), staffId=staff_id)
    idp = f"{authorize.scheme}://{authorize.netloc}/authorize"
    with opener.open(idp, data=urllib.parse.urlencode(form).encode()) as response:
        page = response.read().decode()
    if staff_id not in page and "Log ud" not in page:
        sys.exit(f"sign-in as {staff_id} did not reach the start page")
    return opener


def timed(opener, url, count):
    samples = []
    for index in range(count + 3):
        started = time.perf_counter()
        with opener.open(url) as response:
            body = response.read()
            status = response.status
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200 or b"<main" not in body:
            sys.exit(f"{url} answered {status}")
        if index >= 3:  # the first requests warm caches and connections
            samples.append(elapsed)
    return samples


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    base, pupil, case, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    leader = signed_in_opener(base, "s-leder-01")
    analyst = signed_in_opener(base, "s-analyse-01")
    pages = [
        ("start (school leader)", leader, "/"),
        ("inbox skole-01", leader, "/schools/skole-01/inbox"),
        ("pupil", leader, "/pupils/" + pupil),
        ("case", leader, "/cases/" + case),
        ("dashboard (municipality)", analyst, "/dashboard"),
        ("dashboard (one school)", analyst, "/dashboard?schoolId=skole-07"),
    ]
    print(f"{'page':28} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    worst = 0.0
    results = {}
    for name, opener, path in pages:
        samples = timed(opener, base + path, count)
        worst = max(worst, max(samples))
        results[name] = samples
        print(f"{name:28} {len(samples):>8} {statistics.median(samples):>8.1f} {percentile(samples, 95):>8.1f} {max(samples):>8.1f}")
    print(f"slowest page request: {worst:.1f} ms (budget 300 ms)")


if __name__ == "__main__":
    main()
