"""Accessibility in a real browser: every portal page has no serious or critical axe-core violation
(WCAG 2.1 A/AA), and at 360 px nothing makes the page scroll sideways.

axe runs on data like the demo's, not on empty pages: the client has unread bell events (the bell
shows a count), the project page is the one whose Gantt spans today (its "today" label is on screen),
and the guest pages include the registration page with the site's footer.
"""

import frappe
import pytest
from frappe.utils import nowdate

from ralom_portal.tests.browser import ARTIFACTS, axe_violations, login

pytestmark = pytest.mark.browser


def _pages(customer: str) -> list[str]:
	def first(doctype, filters, field="name"):
		return frappe.db.get_value(doctype, filters, field)

	pages = [
		"/portal",
		"/portal/quote-requests",
		"/portal/quote-requests/new",
		"/portal/projects",
		"/portal/invoices",
		"/portal/payments",
		"/portal/statement",
		"/portal/contracts",
		"/portal/offers",
		"/portal/tickets",
		"/portal/tickets/new",
		"/portal/shipments",
		"/portal/files",
	]
	details = {
		"/portal/quote-requests/": first("Quote Request", {"customer": customer}),
		"/portal/projects/": _running_project(customer),
		"/portal/invoices/": first("Sales Invoice", {"customer": customer, "docstatus": 1}),
		"/portal/contracts/": first("Contract", {"party_name": customer, "docstatus": 1}),
		"/portal/offers/": first("Quotation", {"party_name": customer, "docstatus": 1}),
		"/portal/tickets/": first("Support Ticket", {"customer": customer}),
		"/portal/shipments/": first("Customer Shipment", {"customer": customer, "status": "Delivered"}),
	}
	for prefix, name in details.items():
		assert name, prefix
		pages.append(prefix + name)
	return pages


def _running_project(customer: str) -> str | None:
	"""The client's project whose task plan spans today, so its Gantt draws the "today" label."""
	today = nowdate()
	rows = frappe.db.sql(
		"""select p.name from `tabProject` p
		where p.customer = %(customer)s and exists (select 1 from `tabTask` t where t.project = p.name
			and t.exp_start_date <= %(today)s and t.exp_end_date >= %(today)s)
		order by p.name limit 1""",
		{"customer": customer, "today": today},
	)
	return rows[0][0] if rows else None


def _unread_events(customers: tuple[str, ...], user: str) -> int:
	"""Bell events the user has not opened, as the demo's clients have them: read marks left by
	earlier runs are cleared (committed, the served site reads them)."""
	from ralom_portal.portal.queries import notifications

	frappe.db.delete("Portal Notification Read", {"user": user})
	frappe.db.commit()
	return notifications.unread_count(customers, user)


def _show_gantt_today(page) -> None:
	"""On a project page, wait for the chart and bring its "today" label on screen, as a client who
	presses "Azi" sees it (axe only judges the colours of what is visible)."""
	if not page.locator("#ralom-gantt").count():
		return
	page.wait_for_selector("#ralom-gantt[data-ready]", timeout=30000)
	page.click("[data-gantt-today]")
	page.wait_for_selector(".gantt-container .current-date-highlight", state="visible", timeout=10000)


def test_every_portal_page_passes_axe_and_fits_a_360px_screen(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	customer = CLIENTS[0]["name"]
	user = logins[customer][0]
	pages = _pages(customer)
	assert _unread_events((customer,), user) > 0, "the demo client has unread bell events"
	# axe is injected as a script; the portal's CSP (rightly) forbids that for everything else.
	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO", bypass_csp=True)
	page = context.new_page()
	found, overflow = {}, {}
	versions = set()
	try:
		for guest_path in ("/login", "/portal/register"):
			response = page.goto(server.url + guest_path)
			assert response.status == 200, (guest_path, response.status)
			guest = axe_violations(page)
			versions.add(page.evaluate("() => axe.version"))
			if guest:
				found[guest_path] = guest
		# The registration page shows the site's footer (the company's name): axe must have seen text in it.
		page.goto(server.url + "/portal/register")
		assert page.locator(".web-footer .footer-info").inner_text().strip()
		# Its selects (country, language) show an arrow, not the look of a text box.
		arrows = page.eval_on_selector_all(
			".ralom-register select", "els => els.map(e => getComputedStyle(e).backgroundImage)"
		)
		assert len(arrows) == 2 and all("svg" in a for a in arrows), arrows
		login(page, server.url, user, password)
		for path in pages:
			page.set_viewport_size({"width": 1280, "height": 900})
			response = page.goto(server.url + path)
			assert response.status == 200, (path, response.status)
			# The bell carries a visible count on every page (its name must contain it).
			assert page.locator(".ralom-bell summary .ralom-bell-count").is_visible(), path
			_show_gantt_today(page)
			violations = axe_violations(page)
			if violations:
				found[path] = violations
			page.set_viewport_size({"width": 360, "height": 780})
			width = page.evaluate("() => document.documentElement.scrollWidth")
			if width > 361:
				overflow[path] = width
		page.set_viewport_size({"width": 360, "height": 780})
		page.goto(server.url + "/portal/invoices")
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "invoices-360.png"), full_page=True)
	finally:
		context.close()
	import json

	(ARTIFACTS / "axe.json").write_text(
		json.dumps({"axe": sorted(versions), "violations": found, "overflow": overflow}, indent=1)
	)
	# The axe the lock file pins (yarn.lock: 4.14.x), not an older copy from elsewhere.
	assert [tuple(int(n) for n in v.split(".")[:2]) >= (4, 14) for v in versions] == [True], versions
	assert found == {}, found
	assert overflow == {}, overflow


