"""A template of the freshly created test site, so that a rebuild restores it instead of creating it.

CI rebuilds the test site for every run (`RALOM_REBUILD_TEST_SITE=1`): HTTP tests commit, and no
earlier run's leftovers may decide a verdict. Creating it (`new-site` with ERPNext and this app,
then the company) takes about three minutes; restoring a dump of a site created the same way, taken
before any test touched it, takes seconds and gives the same untouched state.

The template is keyed by everything that shapes a new site: the app's schema parts (doctypes,
hooks, patches, setup, fixtures; the hash `ensure_site` already follows), the Frappe and ERPNext
commits, and this script and devbench.py (the recipe). Any change makes a new key: the next rebuild
creates the site from scratch and saves a new template (only the newest one is kept).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _git_head(repo: Path) -> str:
	"""The checked-out commit, read from the repository's files (git may refuse a root caller on
	a repository the bench user owns)."""
	git = repo / ".git"
	head = (git / "HEAD").read_text().strip()
	if not head.startswith("ref: "):
		return head
	ref = head[5:]
	if (git / ref).exists():
		return (git / ref).read_text().strip()
	packed = git / "packed-refs"
	for line in packed.read_text().splitlines() if packed.exists() else []:
		if line.endswith(" " + ref):
			return line.split()[0]
	return "unknown"


def key(bench_dir: Path, site: str, schema_hash: str) -> str:
	h = hashlib.sha256(f"{site}:{schema_hash}".encode())
	for app in ("frappe", "erpnext"):
		h.update(f"{app}:{_git_head(bench_dir / 'apps' / app)}".encode())
	for script in ("devbench.py", "site_template.py"):
		h.update((HERE / script).read_bytes())
	return h.hexdigest()[:24]


def _paths(bench_dir: Path, template_key: str) -> dict[str, Path]:
	base = bench_dir / ".ralom-site-templates"
	return {
		"dir": base,
		"db": base / f"{template_key}-database.sql.gz",
		"files": base / f"{template_key}-files.tar",
		"private": base / f"{template_key}-private-files.tar",
		"conf": base / f"{template_key}.json",
	}


def exists(bench_dir: Path, template_key: str) -> bool:
	p = _paths(bench_dir, template_key)
	return all(p[k].exists() for k in ("db", "files", "private", "conf"))


def save(bench, as_bench, bench_dir: Path, site: str, template_key: str) -> None:
	"""Dump the site just created (database, public and private files, its encryption key)."""
	p = _paths(bench_dir, template_key)
	work = p["dir"] / "incoming"
	as_bench(["rm", "-rf", str(p["dir"])])
	as_bench(["mkdir", "-p", str(work)])
	bench("--site", site, "backup", "--with-files", "--backup-path", str(work))
	made = {f.name: f for f in work.iterdir()}
	for kind, suffix in (
		("db", "-database.sql.gz"),
		("files", "-files.tar"),
		("private", "-private-files.tar"),
	):
		(name,) = [n for n in made if n.endswith(suffix) and (kind != "files" or "-private-" not in n)]
		as_bench(["mv", str(made[name]), str(p[kind])])
	config = json.loads((bench_dir / "sites" / site / "site_config.json").read_text())
	# Frappe encrypts secrets with the site's key (made when first needed); a restored site must
	# decrypt what the dump holds.
	kept = {k: config[k] for k in ("encryption_key",) if k in config}
	as_bench(["tee", str(p["conf"])], input=json.dumps(kept), capture=True)
	as_bench(["rm", "-rf", str(work)])


def restore(
	bench,
	as_bench,
	bench_dir: Path,
	site: str,
	template_key: str,
	db_admin: str,
	db_password: str,
	admin_password: str,
) -> None:
	"""Create `site` from the template: a new database user and database, the dump, the files."""
	p = _paths(bench_dir, template_key)
	bench(
		"new-site",
		site,
		"--source-sql",
		str(p["db"]),
		"--db-root-username",
		db_admin,
		"--db-root-password",
		db_password,
		"--admin-password",
		admin_password,
	)
	sites = bench_dir / "sites"
	for kind in ("files", "private"):
		# Frappe's archives hold `<site>/public/files/...` and `<site>/private/files/...`.
		as_bench(["tar", "-xf", str(p[kind]), "-C", str(sites)])
	for k, v in json.loads(p["conf"].read_text()).items():
		bench("--site", site, "set-config", k, v)
	# The machine's Redis may still hold the cache of the site this one replaces (same database name).
	bench("--site", site, "clear-cache")
