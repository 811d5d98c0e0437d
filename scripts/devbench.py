#!/usr/bin/env python3
"""Bootstrap a development bench for ralom_portal and run the demo or the test suite.

One script serves `make demo` and `make test` so both build the bench the same way.
Only the standard library is used: this runs before Frappe exists.

Run as root (a non-root bench user is created, since bench refuses root) or as the
bench user itself. Everything is idempotent: a second run reuses the bench and sites.
Settings come from environment variables; see README.md, "Configuration".
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import os
import pwd
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import site_template  # scripts/site_template.py

REPO = Path(__file__).resolve().parent.parent
APP = "ralom_portal"
IS_ROOT = os.geteuid() == 0


def env(name: str, default: str) -> str:
	return os.environ.get(name) or default


BENCH_USER = env("RALOM_BENCH_USER", "frappe" if IS_ROOT else getpass.getuser())
try:
	_home = pwd.getpwnam(BENCH_USER).pw_dir
except KeyError:
	_home = f"/home/{BENCH_USER}"
BENCH_HOME = Path(_home)
BENCH_DIR = Path(env("RALOM_BENCH_DIR", str(BENCH_HOME / "ralom-bench")))
SITE = env("RALOM_SITE", "ralom.localhost")
TEST_SITE = env("RALOM_TEST_SITE", "test.ralom.localhost")
PORT = int(env("RALOM_PORT", "8000"))
# The demo listens on this machine only unless asked: it publishes its passwords (Administrator / admin).
HOST = env("RALOM_HOST", "127.0.0.1")
TEST_PORT = int(env("RALOM_TEST_PORT", "8001"))
FRAPPE_REPO = env("RALOM_FRAPPE_REPO", "https://github.com/frappe/frappe")
FRAPPE_BRANCH = env("RALOM_FRAPPE_BRANCH", "version-15")
ERPNEXT_REPO = env("RALOM_ERPNEXT_REPO", "https://github.com/frappe/erpnext")
ERPNEXT_BRANCH = env("RALOM_ERPNEXT_BRANCH", "version-15")
REDIS_URL = env("RALOM_REDIS_URL", "redis://127.0.0.1:6379")
DB_ADMIN = env("RALOM_DB_ADMIN", "ralom_dbadmin")
ADMIN_PASSWORD = env("RALOM_ADMIN_PASSWORD", "admin")
BENCH_CLI = BENCH_HOME / ".ralom-bench-cli"
DB_ADMIN_FILE = BENCH_HOME / ".ralom-db-admin.json"
MIN_NODE = 18

APT_PACKAGES = {
	# command or file that proves the package is there -> Debian package
	"mariadbd": "mariadb-server",
	"mariadb": "mariadb-client",
	"redis-server": "redis-server",
	"git": "git",
	"gcc": "build-essential",
	"pkg-config": "pkg-config",
	"wkhtmltopdf": "wkhtmltopdf",
	"/usr/include/mariadb/mysql.h": "libmariadb-dev",
	"/usr/include/python3.11/Python.h": "python3-dev",
	"/usr/lib/python3.11/ensurepip": "python3-venv",
	"cron": "cron",
	"rsync": "rsync",
}
TEST_APT_PACKAGES = {
	"chromium": "chromium",
	"xvfb-run": "xvfb",
	"/usr/share/fonts/truetype/dejavu": "fonts-dejavu-core",
	# pdftoppm: the document tests save the first page of each PDF as a picture.
	"pdftoppm": "poppler-utils",
}


class BootstrapError(SystemExit):
	def __init__(self, message: str):
		super().__init__(f"\n[ralom] ERROR: {message}\n")


def say(message: str) -> None:
	print(f"[ralom] {message}", flush=True)


def run(cmd, *, check=True, capture=False, cwd=None, extra_env=None, input=None):
	if isinstance(cmd, str):
		cmd = shlex.split(cmd)
	e = dict(os.environ)
	if extra_env:
		e.update(extra_env)
	result = subprocess.run(cmd, cwd=cwd, env=e, text=True, input=input, capture_output=capture, check=False)
	if check and result.returncode != 0:
		detail = (result.stderr or result.stdout or "").strip()[-2000:] if capture else ""
		raise BootstrapError(f"command failed ({result.returncode}): {shlex.join(cmd)}\n{detail}")
	return result


def as_bench(cmd: list[str], **kw):
	"""Run a command as the bench user with the bench CLI on PATH."""
	path = f"{BENCH_CLI}/bin:{BENCH_DIR}/env/bin:/usr/local/bin:/usr/bin:/bin"
	extra = {"HOME": str(BENCH_HOME), "PATH": path, "USER": BENCH_USER, "LANG": "C.UTF-8"}
	extra.update(kw.pop("extra_env", {}) or {})
	if IS_ROOT and BENCH_USER != "root":
		envs = [f"{k}={v}" for k, v in extra.items()]
		cmd = ["runuser", "-u", BENCH_USER, "--", "env", *envs, *cmd]
		return run(cmd, **kw)
	return run(cmd, extra_env=extra, **kw)


def bench(*args: str, **kw):
	return as_bench([str(BENCH_CLI / "bin" / "bench"), *args], cwd=str(BENCH_DIR), **kw)


def privileged(cmd: list[str], **kw):
	if IS_ROOT:
		return run(cmd, **kw)
	if shutil.which("sudo"):
		return run(["sudo", *cmd], **kw)
	raise BootstrapError(f"needs root to run `{shlex.join(cmd)}`; run as root or install sudo.")


# ---------------------------------------------------------------- system


def have(probe: str) -> bool:
	return Path(probe).exists() if probe.startswith("/") else bool(shutil.which(probe) or _sbin(probe))


def _sbin(name: str) -> bool:
	return any(Path(d, name).exists() for d in ("/usr/sbin", "/sbin"))


def ensure_system_packages(with_test_tools: bool) -> None:
	wanted = dict(APT_PACKAGES)
	if with_test_tools:
		wanted.update(TEST_APT_PACKAGES)
	missing = sorted({pkg for probe, pkg in wanted.items() if not have(probe)})
	if missing:
		if os.environ.get("RALOM_SKIP_SYSTEM"):
			raise BootstrapError(f"missing system packages: {' '.join(missing)} (RALOM_SKIP_SYSTEM is set)")
		say(f"installing system packages: {' '.join(missing)}")
		privileged(["apt-get", "update", "-qq"], capture=True)
		privileged(
			["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
			capture=True,
			extra_env={"DEBIAN_FRONTEND": "noninteractive"},
		)
	ensure_node()


def ensure_node() -> None:
	if not shutil.which("node"):
		say("installing Node.js")
		privileged(["apt-get", "install", "-y", "-qq", "nodejs", "npm"], capture=True)
	version = run(["node", "--version"], capture=True).stdout.strip().lstrip("v")
	if int(version.split(".")[0]) < MIN_NODE:
		raise BootstrapError(
			f"Node.js {version} is too old; Frappe 15 needs Node {MIN_NODE} or newer. "
			"Install a newer nodejs package (e.g. from NodeSource) and run again."
		)
	if not shutil.which("yarn"):
		say("installing yarn")
		privileged(["npm", "install", "-g", "--silent", "yarn@1"], capture=True)


def port_open(port: int, host: str = "127.0.0.1") -> bool:
	with socket.socket() as s:
		s.settimeout(0.5)
		return s.connect_ex((host, port)) == 0


def ensure_services() -> None:
	if run(
		["mariadb-admin", "ping", "--silent"], check=False, capture=True
	).returncode != 0 and not port_open(3306):
		say("starting MariaDB")
		started = privileged(["service", "mariadb", "start"], check=False, capture=True).returncode == 0
		if not started:
			privileged(
				["start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd"],
				capture=True,
			)
		_wait_for(lambda: port_open(3306) or Path("/run/mysqld/mysqld.sock").exists(), "MariaDB")
	host, port = _redis_host_port()
	if not port_open(port, host):
		if host not in ("127.0.0.1", "localhost"):
			raise BootstrapError(f"Redis at {REDIS_URL} does not answer.")
		say("starting Redis")
		if privileged(["service", "redis-server", "start"], check=False, capture=True).returncode != 0:
			privileged(
				[
					"redis-server",
					"--daemonize",
					"yes",
					"--bind",
					"127.0.0.1",
					"--port",
					str(port),
					"--save",
					"",
				],
				capture=True,
			)
		_wait_for(lambda: port_open(port, host), "Redis")


def _redis_host_port() -> tuple[str, int]:
	hostport = REDIS_URL.split("://", 1)[-1].split("/", 1)[0]
	host, _, port = hostport.partition(":")
	return host or "127.0.0.1", int(port or 6379)


def _wait_for(check, what: str, seconds: int = 60) -> None:
	deadline = time.time() + seconds
	while time.time() < deadline:
		if check():
			return
		time.sleep(1)
	raise BootstrapError(f"{what} did not start within {seconds}s; check its log.")


# ---------------------------------------------------------------- database


def db_admin_password() -> str:
	if os.environ.get("RALOM_DB_ADMIN_PASSWORD"):
		return os.environ["RALOM_DB_ADMIN_PASSWORD"]
	if DB_ADMIN_FILE.exists():
		return json.loads(DB_ADMIN_FILE.read_text())["password"]
	raise BootstrapError("no DB admin password known yet")


def root_sql(sql: str, capture=True):
	"""Run SQL as MariaDB's root through the unix socket (needs OS root)."""
	return privileged(
		["mariadb", "-uroot", "--batch", "--skip-column-names", "-e", sql], capture=capture, check=False
	)


