#!/usr/bin/env python3
"""Two app servers behind one nginx: what must hold when the portal runs on more than one machine.

    python3 scripts/two_servers.py --bench /home/frappe/frappe-bench --site portal.example.ro

Starts two separate gunicorn masters on two ports (as two machines would run them), pinned to SITE
(ralom_portal/wsgi.py), and an nginx of its own on 127.0.0.1 (never port 80, never the system's
nginx configuration) with both in one upstream, round-robin; they share MariaDB and Redis. Then, as
the demo clients of `bench --site SITE ralom-portal demo`:

1. sessions and CSRF: a session made through nginx works on each server directly, and a CSRF token
   issued by one server is accepted by the other (and a wrong one refused);
2. the per-account login limit: failed logins spread over both servers count together, and the right
   password is then refused (429) on either;
3. the per-user rate limit: a method's budget spent half on each server ends at its limit;
4. accept exactly once: 8 concurrent accepts of one new offer, 4 on each server, give one decision
   and one Sales Order;
5. the route gate's caches: both servers refuse an ERPNext page, a settings change re-opens it on
   both within seconds, and the revert closes it again.

Needs nginx (Debian's `nginx-light` will do; it is only started with this script's own config) and
the demo data. Run as root or as the bench's owner; servers run as the owner. Standard library only;
exit status 0 when every check passed. The site is left as found, except for the new offer (accepted)
and the draft Sales Order that step 4 creates.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from restore_drill import Bench, free_port, serve, stop  # a sibling script

RESULTS: list[tuple[bool, str]] = []


def check(ok: bool, label: str, detail: str = "") -> None:
	RESULTS.append((ok, label))
	print(f"{'PASS' if ok else 'FAIL'}  {label:<58} {detail}", flush=True)


class Client:
	"""A browser's session: one cookie jar, aimed at nginx or at either server directly."""

	def __init__(self, urls: dict[str, str]):
		self.urls = urls
		self.jar = http.cookiejar.CookieJar()
		self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
		self.csrf = None

	def call(self, where: str, path: str, data: dict | None = None, csrf: str | None = None):
		body = urllib.parse.urlencode(data).encode() if data is not None else None
		req = urllib.request.Request(self.urls[where] + path, data=body)
		req.add_header("Accept", "application/json, text/html")
		if data is not None and (csrf or self.csrf):
			req.add_header("X-Frappe-CSRF-Token", csrf or self.csrf)
		try:
			with self.opener.open(req, timeout=60) as r:
				return r.status, r.headers, r.read().decode(errors="replace")
		except urllib.error.HTTPError as e:
			return e.code, e.headers, e.read().decode(errors="replace")

	def login(self, where: str, user: str, password: str) -> int:
		return self.call(where, "/api/method/login", {"usr": user, "pwd": password})[0]

	def portal(self, where: str) -> tuple[int, str]:
		status, _h, text = self.call(where, "/portal")
		m = re.search(r'frappe.csrf_token = "([^"]+)"', text)
		if m:
			self.csrf = m.group(1)
		return status, text


def nginx_conf(folder: Path, port: int, upstreams: list[int]) -> Path:
	servers = "".join(f"\t\tserver 127.0.0.1:{p};\n" for p in upstreams)
	temp = "".join(
		f"\t{k}_temp_path {folder}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
	)
	conf = folder / "nginx.conf"
	conf.write_text(
		f"worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
		"events { worker_connections 256; }\n"
		f"http {{\n\taccess_log {folder}/access.log;\n{temp}"
		f"\tupstream ralom_app {{\n{servers}\t}}\n"
		f"\tserver {{\n\t\tlisten 127.0.0.1:{port};\n\t\tlocation / {{\n"
		"\t\t\tproxy_pass http://ralom_app;\n"
		"\t\t\tproxy_set_header Host $host;\n"
		# As bench's generated config does: the proxy overwrites the client's X-Forwarded-For.
		"\t\t\tproxy_set_header X-Forwarded-For $remote_addr;\n"
		"\t\t\tproxy_set_header X-Forwarded-Proto $scheme;\n"
		"\t\t\tadd_header X-Upstream $upstream_addr always;\n"
		"\t\t}\n\t}\n}\n"
	)
	return conf


