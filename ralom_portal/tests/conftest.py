"""pytest wiring: connect Frappe to the test site, roll back after every test.

`make test` sets RALOM_TEST_SITE and runs pytest from the bench's apps/ralom_portal, with the
bench's Python. Tests that need committed data (HTTP and browser tests, which talk to a separate
server process) use the `demo_data` fixture, which loads the idempotent demo dataset once.
"""

import os
from pathlib import Path

import frappe
import pytest

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
	yield SITE
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def rollback(frappe_site):
	"""Each test starts as Administrator and leaves no trace in the database."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	_forget_request_state()
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
	_forget_request_state()


def _forget_request_state():
	from ralom_portal.access.customers import forget

	forget()
	frappe.local.response = frappe._dict()
	frappe.local.form_dict = frappe._dict()


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