def ensure_db_admin() -> str:
	"""A dedicated admin account for bench, so root's authentication is never changed."""
	if os.environ.get("RALOM_DB_ADMIN_PASSWORD"):
		password = os.environ["RALOM_DB_ADMIN_PASSWORD"]
	elif DB_ADMIN_FILE.exists():
		password = json.loads(DB_ADMIN_FILE.read_text())["password"]
	else:
		password = secrets.token_urlsafe(18)
	probe = run(
		["mariadb", f"-u{DB_ADMIN}", f"-p{password}", "-h127.0.0.1", "-e", "SELECT 1"],
		check=False,
		capture=True,
	)
	if probe.returncode != 0:
		if not IS_ROOT and not shutil.which("sudo"):
			raise BootstrapError(
				f"cannot log in to MariaDB as {DB_ADMIN} and cannot administer MariaDB to create that account. "
				"Run as root once, or set RALOM_DB_ADMIN and RALOM_DB_ADMIN_PASSWORD to an account with "
				"GRANT OPTION."
			)
		q = DB_ADMIN.replace("'", "")
		p = password.replace("'", "")
		sql = (
			f"CREATE USER IF NOT EXISTS '{q}'@'localhost' IDENTIFIED BY '{p}';"
			f"CREATE USER IF NOT EXISTS '{q}'@'127.0.0.1' IDENTIFIED BY '{p}';"
			f"ALTER USER '{q}'@'localhost' IDENTIFIED BY '{p}';"
			f"ALTER USER '{q}'@'127.0.0.1' IDENTIFIED BY '{p}';"
			f"GRANT ALL PRIVILEGES ON *.* TO '{q}'@'localhost' WITH GRANT OPTION;"
			f"GRANT ALL PRIVILEGES ON *.* TO '{q}'@'127.0.0.1' WITH GRANT OPTION;"
			"FLUSH PRIVILEGES;"
		)
		res = root_sql(sql)
		if res.returncode != 0:
			raise BootstrapError(
				"cannot administer MariaDB through root's unix socket: "
				f"{(res.stderr or '').strip()}\nSet RALOM_DB_ADMIN and RALOM_DB_ADMIN_PASSWORD to an account "
				"with ALL PRIVILEGES ... WITH GRANT OPTION, or run as root."
			)
		say(f"created MariaDB admin account {DB_ADMIN}")
	if not os.environ.get("RALOM_DB_ADMIN_PASSWORD"):
		write_private(DB_ADMIN_FILE, json.dumps({"user": DB_ADMIN, "password": password}))
	return password


