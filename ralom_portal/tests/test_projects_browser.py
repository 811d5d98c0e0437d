"""The project Gantt chart in a real browser: a demo client logs in and looks at their project."""

import frappe
import pytest

from ralom_portal.tests.browser import ARTIFACTS
from ralom_portal.tests.browser import login as _login

HIDDEN_SUBJECT = "Calcul marjă internă și costuri"

pytestmark = pytest.mark.browser


def test_demo_client_sees_one_gantt_bar_per_visible_dated_task_and_can_switch_to_month(
	server, demo_logins, browser
):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	client = CLIENTS[0]
	project = frappe.db.get_value("Project", {"customer": client["name"], "project_name": client["project"]})
	tasks = frappe.get_all(
		"Task",
		{"project": project},
		["name", "subject", "exp_start_date", "exp_end_date", "ralom_portal_visible"],
	)
	expected = sorted(t.name for t in tasks if t.ralom_portal_visible and t.exp_start_date and t.exp_end_date)
	hidden = [t.name for t in tasks if not t.ralom_portal_visible]
	assert hidden and expected

	context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ro-RO")
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		_login(page, server.url, logins[client["name"]][0], password)
		page.goto(f"{server.url}/portal/projects/{project}")
		page.wait_for_selector("#ralom-gantt[data-ready='1'] .bar-wrapper", timeout=30000)

		bars = page.eval_on_selector_all("#ralom-gantt .bar-wrapper", "els => els.map(e => e.dataset.id)")
		assert sorted(bars) == expected
		# The chart opens on the project's span: the earliest bar is in view, whatever today is.
		first_in_view = page.evaluate(
			"""() => {
				const box = document.querySelector('#ralom-gantt .gantt-container');
				const xs = [...document.querySelectorAll('#ralom-gantt .bar-wrapper .bar')].map(b => b.getBBox().x);
				const x = Math.min(...xs);
				return x >= box.scrollLeft - 1 && x <= box.scrollLeft + box.clientWidth;
			}"""
		)
		assert first_in_view
		for name in hidden:
			assert name not in bars
		assert HIDDEN_SUBJECT not in page.content()
		# Read-only: no resize or progress handles are drawn.
		assert page.locator("#ralom-gantt .handle").count() == 0
		# Dependencies are drawn as arrows.
		assert (
			page.locator("#ralom-gantt .arrow path, #ralom-gantt path.arrow, #ralom-gantt .arrow").count() > 0
		)

		page.click(".ralom-gantt-toolbar [data-view-mode='Month']")
		page.wait_for_selector("#ralom-gantt[data-current-view='Month']")
		assert (
			page.locator(".ralom-gantt-toolbar [data-view-mode='Month']").get_attribute("aria-pressed")
			== "true"
		)
		assert page.locator("#ralom-gantt .bar-wrapper").count() == len(expected)
		# Romanian month names for a Romanian-speaking demo user (the first demo client's users are RO).
		header = page.inner_text("#ralom-gantt .grid-header")
		months_ro = (
			"Ianuarie",
			"Februarie",
			"Martie",
			"Aprilie",
			"Mai",
			"Iunie",
			"Iulie",
			"August",
			"Septembrie",
			"Octombrie",
			"Noiembrie",
			"Decembrie",
		)
		assert any(m in header for m in months_ro), header

		# The popup of a bar shows its dates, status and progress, in Romanian.
		page.click(".ralom-gantt-toolbar [data-view-mode='Week']")
		page.wait_for_selector("#ralom-gantt[data-current-view='Week']")
		page.locator("#ralom-gantt .bar-wrapper").nth(len(expected) - 1).click()
		popup = page.locator("#ralom-gantt .popup-wrapper")
		popup.wait_for(state="visible")
		assert "Progres" in popup.inner_text()

		page.click(".ralom-gantt-toolbar [data-view-mode='Month']")
		page.wait_for_selector("#ralom-gantt[data-current-view='Month']")
		page.wait_for_timeout(600)
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "project-gantt-month.png"), full_page=True)
		assert not errors, errors
	finally:
		context.close()
