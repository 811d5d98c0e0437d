"""The statement of account in a real browser: a demo client opens it and downloads the PDF."""

import frappe
import pytest

from ralom_portal.tests.browser import ARTIFACTS
from ralom_portal.tests.browser import login as _login

pytestmark = pytest.mark.browser


def test_client_opens_the_statement_and_downloads_the_pdf(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	client = CLIENTS[0]
	context = browser.new_context(
		viewport={"width": 1400, "height": 1000}, locale="ro-RO", accept_downloads=True
	)
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		_login(page, server.url, logins[client["name"]][0], password)
		page.goto(f"{server.url}/portal/invoices")
		page.wait_for_selector("[data-list='invoices'] tr[data-invoice]")
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "invoices.png"), full_page=True)
		unpaid = frappe.db.get_value(
			"Sales Invoice",
			{"customer": client["name"], "docstatus": 1, "is_return": 0, "outstanding_amount": (">", 0)},
		)
		page.click(f"[data-list='invoices'] tr[data-invoice='{unpaid}'] a")
		page.wait_for_selector("section.ralom-invoice [data-transfer]")
		page.screenshot(path=str(ARTIFACTS / "invoice.png"), full_page=True)
		# The copy button puts the IBAN on the clipboard and says so.
		context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
		button = page.locator("[data-transfer] [data-copy]").first
		button.click()
		page.wait_for_function("el => el.textContent.trim() === 'Copiat'", arg=button.element_handle())
		assert page.evaluate("navigator.clipboard.readText()") == button.get_attribute("data-copy")
		page.goto(f"{server.url}/portal/payments")
		page.wait_for_selector("[data-list='payments']")
		page.screenshot(path=str(ARTIFACTS / "payments.png"), full_page=True)
		page.goto(f"{server.url}/portal/invoices")
		page.click("nav.ralom-tabs a[href='/portal/statement']")
		page.wait_for_selector("[data-statement]")
		# The date field takes dates as Romanians write them (public/js/portal/date_inputs.js).
		page.fill("[data-date-for=from]", "01.01.2000")
		assert page.locator("input[type=hidden][name=from]").input_value() == "2000-01-01"
		page.click("form.ralom-filter-form button[type='submit']")
		page.wait_for_selector("[data-statement] tr[data-voucher]")
		assert page.locator("[data-statement] tr[data-voucher]").count() >= 5
		closing = page.inner_text("[data-metric='closing']")
		assert closing.strip()
		assert "Sold final" in page.content()
		page.screenshot(path=str(ARTIFACTS / "statement.png"), full_page=True)

		with page.expect_download() as info:
			page.click("[data-action='statement-pdf-ro']")
		download = info.value
		path = ARTIFACTS / "statement.pdf"
		download.save_as(str(path))
		assert download.suggested_filename.startswith("statement-") and download.suggested_filename.endswith(
			".pdf"
		)
		assert path.read_bytes().startswith(b"%PDF")
		assert not errors, errors
	finally:
		context.close()


# Each statement cell a phone must show without swiping: its Romanian label (from data-label, drawn by
# CSS) and its box.
_CELLS = """els => els.map(e => { const r = e.getBoundingClientRect();
	return {label: getComputedStyle(e, '::before').content, text: e.innerText.trim(), left: r.left,
		right: r.right, shown: r.width > 0}; })"""


def test_the_statement_reads_on_a_360_px_phone_without_sideways_scrolling(server, demo_logins, browser):
	"""At 360 px each statement line is a card: Debit, Credit and Balance labelled in Romanian and on
	the screen, the page no wider than the phone; the ageing too."""
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	context = browser.new_context(viewport={"width": 360, "height": 780}, locale="ro-RO")
	page = context.new_page()
	try:
		_login(page, server.url, logins[CLIENTS[0]["name"]][0], password)
		page.goto(f"{server.url}/portal/statement?from=2000-01-01")
		page.wait_for_selector("[data-statement] tr[data-voucher]")
		ARTIFACTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(ARTIFACTS / "statement-360.png"), full_page=True)
		assert page.evaluate("document.documentElement.scrollWidth") <= 360
		table = page.evaluate(
			"() => { const t = document.querySelector('[data-statement]');"
			" return {scroll: t.scrollWidth, client: t.clientWidth}; }"
		)
		assert table["scroll"] <= table["client"], table
		cells = page.eval_on_selector_all("[data-statement] tr[data-voucher] td.num", _CELLS)
		shown = [c for c in cells if c["shown"]]
		assert {c["label"] for c in shown} >= {'"Debit"', '"Credit"', '"Sold"'}, shown
		assert all(0 <= c["left"] and c["right"] <= 360 for c in shown), shown
		# Every line shows its balance; an empty debit or credit is left out, not shown blank.
		lines = page.locator("[data-statement] tr[data-voucher]").count()
		assert len([c for c in shown if c["label"] == '"Sold"']) == lines
		assert all(c["text"] for c in shown), shown
		closing = page.eval_on_selector_all("[data-metric=closing]", _CELLS)[0]
		assert closing["label"] == '"Sold"' and closing["right"] <= 360, closing
		ageing = page.eval_on_selector_all("[data-ageing] td", _CELLS)
		assert len(ageing) == 6 and all(c["shown"] and c["right"] <= 360 for c in ageing), ageing
		assert ageing[0]["label"] == '"Nescadent"' and ageing[-1]["label"] == '"Total"', ageing
	finally:
		context.close()