def write_private(path: Path, text: str) -> None:
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(text)
	path.chmod(0o600)
	if IS_ROOT:
		shutil.chown(path, BENCH_USER, BENCH_USER)


def ensure_db_charset() -> None:
	"""Frappe needs utf8mb4_unicode_ci; set it for running servers and persist it for restarts."""
	conf = Path("/etc/mysql/mariadb.conf.d/99-ralom-frappe.cnf")
	body = (
		"[mysqld]\ncharacter-set-client-handshake = FALSE\ncharacter-set-server = utf8mb4\n"
		"collation-server = utf8mb4_unicode_ci\n\n[mysql]\ndefault-character-set = utf8mb4\n"
	)
	if IS_ROOT and conf.parent.exists() and (not conf.exists() or conf.read_text() != body):
		conf.write_text(body)
	password = db_admin_password()
	run(
		[
			"mariadb",
			f"-u{DB_ADMIN}",
			f"-p{password}",
			"-h127.0.0.1",
			"-e",
			"SET GLOBAL character_set_server='utf8mb4'; SET GLOBAL collation_server='utf8mb4_unicode_ci';",
		],
		capture=True,
	)


# ---------------------------------------------------------------- bench


def ensure_bench_user() -> None:
	try:
		pwd.getpwnam(BENCH_USER)
	except KeyError:
		if not IS_ROOT:
			raise BootstrapError(
				f"user {BENCH_USER} does not exist; run as root or set RALOM_BENCH_USER."
			) from None
		say(f"creating bench user {BENCH_USER}")
		run(["useradd", "--create-home", "--shell", "/bin/bash", BENCH_USER])
	if BENCH_USER == "root":
		raise BootstrapError("bench refuses to run as root; set RALOM_BENCH_USER to another user.")


