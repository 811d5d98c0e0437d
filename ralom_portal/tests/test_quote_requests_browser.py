"""Quote request form in a real browser: catalogue search, lines, client-side checks, submit."""

import frappe
import pytest

from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_client_fills_the_quote_request_form_and_lands_on_the_new_request(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	email = logins[CLIENTS[0]["name"]][0]
	context = browser.new_context(locale="en-US")
	page = context.new_page()
	try:
		login(page, server.url, email, password)
		page.goto(server.url + "/portal/quote-requests/new")
		# Client-side check: no lines yet.
		page.click(".ralom-qr-form [type=submit]")
		error = page.locator(".ralom-qr-form .ralom-error")
		assert error.is_visible()
		# Catalogue search adds a published item.
		page.fill("#ralom-qr-search", "RP-CABLU")
		page.locator(".ralom-qr-results li[role=option]").first.click()
		page.click("[data-action=add-free]")
		rows = page.locator(".ralom-qr-lines tbody tr")
		assert rows.count() == 2
		rows.nth(0).locator("[name=qty]").fill("120")
		rows.nth(1).locator("[name=description]").fill("Doză de derivație IP55")
		rows.nth(1).locator("[name=qty]").fill("0")
		page.click(".ralom-qr-form [type=submit]")
		assert "quantity" in error.text_content() or "cantitatea" in error.text_content()
		rows.nth(1).locator("[name=qty]").fill("6")
		page.check("input[name=delivery_option][value='Pickup from supplier']")
		page.fill("textarea[name=remarks]", "Test din browser")
		page.screenshot(path=str(ARTIFACTS / "quote-request-form.png"), full_page=True)
		page.click(".ralom-qr-form [type=submit]")
		page.wait_for_url(lambda url: "/portal/quote-requests/CO-" in url, timeout=30000)
		name = page.url.rsplit("/", 1)[-1]
		assert page.locator("[data-status=Submitted]").count() == 1
		page.screenshot(path=str(ARTIFACTS / "quote-request-detail.png"), full_page=True)
	finally:
		context.close()
	frappe.db.rollback()
	doc = frappe.get_doc("Quote Request", name)
	assert doc.customer == CLIENTS[0]["name"]
	assert [(r.item_code, r.qty) for r in doc.items] == [("RP-CABLU", 120), (None, 6)]
