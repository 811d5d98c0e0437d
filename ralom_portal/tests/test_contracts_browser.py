"""Signing a contract in a real browser: a demo client types their name, ticks, signs."""

import frappe
import pytest

from ralom_portal.demo import builders
from ralom_portal.tests.browser import ARTIFACTS
from ralom_portal.tests.browser import login as _login

pytestmark = pytest.mark.browser


def test_demo_client_signs_a_contract_in_the_browser(server, demo_logins, browser):
	from ralom_portal.tests.contracts_world import _purge, _reset_rate_limit

	logins, password = demo_logins
	customer, users = list(logins.items())[0]
	contract = builders.make_contract(
		customer,
		terms="<p>Contract de service anual.</p><ul><li>Intervenție în 24 de ore</li></ul>",
		submit=False,
		sent=True,
	)
	frappe.db.commit()
	_reset_rate_limit()
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		_login(page, server.url, users[0], password)
		page.goto(f"{server.url}/portal/contracts")
		assert "Așteaptă semnătura dumneavoastră" in page.inner_text(".ralom-contracts")
		page.screenshot(path=str(ARTIFACTS / "contracts-list.png"), full_page=True)
		page.goto(f"{server.url}/portal/contracts/{contract.name}")
		page.wait_for_selector(".ralom-sign-form")
		# Unticked acceptance: the page says so and nothing is sent.
		page.fill("#ralom-sign-name", "Andrei Popescu")
		page.click("[data-action=sign]")
		assert "bifați" in page.inner_text(".ralom-sign-form .ralom-error")
		page.check(".ralom-sign-form input[name=accept]")
		page.screenshot(path=str(ARTIFACTS / "contract-sign.png"), full_page=True)
		page.click("[data-action=sign]")
		page.wait_for_selector("[data-fact=signed]:has-text('Andrei Popescu')", timeout=30000)
		assert page.locator(".ralom-sign-form").count() == 0
		page.screenshot(path=str(ARTIFACTS / "contract-signed.png"), full_page=True)
		page.set_viewport_size({"width": 390, "height": 844})
		page.screenshot(path=str(ARTIFACTS / "contract-signed-phone.png"), full_page=True)
		page.goto(f"{server.url}/portal/contracts")
		page.screenshot(path=str(ARTIFACTS / "contracts-list-phone.png"), full_page=True)
		frappe.db.rollback()
		assert frappe.db.get_value("Contract", contract.name, ["is_signed", "signee"]) == (
			1,
			"Andrei Popescu",
		)
		assert (
			frappe.db.get_value("Portal Contract Signature", {"contract": contract.name}, "user") == users[0]
		)
		assert not errors, errors
	finally:
		context.close()
		frappe.db.rollback()
		_purge([contract.name])