def system_python() -> str:
	for candidate in (
		os.environ.get("RALOM_PYTHON"),
		"/usr/bin/python3.11",
		"/usr/bin/python3.12",
		"/usr/bin/python3",
	):
		if candidate and Path(candidate).exists():
			out = run([candidate, "-c", "import sys;print(sys.version_info[:2] >= (3, 10))"], capture=True)
			if out.stdout.strip() == "True":
				return candidate
	raise BootstrapError("no Python 3.10+ that the bench user can run; install python3 (3.10 or newer).")


def ensure_bench_cli(python: str) -> None:
	bench_bin = BENCH_CLI / "bin" / "bench"
	if (
		bench_bin.exists()
		and as_bench([str(bench_bin), "--version"], check=False, capture=True).returncode == 0
	):
		return
	say("installing the bench CLI (frappe-bench from PyPI)")
	if not (BENCH_CLI / "bin" / "pip").exists():
		as_bench([python, "-m", "venv", str(BENCH_CLI)])
	# bench 5.x uses a click internal that click 8.2 removed.
	as_bench(
		[str(BENCH_CLI / "bin" / "pip"), "install", "-q", "frappe-bench~=5.22", "click<8.2", "setuptools<70"]
	)


def check_upstream(url: str, branch: str) -> None:
	res = as_bench(["git", "ls-remote", "--heads", url, branch], check=False, capture=True)
	if res.returncode != 0 or not res.stdout.strip():
		raise BootstrapError(
			f"cannot reach {url} (branch {branch}). Check the network, or point RALOM_FRAPPE_REPO / "
			"RALOM_ERPNEXT_REPO (and *_BRANCH) at a fork or mirror you can reach."
		)


def ensure_bench(python: str) -> None:
	marker = BENCH_DIR / ".ralom-created"
	if (BENCH_DIR / "apps" / "frappe").exists() and marker.exists():
		pass
	elif BENCH_DIR.exists() and any(BENCH_DIR.iterdir()):
		if not (BENCH_DIR / "apps" / "frappe").exists():
			raise BootstrapError(
				f"{BENCH_DIR} exists but is not a complete bench (no apps/frappe). It was not removed; "
				"delete it yourself if it is a leftover, or set RALOM_BENCH_DIR elsewhere."
			)
		say(f"reusing existing bench at {BENCH_DIR}")
	else:
		check_upstream(FRAPPE_REPO, FRAPPE_BRANCH)
		say(f"bench init {BENCH_DIR} (Frappe {FRAPPE_BRANCH}); this takes several minutes the first time")
		as_bench(
			[
				str(BENCH_CLI / "bin" / "bench"),
				"init",
				"--frappe-path",
				FRAPPE_REPO,
				"--frappe-branch",
				FRAPPE_BRANCH,
				"--python",
				python,
				"--skip-redis-config-generation",
				"--no-backups",
				str(BENCH_DIR),
			],
			cwd=str(BENCH_HOME),
		)
		# Frappe 15 imports pkg_resources, which setuptools 70 removed.
		as_bench([str(BENCH_DIR / "env/bin/pip"), "install", "-q", "setuptools<70"])
		as_bench(["touch", str(marker)])
	configure_bench()
	if not (BENCH_DIR / "apps" / "erpnext").exists():
		check_upstream(ERPNEXT_REPO, ERPNEXT_BRANCH)
		say(f"bench get-app erpnext ({ERPNEXT_BRANCH})")
		bench("get-app", "--branch", ERPNEXT_BRANCH, ERPNEXT_REPO)
		as_bench([str(BENCH_DIR / "env/bin/pip"), "install", "-q", "setuptools<70"])