def bench_json(bench: Bench, site: str, *args: str) -> str:
	return bench.run("--site", site, *args, quiet=True)


# ---------------------------------------------------------------- the checks


def sessions_and_csrf(urls, user, password) -> None:
	c = Client(urls)
	check(c.login("nginx", user, password) == 200, "login through nginx")
	seen = set()
	for _ in range(8):
		_status, headers, _text = c.call("nginx", "/portal")
		seen.add(headers.get("X-Upstream"))
	check(len(seen) == 2, "nginx spreads requests over both servers", ", ".join(sorted(map(str, seen))))
	a, b = c.portal("a")[0], c.portal("b")[0]
	check(a == b == 200, "the one session opens the portal on server A and on server B", f"{a} / {b}")
	c.portal("a")  # the token as server A issued it
	status = c.call("b", "/api/method/ralom_portal.api.notifications.mark_all_read", {})[0]
	check(status == 200, "a CSRF token from server A is accepted by server B", str(status))
	status = c.call("a", "/api/method/ralom_portal.api.notifications.mark_all_read", {}, csrf="wrong")[0]
	check(status in (400, 403), "a wrong CSRF token is refused", str(status))


def login_limit(urls, user, password) -> None:
	c = Client(urls)
	check(c.login("a", user, password) == 200, "a right password first (clears earlier failures)")
	codes = [c.login("ab"[i % 2], user, "wrong-" + password) for i in range(5)]
	check(codes == [401] * 5, "5 free failures, alternating A and B", " ".join(map(str, codes)))
	refused = [c.login(w, user, password) for w in ("a", "b")]
	check(refused == [429, 429], "then the right password waits (429) on A and on B", f"{refused}")
	time.sleep(3)  # the 5th failure costs 2 s
	check(c.login("b", user, password) == 200, "after the wait it opens (and clears the record)")


def rate_limit(urls, user, password) -> None:
	c = Client(urls)
	c.login("nginx", user, password)
	c.portal("a")
	method = "/api/method/ralom_portal.api.notifications.mark_all_read"  # 20 a minute per user
	# The budget is a window that opens with the first call; an earlier run (or this probe) may have
	# opened it, so start from a whole window.
	c.call("a", method, {})
	time.sleep(61)
	codes = [c.call("ab"[i % 2], method, {})[0] for i in range(21)]
	spent = codes[:20].count(200)
	check(
		spent == 20 and codes[20] == 429,
		"20 calls spread over A and B pass, the 21st is 429",
		f"{spent}, {codes[20]}",
	)


def accept_once(bench: Bench, site: str, urls, user, password, customer: str, item: str) -> None:
	kwargs = {"customer": customer, "items": [[item, 1, 100]]}
	bench_json(
		bench, site, "execute", "ralom_portal.demo.builders.make_quotation", "--kwargs", json.dumps(kwargs)
	)
	offer = bench.values(
		site,
		f"select name from tabQuotation where party_name = '{customer}' and docstatus = 1 order by creation desc limit 1",
	)[0][0]
	c = Client(urls)
	c.login("nginx", user, password)
	c.portal("a")
	page = c.call("a", f"/portal/offers/{offer}")[2]
	content_hash = re.search(r'data-content-hash="([0-9a-f]+)"', page).group(1)
	codes: list[int] = []
	start = threading.Barrier(8)

	def accept(where):
		start.wait()
		data = {"name": offer, "content_hash": content_hash}
		codes.append(c.call(where, "/api/method/ralom_portal.api.offers.accept", data)[0])

	threads = [threading.Thread(target=accept, args=("ab"[i % 2],)) for i in range(8)]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	decisions = bench.values(
		site, f"select count(*) from `tabPortal Offer Decision` where quotation = '{offer}'"
	)[0][0]
	orders = bench.values(
		site, f"select count(distinct parent) from `tabSales Order Item` where prevdoc_docname = '{offer}'"
	)[0][0]
	check(
		codes.count(200) == 1,
		f"8 concurrent accepts of {offer}, 4 per server: one succeeds",
		" ".join(map(str, sorted(codes))),
	)
	check(
		(decisions, orders) == ("1", "1"),
		"one decision and one Sales Order",
		f"{decisions} decision, {orders} order",
	)


