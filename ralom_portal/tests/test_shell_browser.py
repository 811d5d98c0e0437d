"""The portal shell in a real browser: log in, land on the portal, switch language, phone width."""

import pytest

from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD
from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_client_logs_in_lands_on_the_portal_and_switches_language_on_a_phone(server, demo_data, browser):
	import frappe

	client = CLIENTS[0]
	email = client["users"][1]["email"]
	frappe.db.set_value("User", email, "language", "ro")  # as the demo data has it
	frappe.db.commit()
	context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ro-RO")
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	# The portal's Content-Security-Policy must not block anything the pages use.
	page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
	try:
		login(page, server.url, email, DEMO_PASSWORD)
		assert page.url.rstrip("/").endswith("/portal"), page.url
		page.wait_for_selector(".ralom-portal")
		assert page.locator(".ralom-title").inner_text() == "Tablou de bord"

		# Phone width: the sidebar is folded behind the menu button.
		assert not page.locator(".ralom-sidebar").is_visible()
		page.click(".ralom-burger")
		assert page.locator(".ralom-sidebar").is_visible()
		assert client["name"] in page.locator(".ralom-company").inner_text()
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "portal-phone-ro.png"), full_page=True)

		page.click(".ralom-lang [data-lang='en']")
		# Selector waits, not wait_for_function: that evaluates a string, which the portal's CSP forbids.
		page.wait_for_selector(".ralom-title:text-is('Dashboard')")
		page.click(".ralom-lang [data-lang='ro']")
		page.wait_for_selector(".ralom-title:text-is('Tablou de bord')")
		assert not errors, errors
	finally:
		context.close()
		frappe.db.set_value("User", email, "language", "ro")
		frappe.db.commit()


def test_client_edits_their_profile_and_logs_out_through_the_user_menu(server, demo_data, browser):
	"""The Frappe pages a website user needs get through the request gate."""
	import frappe

	email = CLIENTS[2]["users"][1]["email"]
	context = browser.new_context(viewport={"width": 1200, "height": 900})
	page = context.new_page()
	refused = []
	page.on("response", lambda r: refused.append((r.status, r.url)) if r.status in (403, 500) else None)
	page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
	try:
		login(page, server.url, email, DEMO_PASSWORD)
		page.click(".ralom-user summary")
		page.click(".ralom-user a[href^='/update-profile/']")
		page.wait_for_selector("input[data-fieldname='phone']")
		page.fill("input[data-fieldname='phone']", "0740123456")
		# The web form posts `cmd=…web_form.accept` (the legacy RPC path, which the gate also guards).
		with page.expect_response(
			lambda r: r.request.method == "POST" and "web_form.accept" in (r.request.post_data or "")
		) as saved:
			page.locator(".web-form-actions .btn-primary, button.submit-btn").first.click()
		assert saved.value.status == 200
		frappe.db.rollback()  # see what the server committed
		assert frappe.db.get_value("User", email, "phone") == "0740123456"

		page.goto(server.url + "/portal")
		page.click(".ralom-user summary")
		page.click(".ralom-user a[href='/?cmd=web_logout']")
		page.wait_for_load_state()
		page.goto(server.url + "/portal")
		assert "/login" in page.url
		assert not refused, refused
	finally:
		context.close()
		frappe.db.set_value("User", email, "phone", None)
		frappe.db.commit()
