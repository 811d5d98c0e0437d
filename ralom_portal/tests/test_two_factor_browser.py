"""Two-factor sign-in in Chromium, in Romanian: password, a wrong code, the e-mailed code, the dashboard."""

import pytest

from ralom_portal.access import login_limits
from ralom_portal.tests.browser import ARTIFACTS
from ralom_portal.tests.two_factor_world import PASSWORD, emailed_code, make_client, two_factor_on

pytestmark = pytest.mark.browser

# Frappe's own words on its code form (login.js and frappe/twofactor.py), none of which may show.
ENGLISH = ("Verification", "Verify", "Success", "has been sent", "registered email", "Login", "Invalid")


def test_a_client_signs_in_in_romanian_with_the_emailed_code(server, demo_data, browser):
	(ARTIFACTS / "two-factor").mkdir(parents=True, exist_ok=True)
	login_limits.disable_frappe_lockout()
	with two_factor_on("Email"):
		email = make_client()
		context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
		page = context.new_page()
		errors = []
		page.on("pageerror", lambda e: errors.append(str(e)))
		try:
			page.goto(server.url + "/login")
			page.fill("#login_email", email)
			page.fill("#login_password", PASSWORD)
			page.click(".btn-login")
			page.wait_for_selector("#login_token", timeout=30000)

			step = page.inner_text("section.for-login")
			assert "Codul de verificare a fost trimis la adresa dvs. de e-mail." in step, step
			assert "Verificare" in step and "Verifică" in step, step
			assert not [word for word in ENGLISH if word in step], step
			assert page.get_attribute("#login_token", "placeholder") == "Cod de verificare"
			page.screenshot(path=str(ARTIFACTS / "two-factor" / "01-code-step.png"), full_page=True)

			# A wrong code: refused with the server's message, in Romanian, under the field.
			code = emailed_code(email)
			page.fill("#login_token", "000000" if code != "000000" else "111111")
			page.click("#verify_token")
			page.wait_for_selector(".ralom-code-error", timeout=30000)
			assert page.inner_text(".ralom-code-error") == "Codul de verificare nu este corect."
			step = page.inner_text("section.for-login")
			assert not [word for word in ENGLISH if word in step], step
			page.screenshot(path=str(ARTIFACTS / "two-factor" / "02-wrong-code.png"), full_page=True)

			page.fill("#login_token", code)
			page.click("#verify_token")
			page.wait_for_url(lambda url: "/login" not in url, timeout=30000)
			assert page.url.rstrip("/").endswith("/portal"), page.url
			assert page.locator(".ralom-title").inner_text() == "Tablou de bord"
			page.screenshot(path=str(ARTIFACTS / "two-factor" / "03-dashboard.png"), full_page=True)
			assert not errors, errors
		finally:
			context.close()
			login_limits.frappe.cache.hdel(login_limits.CACHE_KEY, email)
