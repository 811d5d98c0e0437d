"""Accessibility in a real browser: every portal page has no serious or critical axe-core violation
(WCAG 2.1 A/AA), and at 360 px nothing makes the page scroll sideways."""

import frappe
import pytest

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
		"/portal/projects/": first("Project", {"customer": customer}),
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


def test_every_portal_page_passes_axe_and_fits_a_360px_screen(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	customer = CLIENTS[0]["name"]
	pages = _pages(customer)
	# axe is injected as a script; the portal's CSP (rightly) forbids that for everything else.
	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO", bypass_csp=True)
	page = context.new_page()
	found, overflow = {}, {}
	try:
		page.goto(server.url + "/login")
		guest = axe_violations(page)
		if guest:
			found["/login"] = guest
		login(page, server.url, logins[customer][0], password)
		for path in pages:
			page.set_viewport_size({"width": 1280, "height": 900})
			response = page.goto(server.url + path)
			assert response.status == 200, (path, response.status)
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

	(ARTIFACTS / "axe.json").write_text(json.dumps({"violations": found, "overflow": overflow}, indent=1))
	assert found == {}, found
	assert overflow == {}, overflow
