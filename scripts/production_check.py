#!/usr/bin/env python3
"""Production check: `bench setup production` for real, on a bench of its own, checked through nginx.

    make production-check          # as root (bench setup production needs root)

1. A bench of its own (RALOM_PROD_BENCH_DIR, default ~frappe/ralom-prod-bench; site RALOM_PROD_SITE,
   default prod.ralom.localhost), built by scripts/devbench.py's functions (the same bench user, MariaDB
   account and Frappe/ERPNext sources as `make demo`) with the app from this working tree. It gets its
   own ports (PROD_PORTS), so its redis, gunicorn and socket.io never meet the dev bench's or the tests'.
2. Debian's sudo, nginx, supervisor and fail2ban, then `bench setup production <user>` as the README
   says: supervisor runs the bench's redis, gunicorn, socket.io, the workers and the scheduler; nginx
   serves the site on port 80 (`dns_multitenant`: by Host header, never a port per site).
3. The site with ERPNext, the app and the demo data (`ralom-portal demo`), scheduler on.
4. Checks, printed: nginx listens on :80 and nowhere else, supervisor's processes are RUNNING,
   scripts/smoke.py passes through nginx on every section, the gate's probes pass through the proxy, and
   a rotated X-Forwarded-For lifts neither the guests' per-IP limit nor the per-account login limit.

A second run reuses the bench and the site and checks again. The dev bench (`make demo`/`make test`,
RALOM_BENCH_DIR) is not touched. While it runs, port 80 serves a demo site with published passwords:
`--down` takes it off (bench disable-production, the bench's supervisor programs stopped). Standard
library only; exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import devbench as dev  # sibling scripts
from restore_drill import Bench

# devbench's functions read these module globals when they run: pointed here, they build this bench
# (with a bench CLI of its own, since `setup production` pip-installs ansible into the CLI's env).
DEV_BENCH = dev.BENCH_DIR
BENCH_DIR = Path(dev.env("RALOM_PROD_BENCH_DIR", str(dev.BENCH_HOME / "ralom-prod-bench")))
SITE = dev.env("RALOM_PROD_SITE", "prod.ralom.localhost")
dev.BENCH_DIR, dev.SITE, dev.BENCH_CLI = BENCH_DIR, SITE, dev.BENCH_HOME / ".ralom-prod-bench-cli"
BENCH_NAME = BENCH_DIR.name  # bench names supervisor programs and nginx files after its folder
ADMIN_FILE = dev.BENCH_HOME / ".ralom-prod-admin.json"

# Not bench's defaults (8000/9000/13000/11000, or the next free after the dev bench's): this bench's
# gunicorn, socket.io and redis stay clear of the dev bench, of the demo (8000) and test (8001) servers
# and of the tests' random ports (20000-40000).
PROD_PORTS = {
	"webserver_port": 8100,
	"socketio_port": 9100,
	"file_watcher_port": 6790,
	"redis_cache": "redis://127.0.0.1:13100",
	"redis_queue": "redis://127.0.0.1:11100",
	"redis_socketio": "redis://127.0.0.1:13100",
}
PACKAGES = {"sudo": "sudo", "nginx": "nginx", "supervisord": "supervisor", "fail2ban-client": "fail2ban"}
RESULTS: list[tuple[bool, str]] = []


def check(ok: bool, label: str, detail: str = "") -> None:
	RESULTS.append((ok, label))
	print(f"{'PASS' if ok else 'FAIL'}  {label:<62} {detail}", flush=True)


def configure_prod_bench() -> None:
	"""Replaces devbench.configure_bench: this bench's own ports and redis, and supervisor over systemd."""
	path = BENCH_DIR / "sites" / "common_site_config.json"
	cfg = json.loads(path.read_text()) if path.exists() else {}
	wanted = {
		**PROD_PORTS,
		"db_host": "127.0.0.1",
		"frappe_user": dev.BENCH_USER,
		# bench's `setup production` reads this before it writes it: unset, the supervisor config is
		# generated but never linked into /etc/supervisor/conf.d nor loaded (README, Production).
		"restart_supervisor_on_update": True,
		"restart_systemd_on_update": False,
		# Sites by Host header on port 80: without it bench gives a second site (a restore drill's)
		# port 8001, the test server's port.
		"dns_multitenant": True,
		"gunicorn_workers": 2,
		"background_workers": 1,
		"live_reload": False,
	}
	if any(cfg.get(k) != v for k, v in wanted.items()):
		cfg.update(wanted)
		dev.as_bench(["tee", str(path)], input=json.dumps(cfg, indent=1), capture=True)


