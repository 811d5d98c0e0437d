"""Tickets in a real browser: "Ask about this" on an invoice opens a ticket about that invoice; the thread,
the list and the new-ticket form at desktop and phone width, in Romanian."""

import frappe
import pytest

from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_client_asks_about_an_invoice_and_lands_on_the_new_ticket(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	email = logins[CLIENTS[0]["name"]][0]  # a Romanian-speaking user
	invoice = frappe.db.get_value("Sales Invoice", {"customer": CLIENTS[0]["name"], "docstatus": 1})
	context = browser.new_context(locale="ro-RO")
	page = context.new_page()
	try:
		login(page, server.url, email, password)
		page.goto(f"{server.url}/portal/invoices/{invoice}")
		page.click("[data-action=ask-about]")
		page.wait_for_url(lambda url: "/portal/tickets/new" in url, timeout=30000)
		assert page.locator(f"[data-reference='{invoice}']").count() == 1
		# Client-side check first: the subject is required.
		page.click(".ralom-ticket-form [type=submit]")
		assert (
			page.locator(".ralom-ticket-form .ralom-error[role=alert]").text_content()
			== "Subiectul este obligatoriu."
		)
		page.fill("#ralom-ticket-subject", "Întrebare despre scadența facturii")
		page.select_option("#ralom-ticket-category", "Invoice or payment")
		page.fill("#ralom-ticket-description", "Se poate plăti în două tranșe?")
		page.screenshot(path=str(ARTIFACTS / "ticket-new.png"), full_page=True)
		page.click(".ralom-ticket-form [type=submit]")
		page.wait_for_url(lambda url: "/portal/tickets/TKT-" in url, timeout=30000)
		name = page.url.rsplit("/", 1)[-1]
		assert page.locator("[data-status=Open]").text_content().strip() == "Deschis"
		assert "Se poate plăti în două tranșe?" in page.locator(".ralom-thread").text_content()
		# The reference links back to the invoice it is about.
		assert page.locator(f"a[href='/portal/invoices/{invoice}']").count() >= 1
		page.screenshot(path=str(ARTIFACTS / "ticket-detail.png"), full_page=True)
		page.set_viewport_size({"width": 390, "height": 844})
		page.screenshot(path=str(ARTIFACTS / "ticket-detail-phone.png"), full_page=True)
		page.goto(server.url + "/portal/tickets")
		assert page.locator(f"[data-ticket='{name}']").count() == 1
		page.screenshot(path=str(ARTIFACTS / "tickets-phone.png"), full_page=True)
		page.set_viewport_size({"width": 1280, "height": 900})
		page.screenshot(path=str(ARTIFACTS / "tickets.png"), full_page=True)
	finally:
		context.close()
	frappe.db.rollback()
	doc = frappe.get_doc("Support Ticket", name)
	assert (doc.customer, doc.reference_doctype, doc.reference_name) == (
		CLIENTS[0]["name"],
		"Sales Invoice",
		invoice,
	)
