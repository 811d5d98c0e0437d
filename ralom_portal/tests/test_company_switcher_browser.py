"""The company switcher in Chromium (issue 27): a person in two customers picks the company in the
header, in Romanian, at a desktop's width and a 360 px phone's, and follows a link to a record of their
other company through the switch offer. Screenshots under RALOM_ARTIFACTS/company-switcher."""

import pytest

from ralom_portal.tests import http_actors
from ralom_portal.tests.browser import ARTIFACTS, axe_violations, login

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "company-switcher"


def _first_offer(customer: str) -> str:
	import frappe

	from ralom_portal.access import rules

	return frappe.db.sql(
		f"select name from `tabQuotation` where {rules.quotation((customer,))} order by name limit 1"
	)[0][0]


def _watch(page) -> list:
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
	# A refused switch is told in an alert: it must not happen here.
	page.on("dialog", lambda d: (errors.append(d.message), d.dismiss()))
	return errors


def test_a_person_in_two_companies_switches_in_the_header_and_from_a_link_to_the_other_company(
	server, demo_data, browser
):
	a, c = http_actors.link_two_companies()
	a_offer, c_offer = _first_offer(a), _first_offer(c)
	SHOTS.mkdir(parents=True, exist_ok=True)
	desktop = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ro-RO")
	page = desktop.new_page()
	errors = _watch(page)
	try:
		login(page, server.url, http_actors.TWO_COMPANIES_EMAIL, http_actors.PASSWORD)
		picker = page.locator(".ralom-switcher select")
		picker.wait_for()
		assert page.locator(".ralom-switcher label").inner_text() == "Companie"
		assert picker.locator("option:checked").inner_text() == a
		assert page.locator(".ralom-company").inner_text().strip() == a
		assert not [v for v in axe_violations(page) if "switcher" in str(v["nodes"])]
		page.screenshot(path=str(SHOTS / "desktop-ro.png"))

		# The picker: the page comes back as client C's.
		with page.expect_navigation():
			picker.select_option(c)
		page.wait_for_load_state()
		assert not errors, errors
		page.screenshot(path=str(SHOTS / "after-switch-desktop-ro.png"))
		assert page.locator(".ralom-company").inner_text().strip() == c
		assert page.locator(".ralom-switcher select option:checked").inner_text() == c
		page.goto(server.url + "/portal/offers")
		assert c_offer in page.content() and a_offer not in page.content()

		# A link to client A's offer: the switch offer, then the offer itself.
		page.goto(server.url + f"/portal/offers/{a_offer}")
		offer = page.locator(".ralom-switch-offer")
		offer.wait_for()
		assert a in offer.inner_text() and "Treceți la" in offer.inner_text()
		page.screenshot(path=str(SHOTS / "switch-offer-desktop-ro.png"))
		with page.expect_navigation():
			offer.locator("[data-switch-customer]").click()
		page.wait_for_load_state()
		assert page.locator(".ralom-company").inner_text().strip() == a
		assert page.locator(".ralom-switch-offer").count() == 0
		assert a_offer in page.locator(".ralom-title").inner_text()
		assert not errors, errors
	finally:
		desktop.close()

	phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="ro-RO")
	page = phone.new_page()
	errors = _watch(page)
	try:
		login(page, server.url, http_actors.TWO_COMPANIES_EMAIL, http_actors.PASSWORD)
		picker = page.locator(".ralom-switcher select")
		picker.wait_for()
		# A row of its own under the header's buttons, as wide as the screen allows, the title below it.
		box, title = picker.bounding_box(), page.locator(".ralom-title").bounding_box()
		assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
		assert box["y"] + box["height"] <= title["y"], (box, title)
		assert page.locator(".ralom-topbar").bounding_box()["width"] <= 360
		page.screenshot(path=str(SHOTS / "phone-ro.png"), full_page=True)
		page.goto(server.url + f"/portal/offers/{c_offer}")
		page.locator(".ralom-switch-offer").wait_for()
		page.screenshot(path=str(SHOTS / "switch-offer-phone-ro.png"), full_page=True)
		assert not errors, errors
	finally:
		phone.close()
		http_actors.unlink_two_companies()