def configure_bench() -> None:
	"""Point the bench at the machine's Redis instead of per-bench Redis processes."""
	cfg_path = BENCH_DIR / "sites" / "common_site_config.json"
	cfg = json.loads(cfg_path.read_text()) if cfg_path.exists() else {}
	wanted = {
		"redis_cache": f"{REDIS_URL}",
		"redis_queue": f"{REDIS_URL}",
		"redis_socketio": f"{REDIS_URL}",
		"db_host": "127.0.0.1",
	}
	if any(cfg.get(k) != v for k, v in wanted.items()):
		cfg.update(wanted)
		as_bench(["tee", str(cfg_path)], input=json.dumps(cfg, indent=1), capture=True)


# ---------------------------------------------------------------- this app


def bench_user_can_write_repo() -> bool:
	if not IS_ROOT:
		return os.access(REPO, os.W_OK)
	return as_bench(["test", "-w", str(REPO / "pyproject.toml")], check=False).returncode == 0


def tree_hash(root: Path, parts=("ralom_portal", "pyproject.toml", "package.json", "yarn.lock")) -> str:
	h = hashlib.sha256()
	for part in parts:
		base = root / part
		files = (
			[base]
			if base.is_file()
			else sorted(p for p in base.rglob("*") if p.is_file())
			if base.exists()
			else []
		)
		for f in files:
			rel = f.relative_to(root).as_posix()
			if "/node_modules/" in rel or "/public/dist/" in rel or "__pycache__" in rel or "/tests/" in rel:
				continue
			h.update(rel.encode())
			h.update(f.read_bytes())
	return h.hexdigest()


def install_app_from_worktree() -> Path:
	"""Put this working tree into the bench as apps/ralom_portal.

	When the bench user may write the working tree, apps/ralom_portal is a symlink to it, so edits
	are live. Otherwise (run as root on a root-owned checkout, as CI does) the tree is synced into
	the bench on every run, so what runs is always the working tree as it is now.
	"""
	target = BENCH_DIR / "apps" / APP
	if bench_user_can_write_repo():
		if target.is_symlink() and target.resolve() == REPO:
			pass
		else:
			if target.is_symlink():
				target.unlink()
			elif target.exists():
				as_bench(["rm", "-rf", str(target)])
			as_bench(["ln", "-s", str(REPO), str(target)])
	else:
		if target.is_symlink():
			target.unlink()
		as_bench(["mkdir", "-p", str(target)])
		rsync = [
			"rsync",
			"-a",
			"--delete",
			"--exclude=.git",
			"--exclude=node_modules",
			"--exclude=ralom_portal/public/dist",
			"--exclude=__pycache__",
			"--exclude=*.egg-info",
			f"{REPO}/",
			f"{target}/",
		]
		run(rsync)
		run(["chown", "-R", f"{BENCH_USER}:{BENCH_USER}", str(target)])
	apps_txt = BENCH_DIR / "sites" / "apps.txt"
	apps = apps_txt.read_text().split()
	if APP not in apps:
		as_bench(["tee", str(apps_txt)], input="\n".join([*apps, APP]) + "\n", capture=True)
	state = BENCH_DIR / ".ralom-app-state.json"
	current = json.loads(state.read_text()) if state.exists() else {}
	pip_key = hashlib.sha256((target / "pyproject.toml").read_bytes()).hexdigest() + str(target.resolve())
	if current.get("pip") != pip_key:
		say("installing ralom_portal into the bench env (editable, with test extras)")
		as_bench([str(BENCH_DIR / "env/bin/pip"), "install", "-q", "-e", f"{target}[test]"])
		current["pip"] = pip_key
	# The key names where the tree is too: a symlinked checkout and a synced copy have their own
	# public/dist, so switching between them must rebuild (sites/assets points at one build's files).
	assets_key = tree_hash(target, ("ralom_portal/public", "package.json", "yarn.lock")) + str(
		target.resolve()
	)
	dist_present = (target / APP / "public" / "dist").exists() or not any(
		(target / APP / "public" / "js").glob("*.bundle.*")
	)
	if current.get("assets") != assets_key or not dist_present:
		if (target / "package.json").exists():
			as_bench(["yarn", "install", "--frozen-lockfile", "--silent"], cwd=str(target))
		say("building ralom_portal assets")
		bench("build", "--app", APP)
		current["assets"] = assets_key
	as_bench(["tee", str(state)], input=json.dumps(current), capture=True)
	return target


