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


# axe-core comes from the app's npm devDependencies (package.json, pinned by yarn.lock: 4.14.x),
# installed by `make test`.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA: axe tags each rule with the version that introduced it, so 2.1's level A rules
# (e.g. label-content-name-mismatch, 2.5.3 "label in name") run only when 'wcag21a' is asked for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
	"""axe-core's WCAG 2.1 A/AA findings on the page as it is now, limited to `impacts`. Only violations
	are read, so axe is asked for them alone (`resultTypes`: it stops detailing every passing node)."""
	assert AXE.exists(), f"{AXE} is missing; `make test` installs the app's npm dependencies"
	if not page.evaluate("() => typeof window.axe !== 'undefined'"):
		page.add_script_tag(path=str(AXE))
	result = page.evaluate(
		"""async (tags) => {
			const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
			return r.violations.map(v => ({
				id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 200)),
			}));
		}""",
		AXE_TAGS,
	)
	return [v for v in result if v["impact"] in impacts]