dev.configure_bench = configure_prod_bench


def bench_as_root(*args: str, check_rc: bool = True):
	"""bench run as root (setup/disable production need it); it runs its other steps as frappe_user."""
	path = f"{dev.BENCH_CLI}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
	return dev.run(
		[str(dev.BENCH_CLI / "bin" / "bench"), *args],
		cwd=str(BENCH_DIR),
		check=check_rc,
		capture=True,
		extra_env={"PATH": path, "LANG": "C.UTF-8"},
	)


def ensure_production_packages() -> None:
	missing = sorted(pkg for probe, pkg in PACKAGES.items() if not dev.have(probe))
	if missing:
		# From Debian before bench: otherwise `setup production` installs them with ansible roles, and
		# the fail2ban role fails in a container (no sshd log).
		dev.say(f"installing {' '.join(missing)}")
		dev.run(["apt-get", "update", "-qq"], capture=True)
		dev.run(
			["apt-get", "install", "-y", "-qq", *missing],
			capture=True,
			extra_env={"DEBIAN_FRONTEND": "noninteractive"},
		)
	socket_for_bench_user()
	# No systemd here (and Docker's policy-rc.d keeps apt from starting them): start what it would.
	if not supervisor_up():
		dev.say("starting supervisor")
		dev.run(["service", "supervisor", "start"], capture=True)
		dev._wait_for(supervisor_up, "supervisord")
	if dev.run(["service", "nginx", "status"], check=False, capture=True).returncode != 0:
		dev.say("starting nginx")
		dev.run(["service", "nginx", "start"], capture=True)


def socket_for_bench_user() -> None:
	"""supervisord's socket owned by the bench user, as bench asks (`setup production` prints the lines).

	Once supervisorctl is installed, bench runs `supervisorctl status` as the bench user whenever it
	installs an app (`bench init`, `bench get-app`, also the dev bench's) and falls back to `sudo
	supervisorctl`, which fails without a password: with Debian's root-only socket, no bench could be
	built on this machine any more. Owned by the bench user, bench's restarts (`bench restart`) work too.
	"""
	conf = Path("/etc/supervisor/supervisord.conf")
	text = conf.read_text()
	head, sep, rest = text.partition("[unix_http_server]\n")
	section, nxt, tail = rest.partition("\n[")
	lines = [line for line in section.splitlines() if not re.match(r"\s*(chmod|chown)\s*=", line)]
	lines += ["chmod=0760", f"chown={dev.BENCH_USER}:{dev.BENCH_USER}"]
	wanted = head + sep + "\n".join(lines) + nxt + tail
	if sep and wanted != text:
		dev.say(f"supervisord's socket: chmod 0760, owner {dev.BENCH_USER} ({conf})")
		conf.write_text(wanted)
		if supervisor_up():
			# Not `service supervisor restart`: Debian's script starts before the old daemon is gone.
			dev.run(["service", "supervisor", "stop"], capture=True)
			dev._wait_for(lambda: not Path("/var/run/supervisord.pid").exists(), "supervisord to stop")


def supervisor_up() -> bool:
	return dev.run(["supervisorctl", "pid"], check=False, capture=True).returncode == 0


def setup_production() -> None:
	cmd = ("setup", "production", dev.BENCH_USER, "--yes")
	dev.say(f"bench {' '.join(cmd)}")
	links = [Path(f"/etc/{d}/conf.d/{BENCH_NAME}.conf") for d in ("nginx", "supervisor")]
	done = bench_as_root(*cmd, check_rc=False)
	if done.returncode != 0 or not all(link.is_symlink() for link in links):
		# Where bench's first run failed before (README, Production): its ansible fail2ban role fails in
		# a container, and the supervisor config stayed unlinked. Debian's packages, the flag and the
		# socket, all set above, avoid both: here the first run passes. Should it fail anyway, it is
		# shown and run once more: it is idempotent (configs rewritten, links kept, ansible installed
		# once), and the second run must pass.
		dev.say("`bench setup production` failed; running it once more:\n" + _tail(done))
		done = bench_as_root(*cmd)
		if not all(link.is_symlink() for link in links):
			raise dev.BootstrapError(f"`bench setup production` left {' or '.join(map(str, links))} unlinked")
	for line in (done.stdout or "").splitlines():
		if re.search(r"assigned port|Setting Up|supervisorctl|nginx|ansible", line):
			print("  " + line.strip())


