#!/usr/bin/env python3
"""Time the portal's pages over HTTP, for several clients and sites side by side, and print a table.

    python3 scripts/benchmark.py                                # the demo client on :8000
    python3 scripts/benchmark.py --url http://127.0.0.1:8030 --runs 30 \\
        --profile small=test.perf.localhost,andrei.popescu@constructii-moldova.ro,Demo#Portal2026 \\
        --profile scale=perf.localhost,client0001@scale.example.ro,Scale#Portal2026 \\
        --profile big=perf.localhost,client0000@scale.example.ro,Scale#Portal2026

A profile is label=site,user,password: one client on one site (the site is sent as the Host
header, so one gunicorn serving the bench answers for all). Requests are interleaved (every page of
every profile, then again), so a busy moment hurts all columns alike. For every page it prints p50
and p95, the ratio of p50 to an authenticated `/api/method/ping` (the floor: Frappe's request
handling alone) and to Frappe's stock `/me` page for the same user, the HTML size and the number of
SQL queries (from the `X-Ralom-Queries` header, sent when site config has `ralom_benchmark`).
The last column is the growth of p50 from the first profile to the last.

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

PAGES = [
	"/portal",
	"/portal/offers",
	"/portal/projects",
	"/portal/invoices",
	"/portal/payments",
	"/portal/contracts",
	"/portal/tickets",
	"/portal/shipments",
	"/portal/files",
]
# Detail pages: the first link of this shape on the list page, per profile.
DETAILS = [
	("/portal/offers", r'href="(/portal/offers/[^"?]+)"', "/portal/offers/<name>"),
	("/portal/projects", r'href="(/portal/projects/[^"?]+)"', "/portal/projects/<name>"),
	("/portal/invoices", r'href="(/portal/invoices/[^"?]+)"', "/portal/invoices/<name>"),
]
PING, ME = "/api/method/ping", "/me"


class Profile:
	def __init__(self, spec: str, url: str):
		label, _, rest = spec.partition("=")
		self.site, self.user, self.password = rest.split(",", 2)
		self.label, self.url = label, url
		self.opener = urllib.request.build_opener(
			urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
		)
		self.paths: dict[str, str] = {}  # page label -> path for this profile
		self.times: dict[str, list[float]] = {}
		self.size: dict[str, int] = {}
		self.queries: dict[str, str] = {}

	def get(self, path: str, data: bytes | None = None):
		req = urllib.request.Request(self.url + path, data=data, headers={"Host": self.site})
		start = time.perf_counter()
		with self.opener.open(req, timeout=120) as r:
			body = r.read()
			status, headers = r.status, r.headers
		return (time.perf_counter() - start) * 1000, status, headers, body

	def login(self) -> None:
		data = urllib.parse.urlencode({"usr": self.user, "pwd": self.password}).encode()
		_t, _s, _h, body = self.get("/api/method/login", data)
		json.loads(body)
		for page in [PING, ME, *PAGES]:
			self.paths[page] = page
		for list_page, pattern, label in DETAILS:
			_t, _s, _h, body = self.get(list_page)
			m = re.search(pattern, body.decode())
			if m:
				self.paths[label] = m.group(1)

	def measure(self, label: str) -> None:
		path = self.paths.get(label)
		if not path:
			return
		ms, status, headers, body = self.get(path)
		if status != 200:
			raise SystemExit(f"{self.label}: {path} answered {status}")
		self.times.setdefault(label, []).append(ms)
		self.size[label] = len(body)
		self.queries[label] = headers.get("X-Ralom-Queries", "?")

	def p(self, label: str, q: float) -> float | None:
		times = sorted(self.times.get(label, []))
		if not times:
			return None
		if q == 50:
			return statistics.median(times)
		return times[min(len(times) - 1, int(len(times) * q / 100))]


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--url", default="http://127.0.0.1:8000")
	parser.add_argument("--profile", action="append", help="label=site,user,password (repeatable)")
	parser.add_argument("--runs", type=int, default=20)
	parser.add_argument("--warmup", type=int, default=2)
	args = parser.parse_args()
	host = urllib.parse.urlparse(args.url).hostname or ""
	if not (host == "localhost" or host.startswith("127.") or host.endswith(".localhost")):
		sys.exit("benchmark only talks to this machine (loopback)")
	specs = args.profile or ["demo=localhost,andrei.popescu@constructii-moldova.ro,Demo#Portal2026"]
	profiles = [Profile(s, args.url) for s in specs]
	runs = max(1, min(args.runs, 500))
	for profile in profiles:
		profile.login()
	labels = [PING, ME, *PAGES, *(d[2] for d in DETAILS)]
	for run in range(args.warmup + runs):
		for label in labels:
			for profile in profiles:
				profile.measure(label)
		if run < args.warmup:
			for profile in profiles:
				profile.times.clear()
	print(f"{runs} interleaved runs per page and profile; ms; ×ping and ×/me are ratios of p50")
	head = f"{'page':26}"
	for profile in profiles:
		head += f" | {profile.label[:8]:>8} p50   p95  ×ping  ×/me    kB  q"
	if len(profiles) > 1:
		head += " | growth"
	print(head)
	print("-" * len(head))
	for label in labels:
		line = f"{label:26}"
		for profile in profiles:
			p50, p95 = profile.p(label, 50), profile.p(label, 95)
			if p50 is None:
				line += f" | {'-':>47}"
				continue
			ping, me = profile.p(PING, 50), profile.p(ME, 50)
			line += (
				f" | {p50:12.1f} {p95:5.1f} {p50 / ping:6.1f} {p50 / me:5.2f}"
				f" {profile.size[label] / 1024:5.1f} {profile.queries[label]:>2}"
			)
		first, last = profiles[0].p(label, 50), profiles[-1].p(label, 50)
		if len(profiles) > 1 and first and last:
			line += f" | {last / first:5.2f}×"
		print(line)
	return 0


if __name__ == "__main__":
	sys.exit(main())