# ---------------------------------------------------------------- sites


def site_exists(site: str) -> bool:
	return (BENCH_DIR / "sites" / site / "site_config.json").exists()


def site_config(site: str) -> dict:
	return json.loads((BENCH_DIR / "sites" / site / "site_config.json").read_text())


# What a migrate must follow: doctypes, print formats, hooks, patches, custom fields, fixtures.
SCHEMA_PARTS = (
	"ralom_portal/ralom_portal",
	"ralom_portal/hooks.py",
	"ralom_portal/patches.txt",
	"ralom_portal/setup",
	"ralom_portal/fixtures",
)


def ensure_site(site: str, *, tests: bool) -> None:
	app_root = BENCH_DIR / "apps" / APP
	app_hash = tree_hash(app_root, SCHEMA_PARTS)
	code_hash = tree_hash(app_root)
	if not site_exists(site):
		template = site_template.key(BENCH_DIR, site, app_hash) if tests else None
		if template and site_template.exists(BENCH_DIR, template):
			say(f"restoring {site} from the template of a test site created the same way (untouched)")
			args = (DB_ADMIN, db_admin_password(), ADMIN_PASSWORD)
			site_template.restore(bench, as_bench, BENCH_DIR, site, template, *args)
			_mark_new_site(site, tests)
			_record_hashes(site, app_hash, code_hash)
			return
		say(f"creating site {site} (ERPNext + ralom_portal); about two minutes")
		password = db_admin_password()
		bench(
			"new-site",
			site,
			"--db-root-username",
			DB_ADMIN,
			"--db-root-password",
			password,
			"--admin-password",
			ADMIN_PASSWORD,
			"--install-app",
			"erpnext",
			"--install-app",
			APP,
		)
		_mark_new_site(site, tests)
		bench("--site", site, "ralom-portal", "setup-company")
		if template:
			site_template.save(bench, as_bench, BENCH_DIR, site, template)
		_record_hashes(site, app_hash, code_hash)
		return
	cfg = site_config(site)
	installed = bench("--site", site, "list-apps", "--format", "json", capture=True).stdout
	if APP not in installed:
		say(f"installing {APP} on {site}")
		bench("--site", site, "install-app", APP)
	if cfg.get("ralom_app_hash") != app_hash:
		say(f"migrating {site} (the app's schema, hooks or patches changed)")
		for attempt in range(5):
			# Another run may hold the site's migrate lock for a moment; wait for it.
			if bench("--site", site, "migrate", "--skip-search-index", check=attempt == 4).returncode == 0:
				break
			time.sleep(20)
		bench("--site", site, "set-config", "ralom_app_hash", app_hash)
	if cfg.get("ralom_code_hash") != code_hash:
		# Translations and templates are cached; a code change needs a fresh cache, not a migrate.
		bench("--site", site, "clear-cache")
		bench("--site", site, "set-config", "ralom_code_hash", code_hash)
	bench("--site", site, "ralom-portal", "setup-company")