def _tail(done, lines: int = 12) -> str:
	return "\n".join(((done.stdout or "") + (done.stderr or "")).strip().splitlines()[-lines:])


def redis_up() -> bool:
	return all(dev.port_open(int(PROD_PORTS[k].rsplit(":", 1)[1])) for k in ("redis_cache", "redis_queue"))


def admin_password() -> str:
	"""The site's Administrator password: random, since nginx puts the site on the machine's port 80."""
	if ADMIN_FILE.exists():
		return json.loads(ADMIN_FILE.read_text())["password"]
	password = secrets.token_urlsafe(12)
	dev.write_private(ADMIN_FILE, json.dumps({"user": "Administrator", "password": password}))
	return password


def build() -> None:
	if not dev.IS_ROOT:
		raise dev.BootstrapError(
			"run as root: `bench setup production` needs it (`sudo make production-check`)."
		)
	if BENCH_DIR.resolve() == DEV_BENCH.resolve():
		raise dev.BootstrapError(
			f"RALOM_PROD_BENCH_DIR is the dev bench ({DEV_BENCH}); give it a bench of its own."
		)
	ensure_production_packages()
	dev.ADMIN_PASSWORD = admin_password()
	# Production runs a copy of the tree, never a symlink to it: a symlinked app shares public/dist with
	# the checkout's dev bench, and each bench's `bench build` deletes the other's bundles.
	dev.bench_user_can_write_repo = lambda: False
	dev.prepare(with_test_tools=False)  # system packages, MariaDB, bench user, bench CLI, bench, app
	dev.bench("setup", "redis")  # config/redis_*.conf on PROD_PORTS, for supervisor
	if not redis_up():
		# The site needs the bench's redis, which supervisor runs once `setup production` has linked its
		# config: on a new bench (or after a restart of the machine) production goes first, without a site.
		setup_production()
		dev._wait_for(redis_up, "the bench's redis (supervisor)")
	dev.ensure_site(SITE, tests=False)
	for key, value in (("developer_mode", "0"), ("host_name", f'"http://{SITE}"')):
		dev.bench("--site", SITE, "set-config", "--parse", key, value)
	dev.say("loading demo data")
	dev.bench("--site", SITE, "ralom-portal", "demo")
	dev.bench("--site", SITE, "enable-scheduler")
	dev.bench("use", SITE)
	setup_production()  # with the site: nginx's server block for it
	# New code (install_app_from_worktree synced it) reaches the processes only when they restart.
	dev.run(["supervisorctl", "restart", f"{BENCH_NAME}-web:", f"{BENCH_NAME}-workers:"], capture=True)
	dev._wait_for(lambda: call("/api/method/ping")[0] == 200, "the portal through nginx", 90)


# ---------------------------------------------------------------- HTTP through nginx


def call(path, data=None, headers=None, opener=None, base="http://127.0.0.1"):
	body = urllib.parse.urlencode(data).encode() if data is not None else None
	req = urllib.request.Request(base + path, data=body)
	req.add_header("Host", SITE)
	req.add_header("Accept", "application/json, text/html")
	for k, v in (headers or {}).items():
		req.add_header(k, v)
	try:
		with (opener or urllib.request.build_opener()).open(req, timeout=60) as r:
			return r.status, r.headers, r.read().decode(errors="replace")
	except urllib.error.HTTPError as e:
		return e.code, e.headers, e.read().decode(errors="replace")
	except OSError as e:
		return 0, {}, str(e)


class Client:
	def __init__(self):
		self.opener = urllib.request.build_opener(
			urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
		)

	def get(self, path, **headers):
		return call(path, headers=headers, opener=self.opener)

	def post(self, path, data, **headers):
		return call(path, data, headers=headers, opener=self.opener)

	def login(self, user, password, xff=None):
		headers = {"X-Forwarded-For": xff} if xff else {}
		return self.post("/api/method/login", {"usr": user, "pwd": password}, **headers)[0]


# ---------------------------------------------------------------- the checks


