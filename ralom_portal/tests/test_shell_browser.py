"""The portal shell in a real browser: log in, land on the portal, switch language, phone width."""

import pytest

from ralom_portal.demo.dataset import CLIENTS, DEMO_PASSWORD
from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_client_logs_in_lands_on_the_portal_and_switches_language_on_a_phone(server, demo_data, browser):
	client = CLIENTS[0]
	context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ro-RO")
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		login(page, server.url, client["users"][1]["email"], DEMO_PASSWORD)
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
		page.wait_for_function("document.querySelector('.ralom-title').innerText === 'Dashboard'")
		page.click(".ralom-lang [data-lang='ro']")
		page.wait_for_function("document.querySelector('.ralom-title').innerText === 'Tablou de bord'")
		assert not errors, errors
	finally:
		context.close()