def route_gate(bench: Bench, site: str, urls, user, password) -> None:
	c = Client(urls)
	c.login("nginx", user, password)
	path, route = "/orders", "orders"  # ERPNext's order list: closed to clients unless re-opened

	def statuses():
		return {where: sorted({c.call(where, path)[0] for _ in range(6)}) for where in ("a", "b")}

	before = bench.values(
		site,
		"select value from tabSingles where doctype = 'Client Portal Settings' and field = 'reopened_routes'",
	)
	before = before[0][0] if before and before[0][0] != "NULL" else ""
	closed = statuses()
	check(all(s == [404] for s in closed.values()), f"{path} is refused on both (and cached)", str(closed))

	def settings(value: str) -> None:
		kwargs = {
			"doctype": "Client Portal Settings",
			"name": "Client Portal Settings",
			"fieldname": "reopened_routes",
			"value": value,
		}
		bench_json(bench, site, "execute", "frappe.client.set_value", "--kwargs", json.dumps(kwargs))

	settings("\n".join(filter(None, [before, route])))
	time.sleep(1.5)  # each process reads the gate's generation from Redis at most once a second
	opened = statuses()
	check(
		all(404 not in s for s in opened.values()),
		"re-opened in the settings: both servers let it through",
		str(opened),
	)
	settings(before)
	time.sleep(1.5)
	again = statuses()
	check(all(s == [404] for s in again.values()), "settings reverted: both refuse it again", str(again))


def demo_logins(bench: Bench, site: str) -> list[tuple[str, str, str]]:
	"""(customer, user, password) of every demo login."""
	out = bench.run("--site", site, "ralom-portal", "demo-logins", quiet=True)
	return re.findall(r"^\s*(.+?):\s*(\S+@\S+)\s*/\s*(\S+)\s*$", out, re.M)


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--bench", required=True, help="bench directory")
	parser.add_argument("--site", required=True, help="a site with the demo data")
	parser.add_argument("--nginx", default="/usr/sbin/nginx")
	args = parser.parse_args()
	bench = Bench(args.bench)
	logins = demo_logins(bench, args.site)
	if len(logins) < 3:
		raise SystemExit(f"{args.site} has no demo logins; run `bench --site {args.site} ralom-portal demo`")
	item = bench.values(
		args.site,
		"select name from tabItem where is_sales_item = 1 and disabled = 0 and is_stock_item = 0 order by name limit 1",
	)[0][0]
	ports = {"a": free_port(), "b": free_port(), "nginx": free_port()}
	folder = Path(tempfile.mkdtemp(prefix="ralom-two-servers-"))
	servers, nginx = [], None
	try:
		servers = [serve(bench, args.site, ports["a"]), serve(bench, args.site, ports["b"])]
		conf = nginx_conf(folder, ports["nginx"], [ports["a"], ports["b"]])
		nginx = subprocess.Popen([args.nginx, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"])
		time.sleep(1)
		urls = {w: f"http://127.0.0.1:{p}" for w, p in ports.items()}
		print(f"server A :{ports['a']}, server B :{ports['b']}, nginx :{ports['nginx']} (site {args.site})\n")
		(c1, u1, p1), (_c2, u2, p2), (_c3, u3, p3) = logins[0], logins[1], logins[2]
		print("== 1. sessions and CSRF")
		sessions_and_csrf(urls, u1, p1)
		print("== 2. the per-account login limit")
		login_limit(urls, u2, p2)
		print("== 3. the per-user rate limit")
		rate_limit(urls, u3, p3)
		print("== 4. accept exactly once")
		accept_once(bench, args.site, urls, u1, p1, c1, item)
		print("== 5. the route gate after a settings change")
		route_gate(bench, args.site, urls, u1, p1)
	finally:
		if nginx and nginx.poll() is None:
			nginx.terminate()
			nginx.wait(timeout=10)
		for s in servers:
			stop(s)
		shutil.rmtree(folder, ignore_errors=True)
	failed = [label for ok, label in RESULTS if not ok]
	print(f"\n{len(RESULTS) - len(failed)} of {len(RESULTS)} checks passed")
	return 1 if failed else 0


if __name__ == "__main__":
	sys.exit(main())