def services() -> None:
	print("\n== nginx and supervisor")
	sockets = dev.run(["ss", "-Hltnp"], capture=True).stdout.splitlines()
	mine = [line for line in sockets if '"nginx"' in line]
	for line in mine:
		print("  " + " ".join(line.split()[:4]) + "  nginx")
	ports = {line.split()[3].rsplit(":", 1)[1] for line in mine}
	check(ports == {"80"}, "nginx listens on :80, and on no other port", ", ".join(sorted(ports)))
	# Only nginx may reach gunicorn: gunicorn believes any X-Forwarded-For (see the INFO line below).
	for key in ("webserver_port", "redis_cache", "redis_queue", "socketio_port"):
		port = str(PROD_PORTS[key]).rsplit(":", 1)[-1]
		bound = sorted(
			{line.split()[3].rsplit(":", 1)[0] for line in sockets if line.split()[3].endswith(f":{port}")}
		)
		if key == "socketio_port":  # Frappe's realtime server binds every address; say so, a firewall's job
			print(f"INFO  socket.io (:{port}) listens on {', '.join(bound)}")
		else:
			check(bound == ["127.0.0.1"], f"{key} :{port} listens on 127.0.0.1 only", ", ".join(bound))
	status = dev.run(["supervisorctl", "status"], check=False, capture=True).stdout.splitlines()
	ours = [line for line in status if line.startswith(f"{BENCH_NAME}-")]
	for line in ours:
		print("  " + " ".join(line.split()[:4]))
	wanted = (
		"frappe-web",
		"node-socketio",
		"frappe-schedule",
		"short-worker",
		"long-worker",
		"redis-cache",
		"redis-queue",
	)
	running = [line for line in ours if line.split()[1] == "RUNNING"]
	present = all(any(w in line for line in running) for w in wanted)
	check(
		present and len(running) == len(ours),
		"supervisor: web, socket.io, workers, scheduler, redis RUNNING",
		f"{len(running)} of {len(ours)}",
	)
	doctor = dev.bench("doctor", check=False, capture=True).stdout
	online = re.search(r"Workers online:\s*(\d+)", doctor)
	check(
		bool(online and int(online.group(1)) > 0),
		"bench doctor: background workers online",
		online and online.group(0),
	)
	scheduler = dev.bench("--site", SITE, "scheduler", "status", check=False, capture=True).stdout.strip()
	check("enabled" in scheduler.lower(), f"scheduler enabled for {SITE}", scheduler)


def ports_apart() -> None:
	print("\n== ports: this bench against the dev bench")
	prod = json.loads((BENCH_DIR / "sites" / "common_site_config.json").read_text())
	dev_cfg_path = DEV_BENCH / "sites" / "common_site_config.json"
	dev_cfg = json.loads(dev_cfg_path.read_text()) if dev_cfg_path.exists() else {}

	def port(value):
		return int(str(value).rsplit(":", 1)[1]) if isinstance(value, str) else value

	for key in PROD_PORTS:
		print(f"  {key:<18} prod {prod.get(key)!s:<26} dev {dev_cfg.get(key)}")
	mine = {port(prod[k]) for k in PROD_PORTS}
	theirs = {port(v) for k, v in dev_cfg.items() if k in PROD_PORTS and v} | {dev.PORT, dev.TEST_PORT, 6379}
	clash = sorted(mine & theirs) + sorted(p for p in mine if 20000 <= p <= 40000)
	check(
		not clash,
		"no port shared with the dev bench, the dev servers or the tests",
		str(clash or sorted(mine)),
	)


def smoke() -> None:
	print("\n== scripts/smoke.py through nginx")
	cmd = [sys.executable, str(HERE / "smoke.py"), "http://127.0.0.1"]
	done = subprocess.run(
		[*cmd, "--bench", str(BENCH_DIR), "--site", SITE, "--host-header"], capture_output=True, text=True
	)
	print("  " + (done.stdout + done.stderr[-1500:]).strip().replace("\n", "\n  "))
	check(done.returncode == 0, "smoke.py passes through nginx on every section")
	check("served by: nginx" in done.stdout, "the portal's CSS comes from nginx, not from Python")


def gate_probes(user: str, password: str) -> None:
	print("\n== the gate's probes through nginx")
	guest = Client()
	for path, want in (
		("/api/resource/Customer", (403,)),
		("/api/method/frappe.client.get_list?doctype=User", (403,)),
		("/api/method/ping?cmd=frappe.client.get_list&doctype=User", (403,)),
		("/private/files/contract.pdf", (403,)),
		("/portal%00", (400,)),
		("/portal/..%2f..%2fapp", (400, 404)),
	):
		status = guest.get(path)[0]
		check(status in want, f"guest {path[:52]}", str(status))
	client = Client()
	check(client.login(user, password) == 200, "a demo client signs in through nginx", user)
	status, headers, page = client.get("/portal")
	csp = headers.get("Content-Security-Policy") or ""
	check(
		status == 200 and "frame-ancestors 'none'" in csp,
		"client /portal: 200 with the app's CSP",
		str(status),
	)
	for path, want in (("/orders", 404), ("/api/resource/Sales%20Invoice", 403)):
		status = client.get(path)[0]
		check(status == want, f"client {path}", str(status))
	status = client.post("/api/method/ralom_portal.api.notifications.mark_all_read", {})[0]
	check(status in (400, 403), "client POST without its CSRF token is refused", str(status))
	token = re.search(r'frappe.csrf_token = "([^"]+)"', page)
	method = "/api/method/ralom_portal.api.notifications.mark_all_read"
	status = client.post(method, {}, **{"X-Frappe-CSRF-Token": token.group(1) if token else ""})[0]
	check(status == 200, "... and with it, accepted", str(status))