def _mark_new_site(site: str, tests: bool) -> None:
	if tests:
		# Marks the site as ours: drop_site() refuses any site without this marker.
		bench("--site", site, "set-config", "--parse", "ralom_test_site", "1")
		bench("--site", site, "set-config", "--parse", "allow_tests", "1")
	else:
		bench("--site", site, "set-config", "--parse", "developer_mode", "1")


def _record_hashes(site: str, app_hash: str, code_hash: str) -> None:
	bench("--site", site, "set-config", "ralom_app_hash", app_hash)
	bench("--site", site, "set-config", "ralom_code_hash", code_hash)


def drop_site(site: str) -> None:
	"""Only ever drops the dedicated test site this script created (it carries our marker)."""
	if not site_exists(site):
		return
	if not site_config(site).get("ralom_test_site"):
		raise BootstrapError(f"{site} was not created by this script as a test site; not dropping it.")
	say(f"dropping test site {site}")
	bench(
		"drop-site",
		site,
		"--db-root-username",
		DB_ADMIN,
		"--db-root-password",
		db_admin_password(),
		"--no-backup",
		"--force",
	)


# ---------------------------------------------------------------- commands


def prepare(with_test_tools: bool) -> None:
	ensure_system_packages(with_test_tools)
	ensure_services()
	ensure_bench_user()
	ensure_db_admin()
	ensure_db_charset()
	python = system_python()
	ensure_bench_cli(python)
	ensure_bench(python)
	install_app_from_worktree()


def server_pidfile(port: int) -> Path:
	return BENCH_DIR / f".ralom-serve-{port}.pid"


def stop_server(port: int) -> None:
	pidfile = server_pidfile(port)
	if pidfile.exists():
		pid = int(pidfile.read_text().strip() or 0)
		try:
			if pid > 0:  # killpg(0) would end this very script's group
				os.killpg(pid, 15)
		except (ProcessLookupError, PermissionError):
			pass
		pidfile.unlink(missing_ok=True)
		for _ in range(20):
			if not port_open(port):
				break
			time.sleep(0.25)


def listens_everywhere(host: str) -> bool:
	return host in ("0.0.0.0", "::", "[::]", "*")


def local_address(host: str) -> str:
	"""Where this machine reaches a server bound to `host` (the wildcard addresses included)."""
	if listens_everywhere(host) or host == "localhost":
		return "127.0.0.1"
	return host.strip("[]")


def start_server(site: str, port: int, host: str, *, worker: bool) -> None:
	"""The demo's web server: gunicorn (as in production) on `host`, not `bench serve`.

	Frappe 15's `bench serve` always binds 0.0.0.0 (frappe/app.py `serve` passes it to Werkzeug's
	run_simple; the command has no host option) and runs Werkzeug's debugger (off only when CI is set):
	anyone on the network got its traceback page for a missing file. The WSGI entry
	(ralom_portal/wsgi.py) pins the site and serves /assets and /files."""
	stop_server(port)
	probe = local_address(host)
	if port_open(port, probe):
		raise BootstrapError(
			f"port {port} is taken by another program; free it or set RALOM_PORT / RALOM_TEST_PORT."
		)
	log = BENCH_DIR / "logs" / f"ralom-serve-{port}.log"
	bind = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"
	gunicorn = (
		f"cd {shlex.quote(str(BENCH_DIR / 'sites'))} && "
		f"RALOM_SITE={shlex.quote(site)} SITES_PATH=. exec {BENCH_DIR}/env/bin/gunicorn "
		f"--bind {shlex.quote(bind)} --workers 2 --threads 2 --timeout 120 ralom_portal.wsgi:application"
	)
	script = gunicorn
	if worker:
		script = (
			f"cd {shlex.quote(str(BENCH_DIR))} && ({BENCH_CLI}/bin/bench worker >> logs/ralom-worker.log 2>&1 &) && "
			+ gunicorn
		)
	# The pidfile holds the new session's id, written by its own shell: stop_server() then ends the
	# whole group (gunicorn, its workers, the background worker), whoever started it (runuser or not).
	pidfile = shlex.quote(str(server_pidfile(port)))
	cmd = ["setsid", "bash", "-c", f"echo $$ > {pidfile} && {script} >> {shlex.quote(str(log))} 2>&1"]
	if IS_ROOT:
		cmd = [
			"runuser",
			"-u",
			BENCH_USER,
			"--",
			"env",
			f"HOME={BENCH_HOME}",
			f"PATH={BENCH_CLI}/bin:{BENCH_DIR}/env/bin:/usr/bin:/bin",
			*cmd,
		]
	subprocess.Popen(cmd, stdin=subprocess.DEVNULL, start_new_session=True)
	deadline = time.time() + 60
	while time.time() < deadline:
		try:
			with urllib.request.urlopen(f"http://{probe}:{port}/login", timeout=5) as r:
				if r.status == 200:
					return
		except Exception:
			time.sleep(1)
	raise BootstrapError(f"the web server on port {port} did not answer; see {log}")


