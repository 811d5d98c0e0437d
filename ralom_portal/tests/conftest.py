"""pytest wiring: connect Frappe to the test site, roll back after every test.

`make test` sets RALOM_TEST_SITE and runs pytest from the bench's apps/ralom_portal, with the
bench's Python. Tests that need committed data (HTTP and browser tests, which talk to a separate
server process) use the `demo_data` fixture, which loads the idempotent demo dataset once.
"""

import os
from pathlib import Path

import frappe
import pytest

from ralom_portal.tests import worlds

BENCH_DIR = Path(os.environ.get("RALOM_BENCH_DIR", Path(__file__).resolve().parents[4]))
SITE = os.environ.get("RALOM_TEST_SITE", "test.ralom.localhost")


@pytest.fixture(scope="session", autouse=True)
def frappe_site():
	sites = BENCH_DIR / "sites"
	os.chdir(sites)
	frappe.init(site=SITE, sites_path=str(sites))
	if not frappe.local.conf.get("allow_tests"):
		pytest.exit(f"{SITE} does not have allow_tests set; refusing to run tests against it.", returncode=2)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.flags.mute_emails = True
	frappe.set_user("Administrator")
	_no_cache_flush_on_unchanged_user_defaults()
	yield SITE
	frappe.db.rollback()
	frappe.destroy()


def _no_cache_flush_on_unchanged_user_defaults():
	"""Every User save (Frappe's `User.validate` -> `ask_pass_update`) rewrites the global default
	`email_user_password` under a row lock and then flushes the site's whole cache, even when the
	value is unchanged: every doctype's meta is rebuilt after each user a test makes (2-4 s a portal
	user instead of 0.7 s), and the flush and the lock reach every process sharing the site. In the
	test process the default is rewritten only when it changes; the data is the same."""
	from frappe.core.doctype.user import user

	rewrite = user.ask_pass_update

	def ask_pass_update():
		waiting = frappe.get_all(
			"User Email", filters={"awaiting_password": 1, "used_oauth": 0}, pluck="parent", distinct=True
		)
		if ",".join(waiting) != (frappe.db.get_default("email_user_password") or ""):
			rewrite()

	user.ask_pass_update = ask_pass_update


@pytest.fixture(autouse=True)
def rollback(frappe_site, request):
	"""Each test starts as Administrator and leaves no trace in the database (when its module
	built a world once, `tests/worlds.py`, it rolls back to just after that world; the world ends
	after the last test of the module that asks for it, or before a test that commits)."""
	_undo()
	yield
	_undo()
	worlds.close_unless_needed(request.node)


def _undo():
	worlds.rollback()
	frappe.set_user("Administrator")
	_forget_request_state()


_forget_request_state = worlds._forget_request_state


@pytest.fixture(scope="session")
def demo_data(frappe_site):
	"""The committed demo dataset (idempotent), for tests that go through a separate server."""
	from ralom_portal.demo.loader import load

	frappe.set_user("Administrator")
	counts = load()
	frappe.db.commit()
	return counts


@pytest.fixture
def factories():
	from ralom_portal.tests import factories as f

	return f


@pytest.fixture(scope="session")
def server(demo_data):
	"""The test site served by Frappe's web server in its own process."""
	from ralom_portal.tests.server import Server

	srv = Server().start()
	yield srv
	srv.stop()


@pytest.fixture(scope="session")
def demo_logins(demo_data):
	"""{customer: [user emails]} for the committed demo clients, and their password."""
	from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD

	return {c["name"]: [u["email"] for u in c["users"]] for c in CLIENTS}, DEMO_PASSWORD


@pytest.fixture(scope="session")
def browser():
	"""Debian's Chromium, headless, through Playwright."""
	from playwright.sync_api import sync_playwright

	from ralom_portal.tests.browser import launch

	with sync_playwright() as p:
		b = launch(p)
		yield b
		b.close()