def rotated_forwarded_for(bench: Bench, user: str, password: str) -> None:
	print("\n== X-Forwarded-For rotated on every request")
	register = "/api/method/ralom_portal.api.registration.register"  # guests: 5 a minute per IP
	codes = [call(register, {}, {"X-Forwarded-For": f"203.0.113.{i}"})[0] for i in range(1, 8)]
	first = codes.index(429) if 429 in codes else None
	check(
		first is not None and first <= 5 and set(codes[first:]) == {429},
		"guest registration, 7 calls from 7 'IPs': the limit holds",
		" ".join(map(str, codes)),
	)
	# For contrast, gunicorn itself (127.0.0.1 only, so only this machine reaches it) trusts the header
	# as sent: the same calls each count for another IP. nginx overwriting it is what makes the limit hold.
	direct = [
		call(
			register,
			{},
			{"X-Forwarded-For": f"198.51.100.{i}"},
			base=f"http://127.0.0.1:{PROD_PORTS['webserver_port']}",
		)[0]
		for i in range(1, 8)
	]
	print(f"INFO  straight to gunicorn (not through nginx), same 7 calls: {' '.join(map(str, direct))}")
	c = Client()
	check(c.login(user, password) == 200, "login limit: a right password first (clears the record)")
	failed = [c.login(user, "wrong-" + password, xff=f"192.0.2.{i}") for i in range(1, 6)]
	check(failed == [401] * 5, "5 wrong passwords from 5 'IPs'", " ".join(map(str, failed)))
	waits = c.login(user, password, xff="192.0.2.99")
	check(waits == 429, "then the right password from a 6th 'IP' waits (429)", str(waits))
	ips = bench.values(
		SITE,
		"select ip_address from `tabActivity Log` where operation = 'Login' and status = 'Failed' "
		f"and user = '{user}' order by creation desc limit 5",
	)
	seen = sorted({row[0] for row in ips})
	check(
		seen == ["127.0.0.1"], "Frappe recorded nginx's address for all 5, not the header's", ", ".join(seen)
	)
	time.sleep(3)  # the 5th failure costs 2 s
	check(c.login(user, password) == 200, "after the wait the right password opens")


def run_checks() -> int:
	bench = Bench(str(BENCH_DIR))
	out = bench.run("--site", SITE, "ralom-portal", "demo-logins", quiet=True)
	logins = re.findall(r"^\s*.+?:\s*(\S+@\S+)\s*/\s*(\S+)\s*$", out, re.M)
	if len(logins) < 2:
		raise dev.BootstrapError(f"no demo logins on {SITE}")
	print(f"\nsite {SITE} on {BENCH_DIR}, through nginx at http://127.0.0.1 (Host: {SITE})")
	services()
	ports_apart()
	smoke()
	gate_probes(*logins[0])
	rotated_forwarded_for(bench, *logins[1])
	failed = [label for ok, label in RESULTS if not ok]
	print(f"\n{len(RESULTS) - len(failed)} of {len(RESULTS)} checks passed")
	return 1 if failed else 0


def down() -> int:
	"""Port 80 off again: bench's config unlinked from nginx and supervisor, its programs stopped."""
	bench_as_root("disable-production")  # unlinks both configs; supervisor's update stops the programs
	dev.say("production off: nginx no longer serves the bench, supervisor no longer runs it")
	return 0


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--checks-only", action="store_true", help="skip the build, only check")
	parser.add_argument(
		"--down", action="store_true", help="take the production bench off nginx and supervisor"
	)
	args = parser.parse_args()
	if args.down:
		return down()
	if not args.checks_only:
		build()
	return run_checks()


if __name__ == "__main__":
	sys.exit(main())
