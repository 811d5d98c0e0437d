#!/usr/bin/env python3
"""Backup and restore drill: back a site up, restore it onto a new site, prove nothing was lost.

    python3 scripts/restore_drill.py --bench /home/frappe/frappe-bench --site portal.example.ro

1. Fingerprints the site: per portal table (this app's doctypes, the portal doctypes of
   access/doctypes.py and the records around them: customers, their portal users and passwords,
   contacts, sales orders, the child tables of all of these), the row count and a SHA-256 over every
   row; per file on disk of every File row, a SHA-256 of its bytes.
2. `bench --site SITE backup --with-files` into a folder of its own.
3. `bench --site TARGET restore` of that database, public and private files onto a new site (never an
   existing one), and the encryption key of the backed-up site config, as an administrator would.
4. Fingerprints the restored site and compares: same counts, same checksums, same files.
5. Verifies every contract signature on the restored site: the SHA-256 of the terms as signed is the
   stored hash, and the contract's terms are still those terms (signing.py's `terms_hash`).
6. Serves the restored site (gunicorn on 127.0.0.1, ralom_portal/wsgi.py) and runs scripts/smoke.py
   against it: a demo client signs in and opens every section.
7. Drops the restored site and the drill's backup (unless --keep).

Run it as root or as the bench's owner; bench commands run as the owner. Restoring and dropping a site
needs a MariaDB account with GRANT OPTION: --db-root-username/--db-root-password (or RALOM_DB_ADMIN /
RALOM_DB_ADMIN_PASSWORD; on a `make demo` bench the account it created is used). Standard library
only. Exit status 0 when every check passed.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import pwd
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCTYPES_PY = HERE.parent / "ralom_portal" / "access" / "doctypes.py"
APP_MODULE = "Ralom Portal"
# Records the portal stands on besides its own doctypes and the registry's.
AROUND = ("Customer", "Contact", "Address", "Dynamic Link", "User", "Sales Order", "Delivery Note")
# The restore itself may touch staff users (Administrator's password, last login); portal users
# are what the drill is about.
WHERE = {
	"User": "where user_type = 'Website User'",
	"__Auth": "where doctype = 'User' and name in (select name from `tabUser` where user_type = 'Website User')",
}
ORDER = {"__Auth": "doctype, name, fieldname", "tabSingles": "doctype, field"}


def registry_doctypes() -> list[str]:
	"""The keys of PORTAL_DOCTYPES, read from this checkout (the file is plain data)."""
	tree = ast.parse(DOCTYPES_PY.read_text())
	for node in tree.body:
		target = getattr(node, "target", None) or (node.targets[0] if isinstance(node, ast.Assign) else None)
		if getattr(target, "id", None) == "PORTAL_DOCTYPES":
			return list(ast.literal_eval(node.value))
	raise SystemExit(f"no PORTAL_DOCTYPES in {DOCTYPES_PY}")


class Bench:
	def __init__(self, path: str):
		self.path = Path(path).resolve()
		if not (self.path / "sites").is_dir() or not (self.path / "env" / "bin" / "python").exists():
			raise SystemExit(f"{self.path} is not a bench (no sites/ or env/)")
		self.owner = pwd.getpwuid(self.path.stat().st_uid).pw_name

	def as_owner(self, cmd: list[str]) -> list[str]:
		if os.geteuid() == 0 and self.owner != "root":
			return ["runuser", "-u", self.owner, "--", *cmd]
		return cmd

	def cmd(self, *args: str) -> list[str]:
		"""A bench command the way bench runs it: the bench's Python, from sites/, as the owner."""
		return self.as_owner(
			[str(self.path / "env/bin/python"), "-m", "frappe.utils.bench_helper", "frappe", *args]
		)

	def run(self, *args: str, quiet: bool = False) -> str:
		cmd = self.cmd(*args)
		shown = [("****" if i and cmd[i - 1].endswith("password") else a) for i, a in enumerate(cmd)]
		print(f"$ bench {shlex.join(shown[shown.index('frappe.utils.bench_helper') + 2 :])}", flush=True)
		done = subprocess.run(cmd, cwd=self.path / "sites", capture_output=True, text=True)
		if done.returncode:
			raise SystemExit(f"failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
		if not quiet and done.stdout.strip():
			print("  " + done.stdout.strip().replace("\n", "\n  "))
		return done.stdout

	def sql_rows(self, site: str, query: str):
		"""Rows of `query` as the mariadb client prints them in batch mode (tabs, escaped values), streamed."""
		# `bench mariadb` starts the client with --safe-updates, which caps every SELECT at 1,000 rows.
		unlimited = "set session sql_safe_updates = 0, sql_select_limit = default, max_join_size = default; "
		cmd = self.cmd("--site", site, "mariadb", "--batch", "--skip-column-names", "-e", unlimited + query)
		proc = subprocess.Popen(cmd, cwd=self.path / "sites", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
		yield from proc.stdout
		err = proc.stderr.read().decode()
		if proc.wait():
			raise SystemExit(f"query failed on {site}: {query}\n{err[-2000:]}")

	def values(self, site: str, query: str) -> list[list[str]]:
		return [line.decode().rstrip("\n").split("\t") for line in self.sql_rows(site, query)]

	def site_dir(self, site: str) -> Path:
		return self.path / "sites" / site


# ---------------------------------------------------------------- fingerprints


def portal_tables(bench: Bench, site: str) -> list[str]:
	"""Table names: the app's doctypes, the registry's and those around them, with their child tables."""
	own = [
		r[0]
		for r in bench.values(
			site,
			f"select name from tabDocType where module = '{APP_MODULE}' and issingle = 0 and ifnull(is_virtual, 0) = 0",
		)
	]
	parents = sorted({*own, *registry_doctypes(), *AROUND})
	quoted = ", ".join("'" + p.replace("'", "''") + "'" for p in parents)
	children = bench.values(
		site,
		"select distinct options from tabDocField where parent in (" + quoted + ") "
		"and fieldtype in ('Table', 'Table MultiSelect')",
	)
	return [f"tab{d}" for d in sorted({*parents, *(c[0] for c in children)})] + ["__Auth", "tabSingles"]


def table_fingerprints(bench: Bench, site: str, tables: list[str]) -> dict[str, tuple[int, str]]:
	"""{table: (rows, SHA-256 over its rows in key order)}, read in one mariadb session: a marker row
	(random, so no value can look like it) precedes each table's rows."""
	singles = bench.values(
		site, f"select name from tabDocType where module = '{APP_MODULE}' and issingle = 1"
	)
	marker = "ralom-drill-" + hashlib.sha256(os.urandom(16)).hexdigest()[:16]
	script = []
	for table in tables:
		where = WHERE.get(table[3:] if table.startswith("tab") else table, "")
		if table == "tabSingles":
			where = "where doctype in (" + ", ".join(f"'{r[0]}'" for r in singles) + ")"
		# The marker row carries the table's count, so a read cut short cannot pass for a match.
		script.append(f"select concat('{marker} ', count(*), ' {table}') from `{table}` {where};")
		script.append(f"select * from `{table}` {where} order by {ORDER.get(table, 'name')};")
	found: dict[str, list] = {}
	current = None
	for line in bench.sql_rows(site, " ".join(script)):
		text = line.rstrip(b"\n")
		if text.startswith(marker.encode() + b" "):
			count, table = text[len(marker) + 1 :].decode().split(" ", 1)
			current = found.setdefault(table, [0, hashlib.sha256(), int(count)])
			continue
		current[0] += 1
		current[1].update(line)
	for table, (read, _h, count) in found.items():
		if read != count:
			raise SystemExit(f"{site}: read {read} rows of {table}, which has {count}")
	return {t: (found[t][0], found[t][1].hexdigest()) for t in tables}


def file_fingerprints(bench: Bench, site: str) -> dict[str, tuple[str, str]]:
	"""{File name: (file_url, SHA-256 of the bytes on disk or 'MISSING')} for every local file."""
	rows = bench.values(
		site,
		"select name, file_url from tabFile where ifnull(is_folder, 0) = 0 "
		"and (file_url like '/files/%' or file_url like '/private/files/%') order by name",
	)
	base, digests, found = bench.site_dir(site), {}, {}
	for name, url in rows:
		rel = ("public" + url) if url.startswith("/files/") else url.lstrip("/")
		path = base / rel
		if rel not in digests:
			digests[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "MISSING"
		found[name] = (url, digests[rel])
	return found


def fingerprint(bench: Bench, site: str) -> dict:
	tables = table_fingerprints(bench, site, portal_tables(bench, site))
	return {"tables": tables, "files": file_fingerprints(bench, site)}


def verify_signatures(bench: Bench, site: str) -> tuple[int, list[str]]:
	"""Each signature's hash is the SHA-256 of its terms as signed, and the contract still has them."""
	rows = bench.values(
		site,
		"select s.name, hex(s.terms_as_signed), s.terms_hash, hex(c.contract_terms), ifnull(c.is_signed, 0) "
		"from `tabPortal Contract Signature` s left join `tabContract` c on c.name = s.contract order by s.name",
	)
	bad = []
	for name, signed_hex, stored, contract_hex, is_signed in rows:
		signed = hashlib.sha256(bytes.fromhex("" if signed_hex == "NULL" else signed_hex)).hexdigest()
		current = hashlib.sha256(bytes.fromhex("" if contract_hex == "NULL" else contract_hex)).hexdigest()
		if signed != stored:
			bad.append(f"{name}: terms as signed hash to {signed[:12]}, stored {stored[:12]}")
		elif current != stored or is_signed != "1":
			bad.append(f"{name}: the contract's terms or signed flag no longer match the signature")
	return len(rows), bad


# ---------------------------------------------------------------- backup, restore, serve


def take_backup(bench: Bench, site: str, folder: Path) -> dict[str, Path]:
	bench.run("--site", site, "backup", "--with-files", "--backup-path", str(folder))
	found = {}
	for kind, suffix in (
		("database", "-database.sql.gz"),
		("public", "-files.tar"),
		("private", "-private-files.tar"),
		("config", "-site_config_backup.json"),
	):
		matches = sorted(p for p in folder.glob(f"*{suffix}") if not p.name.endswith("-private" + suffix))
		if not matches:
			raise SystemExit(f"the backup has no *{suffix} in {folder}")
		found[kind] = matches[-1]
	for kind, path in found.items():
		print(f"  {kind:<9} {path.name} ({path.stat().st_size / 1024:.0f} kB)")
	return found


def restore(bench: Bench, target: str, backup: dict[str, Path], root_user: str, root_password: str) -> None:
	"""As an administrator restores onto a new site: create it, then restore the database and files."""
	root = ("--db-root-username", root_user, "--db-root-password", root_password)
	admin = ("--admin-password", hashlib.sha256(os.urandom(16)).hexdigest()[:20])  # the backup's replaces it
	bench.run("new-site", target, *root, *admin, quiet=True)
	bench.run(
		"--site",
		target,
		"restore",
		str(backup["database"]),
		"--with-public-files",
		str(backup["public"]),
		"--with-private-files",
		str(backup["private"]),
		"--db-root-username",
		root_user,
		"--db-root-password",
		root_password,
		quiet=True,
	)
	# Passwords Frappe encrypts (e-mail accounts, API secrets, integration keys) need the old site's key.
	key = json.loads(backup["config"].read_text()).get("encryption_key")
	if key:
		bench.run("--site", target, "set-config", "encryption_key", key, quiet=True)


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def serve(bench: Bench, site: str, port: int) -> subprocess.Popen:
	"""The restored site under gunicorn on 127.0.0.1, pinned to it (no nginx or DNS needed)."""
	env_cmd = ["env", f"RALOM_SITE={site}", "SITES_PATH=.", str(bench.path / "env/bin/gunicorn")]
	args = [
		"--bind",
		f"127.0.0.1:{port}",
		"--workers",
		"2",
		"--timeout",
		"120",
		"ralom_portal.wsgi:application",
	]
	path = bench.path / "logs" / f"restore-drill-{port}.log"
	log = open(path, "ab")  # open for the server's lifetime
	if os.geteuid() == 0:
		os.chown(path, bench.path.stat().st_uid, bench.path.stat().st_gid)
	proc = subprocess.Popen(
		bench.as_owner([*env_cmd, *args]),
		cwd=bench.path / "sites",
		stdout=log,
		stderr=log,
		start_new_session=True,
	)
	deadline = time.time() + 90
	while time.time() < deadline:
		if proc.poll() is not None:
			raise SystemExit(f"gunicorn for {site} exited; see {log.name}")
		try:
			with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/method/ping", timeout=5) as r:
				if r.status == 200:
					return proc
		except OSError:
			time.sleep(1)
	stop(proc)
	raise SystemExit(f"gunicorn for {site} did not answer; see {log.name}")


def stop(proc: subprocess.Popen) -> None:
	if proc.poll() is None:
		os.killpg(proc.pid, 15)
		proc.wait(timeout=30)


def drop(bench: Bench, site: str, root_user: str, root_password: str, archive: Path) -> None:
	"""Drop the restored site; Frappe moves its folder (a copy of the clients' files) to `archive`."""
	bench.run(
		"drop-site",
		site,
		"--archived-sites-path",
		str(archive),
		"--db-root-username",
		root_user,
		"--db-root-password",
		root_password,
		"--no-backup",
		"--force",
		quiet=True,
	)


# ---------------------------------------------------------------- report


def compare(before: dict, after: dict) -> int:
	failures = 0
	print(f"\n{'table':<42} {'rows':>7} {'restored':>8}  {'sha256 (12)':<12}  result")
	for table, (count, digest) in before["tables"].items():
		r_count, r_digest = after["tables"].get(table, (None, None))
		ok = (count, digest) == (r_count, r_digest)
		failures += not ok
		mark = "OK" if ok else f"DIFFERS (restored {str(r_digest)[:12]})"
		print(f"{table:<42} {count:>7} {r_count!s:>8}  {digest[:12]}  {mark}")
	files, restored = before["files"], after["files"]
	missing = [
		n for n, (_u, d) in restored.items() if d == "MISSING" and files.get(n, ("", ""))[1] != "MISSING"
	]
	differ = [n for n, v in files.items() if restored.get(n) != v]
	on_disk = len({d for _u, d in files.values() if d != "MISSING"})
	print(
		f"\nfiles: {len(files)} File rows, {on_disk} distinct contents on disk; restored {len(restored)} rows; "
		f"missing after restore {len(missing)}; checksum or URL differs {len(differ)}"
	)
	gone_before = sorted(n for n, (_u, d) in files.items() if d == "MISSING")
	if gone_before:
		print(f"  (already missing on the source site, not a restore fault: {len(gone_before)})")
	for n in sorted({*missing, *differ})[:20]:
		print(f"  {n}: {files.get(n)} -> {restored.get(n)}")
	digest = hashlib.sha256("".join(f"{n}{v}" for n, v in sorted(files.items())).encode()).hexdigest()
	print(f"  checksum over all files (name, url, sha256): {digest[:16]}")
	return failures + len(missing) + len(differ) + (len(files) != len(restored))


def db_admin(args, bench: Bench) -> tuple[str, str]:
	user = args.db_root_username or os.environ.get("RALOM_DB_ADMIN")
	password = args.db_root_password or os.environ.get("RALOM_DB_ADMIN_PASSWORD")
	saved = Path(pwd.getpwnam(bench.owner).pw_dir) / ".ralom-db-admin.json"  # written by `make demo`
	if not password and saved.exists():
		user, password = user or "ralom_dbadmin", json.loads(saved.read_text())["password"]
	if not (user and password):
		raise SystemExit(
			"give --db-root-username and --db-root-password (a MariaDB account with GRANT OPTION)"
		)
	return user, password


def main() -> int:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("--bench", required=True, help="bench directory")
	parser.add_argument("--site", required=True, help="the site to back up")
	parser.add_argument("--target", help="the new site to restore onto (default: restore-drill.<site>)")
	parser.add_argument("--db-root-username")
	parser.add_argument("--db-root-password")
	parser.add_argument("--keep", action="store_true", help="keep the restored site and the backup")
	args = parser.parse_args()
	bench = Bench(args.bench)
	target = args.target or f"restore-drill.{args.site}"
	if not (bench.site_dir(args.site) / "site_config.json").exists():
		raise SystemExit(f"no site {args.site} in {bench.path}")
	if bench.site_dir(target).exists():
		raise SystemExit(f"{target} exists; the drill restores onto a new site only (or pass --target)")
	root_user, root_password = db_admin(args, bench)
	started = time.monotonic()

	print(f"== 1. fingerprint {args.site}")
	before = fingerprint(bench, args.site)
	signatures, bad_before = verify_signatures(bench, args.site)
	print(f"  {len(before['tables'])} tables, {len(before['files'])} File rows, {signatures} signatures")
	held = bench.values(
		args.site,
		"select concat(ifnull(attached_to_doctype, '-'), ' (', folder, ')'), count(*) from tabFile "
		"where ifnull(is_folder, 0) = 0 group by 1 order by 1",
	)
	print("  files by record: " + ", ".join(f"{kind} {n}" for kind, n in held))

	folder = bench.path / "restore-drill" / time.strftime("%Y%m%d-%H%M%S")
	subprocess.run(bench.as_owner(["mkdir", "-p", str(folder)]), check=True)
	print(f"== 2. backup into {folder}")
	backup = take_backup(bench, args.site, folder)

	failures = 0
	print(f"== 3. restore onto {target}")
	try:
		restore(bench, target, backup, root_user, root_password)
		print("== 4. fingerprint the restored site and compare")
		after = fingerprint(bench, target)
		failures += compare(before, after)

		print("\n== 5. contract signatures")
		count, bad = verify_signatures(bench, target)
		print(
			f"  {count} signatures; {count - len(bad)} verify (SHA-256 of the terms as signed = stored hash = contract's terms)"
		)
		for line in bad + [f"(source) {b}" for b in bad_before]:
			print(f"  FAIL {line}")
		failures += len(bad) + (count != signatures)

		port = free_port()
		print(f"== 6. smoke against the restored site (gunicorn on 127.0.0.1:{port})")
		server = serve(bench, target, port)
		try:
			smoke = [sys.executable, str(HERE / "smoke.py"), f"http://127.0.0.1:{port}"]
			smoke += ["--bench", str(bench.path), "--site", target]
			failures += subprocess.run(smoke).returncode != 0
		finally:
			stop(server)
	finally:
		if args.keep:
			print(f"== 7. kept {target} and {folder}")
		else:
			print(f"== 7. drop {target} and the drill's backup")
			if bench.site_dir(target).exists():
				drop(bench, target, root_user, root_password, folder / "archived")
			subprocess.run(bench.as_owner(["rm", "-rf", str(folder)]), check=False)
			subprocess.run(
				bench.as_owner(["rmdir", "--ignore-fail-on-non-empty", str(folder.parent)]), check=False
			)
	minutes = (time.monotonic() - started) / 60
	print(f"\n{'PASSED' if not failures else f'FAILED ({failures} problems)'} in {minutes:.1f} min")
	return 1 if failures else 0


if __name__ == "__main__":
	sys.exit(main())