def cmd_demo(_args) -> None:
	prepare(with_test_tools=False)
	ensure_site(SITE, tests=False)
	url = f"http://{local_address(HOST)}:{PORT}"
	# Links in e-mails come from host_name; without it Frappe would take the request's Host header.
	if site_config(SITE).get("host_name") != url:
		bench("--site", SITE, "set-config", "host_name", url)
	say("loading demo data")
	bench("--site", SITE, "ralom-portal", "demo")
	start_server(SITE, PORT, HOST, worker=True)
	out = bench("--site", SITE, "ralom-portal", "demo-logins", capture=True).stdout
	say(f"portal running at {url}  (site {SITE})")
	if listens_everywhere(HOST):
		say(
			f"listening on every address of this machine (RALOM_HOST={HOST}): anyone who can reach port "
			f"{PORT} can sign in with the logins below"
		)
	elif local_address(HOST) == "127.0.0.1":
		say(f"listening on {HOST} only; set RALOM_HOST=0.0.0.0 to open it to other machines")
	else:
		say(f"listening on {HOST} only (RALOM_HOST)")
	print(out)
	say(f"desk: Administrator / {ADMIN_PASSWORD}")


def cmd_test(args) -> int:
	prepare(with_test_tools=True)
	if os.environ.get("RALOM_REBUILD_TEST_SITE"):
		drop_site(TEST_SITE)
	ensure_site(TEST_SITE, tests=True)
	# HTTP tests commit the users they sign up; Frappe refuses more than 60 new users an hour.
	if site_config(TEST_SITE).get("throttle_user_limit") != 100000:
		bench("--site", TEST_SITE, "set-config", "--parse", "throttle_user_limit", "100000")
	target = BENCH_DIR / "apps" / APP
	artifacts = Path(env("RALOM_ARTIFACTS", str(BENCH_DIR / "test-artifacts")))
	as_bench(["mkdir", "-p", str(artifacts)])
	# The 20 slowest tests (and, from tests/timing.py, the time per module) end every run; ARGS may
	# override it (`--durations=0`).
	pytest = [
		str(BENCH_DIR / "env/bin/python"),
		"-m",
		"pytest",
		"-p",
		"no:cacheprovider",
		"--durations=20",
		*args.pytest_args,
	]
	res = as_bench(
		pytest,
		cwd=str(target),
		check=False,
		extra_env={
			"RALOM_TEST_SITE": TEST_SITE,
			"RALOM_BENCH_DIR": str(BENCH_DIR),
			"RALOM_TEST_PORT": str(TEST_PORT),
			"RALOM_ARTIFACTS": str(artifacts),
			"PYTHONDONTWRITEBYTECODE": "1",
		},
	)
	return res.returncode


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	sub = parser.add_subparsers(dest="command", required=True)
	sub.add_parser("demo", help="bench + demo site with data, served on RALOM_PORT")
	t = sub.add_parser("test", help="bench + test site, then pytest")
	t.add_argument("pytest_args", nargs=argparse.REMAINDER)
	sub.add_parser("prepare", help="bench only (system packages, bench, app)")
	argv = sys.argv[1:]
	if argv and argv[0] == "test":
		# Everything after `test` goes to pytest untouched, options included (`-k x -q`).
		args = argparse.Namespace(command="test", pytest_args=argv[1:])
	else:
		args = parser.parse_args(argv)
	if args.command == "demo":
		cmd_demo(args)
		return 0
	if args.command == "prepare":
		prepare(with_test_tools=True)
		return 0
	return cmd_test(args)


if __name__ == "__main__":
	sys.exit(main())