def test_the_portal_works_with_the_keyboard_alone(server, demo_logins, browser):
	"""Tab to a section in the sidebar and open it with Enter; open the bell with Enter."""
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
	page = context.new_page()
	try:
		login(page, server.url, logins[CLIENTS[0]["name"]][0], password)
		page.goto(server.url + "/portal")
		page.locator("body").focus()
		reached = None
		for _i in range(40):
			page.keyboard.press("Tab")
			reached = page.evaluate(
				"() => document.activeElement && document.activeElement.textContent.trim()"
			)
			if reached == "Facturi/Plăți":
				break
		assert reached == "Facturi/Plăți"
		# A visible focus ring: the focused link has an outline or a box shadow.
		ring = page.evaluate(
			"""() => { const s = getComputedStyle(document.activeElement);
				return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"""
		)
		assert ring
		page.keyboard.press("Enter")
		page.wait_for_url(lambda url: url.rstrip("/").endswith("/portal/invoices"), timeout=30000)
		page.focus(".ralom-bell summary")
		page.keyboard.press("Enter")
		page.wait_for_selector(
			".ralom-bell[open] [data-bell-list] li:not(.ralom-bell-loading)", timeout=30000
		)
	finally:
		context.close()


def test_date_fields_take_romanian_dates_whatever_the_browsers_language(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
	page = context.new_page()
	try:
		login(page, server.url, logins[CLIENTS[0]["name"]][0], password)
		page.goto(server.url + "/portal/invoices?from=2026-11-01")
		typed = page.locator("[data-date-for=from]")
		assert typed.get_attribute("placeholder") == "zz.ll.aaaa"
		assert typed.input_value() == "01.11.2026"  # the filter's ISO value, shown the Romanian way
		typed.fill("15.11.2026")
		assert page.locator("input[type=hidden][name=from]").input_value() == "2026-11-15"
		typed.fill("31.02.2026")  # no such day
		assert page.locator("input[type=hidden][name=from]").input_value() == ""
		assert page.evaluate("() => document.querySelector('[data-date-for=from]').validationMessage")
	finally:
		context.close()


_CELLS = """table => Array.from(table.querySelectorAll('tbody td')).map(td => {
	const r = td.getBoundingClientRect();
	return {left: r.left, right: r.right, width: r.width, label: td.dataset.label || null,
		before: getComputedStyle(td, '::before').content, text: td.innerText.trim()};
})"""
# The three tables of the dashboard, found by what they list.
_DASHBOARD_TABLES = (
	".ralom-content table:has(a[href^='/portal/projects/'])",
	"[data-metric=shipments-in-transit]",
	".ralom-content table:has(tr[data-offer])",
)


def test_dashboard_tables_become_labelled_rows_on_a_phone(server, demo_logins, browser):
	"""At 360 px the dashboard's tables (active projects, shipments in transit, latest offers) show every
	cell on screen, each labelled with its column; at 1280 px they are ordinary tables."""
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	context = browser.new_context(viewport={"width": 360, "height": 780}, locale="ro-RO")
	page = context.new_page()
	try:
		login(page, server.url, logins[CLIENTS[0]["name"]][0], password)
		page.goto(server.url + "/portal")
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "dashboard-360.png"), full_page=True)
		for selector in _DASHBOARD_TABLES:
			table = page.locator(selector)
			assert table.count() == 1, f"the demo client has rows in {selector}"
			cells = table.evaluate(_CELLS)
			assert cells, selector
			for cell in cells:
				# On screen, not behind a sideways scroll.
				assert cell["left"] >= 0 and cell["right"] <= 360 and cell["width"] > 0, (selector, cell)
				if cell["label"]:
					assert cell["before"] == f'"{cell["label"]}"', (selector, cell)
			assert {c["label"] for c in cells} - {None} <= {
				"Progres",
				"Termen estimat",
				"Stare",
				"Livrare estimată",
				"Curier",
				"Data",
				"Total",
			}, cells
			assert table.locator("thead").bounding_box()["height"] <= 1, selector
		page.set_viewport_size({"width": 1280, "height": 900})
		page.goto(server.url + "/portal")
		page.screenshot(path=str(ARTIFACTS / "dashboard-1280.png"), full_page=True)
		for selector in _DASHBOARD_TABLES:
			table = page.locator(selector)
			assert table.locator("thead").bounding_box()["height"] > 20, selector
			assert (
				table.locator("tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == "table-row"
			)
	finally:
		context.close()
