"""Headless Chromium (Debian's package) driven by Playwright, for browser journeys."""

import os
from pathlib import Path

from ralom_portal.tests.conftest import BENCH_DIR

CHROMIUM = os.environ.get("RALOM_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("RALOM_ARTIFACTS", BENCH_DIR / "test-artifacts"))
# Without the background-networking flags Chromium keeps dialling out, which this network refuses.
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]


def launch(playwright):
	# `make test` installs Debian's chromium; a missing browser is a failure, never a skip.
	assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing; `make test` installs the chromium package"
	return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def login(page, base, email, password):
	page.goto(base + "/login")
	page.fill("#login_email", email)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url, timeout=30000)
