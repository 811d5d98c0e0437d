#!/usr/bin/env python3
"""Production smoke test: sign in as a demo client and check every portal section and one asset.

    python3 scripts/smoke.py http://portal.example.ro --user andrei.popescu@... --password '...'
    python3 scripts/smoke.py http://127.0.0.1 --bench /home/frappe/frappe-bench --site portal.example.ro

With --bench/--site the first demo login is read from `bench --site SITE ralom-portal demo-logins`
(run as the bench's owner). The sections are those of the registry ralom_portal/sections.py (which
imports nothing), read from this checkout, so a new section is checked without editing this script. Only the standard library
is used: it runs on any machine that can reach the site. Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import importlib.util
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

SECTIONS_PY = Path(__file__).resolve().parent.parent / "ralom_portal" / "sections.py"
ASSET = re.compile(r'(?:href|src)="(/assets/ralom_portal/dist/[^"?]+\.(?:css|js))')


def sections() -> list[tuple[str, str]]:
	"""(key, route) of every section, from the registry ralom_portal/sections.py."""
	spec = importlib.util.spec_from_file_location("ralom_sections", SECTIONS_PY)
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return [(s["key"], s["route"]) for s in module.SECTIONS]


def demo_login(bench: str, site: str) -> tuple[str, str]:
	"""The first demo login, from `bench --site SITE ralom-portal demo-logins` (run the way bench runs
	it, with the bench's own Python, as the bench's owner when called as root)."""
	cmd = [f"{bench}/env/bin/python", "-m", "frappe.utils.bench_helper", "frappe"]
	cmd += ["--site", site, "ralom-portal", "demo-logins"]
	owner = Path(bench).stat().st_uid
	if os.geteuid() == 0 and owner != 0:
		import pwd

		cmd = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--", *cmd]
	done = subprocess.run(cmd, cwd=f"{bench}/sites", capture_output=True, text=True)
	m = re.search(r":\s*(\S+@\S+)\s*/\s*(\S+)", done.stdout)
	if done.returncode or not m:
		raise SystemExit(f"no demo login from {' '.join(cmd)}:\n{done.stdout}{done.stderr[-1500:]}")
	return m.group(1), m.group(2)


class Smoke:
	def __init__(self, base: str, host: str | None):
		self.base = base.rstrip("/")
		self.host = host
		self.jar = http.cookiejar.CookieJar()
		self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
		self.failures = 0

	def request(self, path: str, data: dict | None = None):
		body = urllib.parse.urlencode(data).encode() if data is not None else None
		req = urllib.request.Request(self.base + path, data=body)
		req.add_header("Accept-Language", "ro")
		if self.host:
			req.add_header("Host", self.host)
		started = time.monotonic()
		try:
			with self.opener.open(req, timeout=60) as r:
				return r.status, r.headers, r.read(), time.monotonic() - started
		except urllib.error.HTTPError as e:
			return e.code, e.headers, e.read(), time.monotonic() - started

	def check(self, label: str, ok: bool, detail: str) -> None:
		print(f"{'PASS' if ok else 'FAIL'}  {label:<34} {detail}")
		self.failures += 0 if ok else 1


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("url", help="the site's base URL, e.g. http://127.0.0.1")
	parser.add_argument("--user")
	parser.add_argument("--password")
	parser.add_argument("--bench", help="bench directory (to read a demo login)")
	parser.add_argument(
		"--site", help="site name (to read a demo login); also sent as Host with --host-header"
	)
	parser.add_argument("--host-header", action="store_true", help="send --site as the Host header")
	args = parser.parse_args()

	user, password = args.user, args.password
	if not (user and password):
		if not (args.bench and args.site):
			parser.error("give --user and --password, or --bench and --site to use a demo login")
		user, password = demo_login(args.bench, args.site)
	smoke = Smoke(args.url, args.site if args.host_header else None)
	print(f"smoke test of {smoke.base} as {user}")

	status, _, body, took = smoke.request("/api/method/ping")
	smoke.check("ping", status == 200 and b"pong" in body, f"{status} {took * 1000:.0f} ms")
	status, _, body, took = smoke.request("/api/method/login", {"usr": user, "pwd": password})
	smoke.check("login", status == 200, f"{status} {took * 1000:.0f} ms")
	if status != 200:
		print(body[:300].decode(errors="replace"))
		return 1

	assets: set[str] = set()
	for key, route in sections():
		status, headers, body, took = smoke.request(route)
		html = body.decode(errors="replace")
		ok = (
			status == 200
			and f'data-section="{key}"' in html
			and "Traceback" not in html
			and "text/html" in (headers.get("Content-Type") or "")
		)
		smoke.check(f"section {key}", ok, f"{status} {route} {len(body)} bytes {took * 1000:.0f} ms")
		assets.update(ASSET.findall(html))

	css = sorted(a for a in assets if a.endswith(".css"))
	if not css:
		smoke.check("asset", False, "no /assets/ralom_portal/dist/*.css link on the portal pages")
	else:
		status, headers, body, took = smoke.request(css[0])
		kind = headers.get("Content-Type") or ""
		smoke.check("asset", status == 200 and "css" in kind and len(body) > 100, f"{status} {css[0]} {kind}")
		print(f"      served by: {headers.get('Server') or '?'}")

	status, _, _, _ = smoke.request("/api/method/logout")
	smoke.check("logout", status == 200, str(status))
	print("OK" if not smoke.failures else f"{smoke.failures} check(s) failed")
	return 1 if smoke.failures else 0


if __name__ == "__main__":
	sys.exit(main())
