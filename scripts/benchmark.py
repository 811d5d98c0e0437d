#!/usr/bin/env python3
"""Time the portal's pages as a demo client, over HTTP, and print the figures.

    python3 scripts/benchmark.py                      # against `make demo` on :8000
    python3 scripts/benchmark.py --url http://127.0.0.1:8001 --runs 50

Figures, not asserts: the test suite bounds query counts; wall times depend on the machine.
Only loopback addresses are accepted.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

PAGES = ["/portal", "/portal/offers", "/portal/projects"]


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--url", default="http://127.0.0.1:8000")
	parser.add_argument("--user", default="andrei.popescu@constructii-moldova.ro")
	parser.add_argument("--password", default="Demo#Portal2026")
	parser.add_argument("--runs", type=int, default=20)
	args = parser.parse_args()
	host = urllib.parse.urlparse(args.url).hostname or ""
	if not (host == "localhost" or host.startswith("127.") or host.endswith(".localhost")):
		sys.exit("benchmark only talks to this machine (loopback)")
	runs = max(1, min(args.runs, 500))

	jar = http.cookiejar.CookieJar()
	opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
	data = urllib.parse.urlencode({"usr": args.user, "pwd": args.password}).encode()
	with opener.open(args.url + "/api/method/login", data=data, timeout=30) as r:
		json.load(r)

	pages = list(PAGES)
	with opener.open(args.url + "/portal/projects", timeout=30) as r:
		m = re.search(r'href="(/portal/projects/[^"]+)"', r.read().decode())
		if m:
			pages.append(m.group(1))
	with opener.open(args.url + "/portal/offers", timeout=30) as r:
		m = re.search(r'href="(/portal/offers/[^"?]+)"', r.read().decode())
		if m:
			pages.append(m.group(1))

	print(f"{'page':50} {'runs':>5} {'mean ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'kB':>6}")
	for page in pages:
		times, size = [], 0
		for _ in range(runs):
			start = time.perf_counter()
			with opener.open(args.url + page, timeout=60) as r:
				body = r.read()
				assert r.status == 200, (page, r.status)
			times.append((time.perf_counter() - start) * 1000)
			size = len(body)
		times.sort()
		p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
		print(
			f"{page:50} {runs:>5} {statistics.mean(times):>9.1f} {statistics.median(times):>8.1f} {p95:>8.1f} {size / 1024:>6.1f}"
		)
	return 0


if __name__ == "__main__":
	sys.exit(main())
