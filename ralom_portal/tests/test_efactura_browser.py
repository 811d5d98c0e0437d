"""e-Factura in Chromium, in Romanian (issue 28): a demo client filters the invoice list on
"Validată", opens the invoice's e-Factura panel, downloads its XML and ANAF-signed ZIP, and
downloads the period archive."""

import zipfile

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate
from playwright.sync_api import expect

from ralom_portal.tests.browser import ARTIFACTS
from ralom_portal.tests.browser import login as _login

pytestmark = pytest.mark.browser


def _ro(date) -> str:
	return getdate(date).strftime("%d.%m.%Y")


def test_client_sees_the_efactura_panel_and_downloads_the_xml_zip_and_archive(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	client = CLIENTS[0]
	validated = frappe.db.get_value(
		"Sales Invoice",
		{"customer": client["name"], "docstatus": 1, "ralom_efactura_status": "Validated", "is_return": 0},
		["name", "ralom_efactura_upload_index"],
		as_dict=True,
	)
	context = browser.new_context(
		viewport={"width": 1400, "height": 1000}, locale="ro-RO", accept_downloads=True
	)
	page = context.new_page()
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	try:
		_login(page, server.url, logins[client["name"]][0], password)
		page.goto(f"{server.url}/portal/invoices?efactura=Validated")
		page.wait_for_selector("[data-list='invoices'] tr[data-invoice]")
		badges = page.locator("[data-list='invoices'] [data-efactura-status]")
		assert badges.count() >= 1
		assert {badges.nth(i).inner_text().strip() for i in range(badges.count())} == {"Validată"}
		page.screenshot(path=str(ARTIFACTS / "efactura-list.png"), full_page=True)

		page.goto(f"{server.url}/portal/invoices/{validated.name}")
		panel = page.locator("section.ralom-efactura")
		panel.wait_for()
		assert "Validată" in panel.inner_text() and "Index de încărcare" in panel.inner_text()
		assert page.inner_text("[data-efactura-index]").strip() == validated.ralom_efactura_upload_index
		page.screenshot(path=str(ARTIFACTS / "efactura-panel.png"), full_page=True)
		with page.expect_download() as info:
			page.click("[data-action='efactura-xml']")
		xml_path = ARTIFACTS / "efactura.xml"
		info.value.save_as(str(xml_path))
		assert xml_path.read_bytes().startswith(b"<?xml") and validated.name.encode() in xml_path.read_bytes()
		with page.expect_download() as info:
			page.click("[data-action='efactura-zip']")
		zip_path = ARTIFACTS / "efactura-semnat.zip"
		info.value.save_as(str(zip_path))
		assert (
			f"semnatura_{validated.ralom_efactura_upload_index}.xml" in zipfile.ZipFile(zip_path).namelist()
		)

		page.goto(f"{server.url}/portal/invoices")
		form = page.locator("form[data-efactura-archive]")
		form.locator("[data-date-for=start]").fill(_ro(add_days(nowdate(), -360)))
		form.locator("[data-date-for=end]").fill(_ro(nowdate()))
		with page.expect_download() as info:
			form.locator("button[type=submit]").click()
		archive_path = ARTIFACTS / "arhiva-efactura.zip"
		info.value.save_as(str(archive_path))
		names = zipfile.ZipFile(archive_path).namelist()
		stem = f"{validated.name}_{validated.ralom_efactura_upload_index}"
		assert f"{stem}.xml" in names and f"{stem}_semnat.zip" in names
		# A period with nothing sent: the refusal shows beside the form, the page stays.
		form.locator("[data-date-for=start]").fill("01.01.2020")
		form.locator("[data-date-for=end]").fill("31.01.2020")
		form.locator("button[type=submit]").click()
		expect(form.locator("[data-archive-error]")).to_have_text(
			"Nicio factură din această perioadă nu a fost trimisă în e-Factura."
		)
		assert page.url.endswith("/portal/invoices")
		page.screenshot(path=str(ARTIFACTS / "efactura-archive-refused.png"), full_page=True)
		assert not errors, errors
	finally:
		context.close()
