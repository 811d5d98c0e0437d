"""Shipments in a real browser, in Romanian: the list (late ones marked, tracking links) and the
timeline of a shipment out for delivery, at desktop and phone width."""

import frappe
import pytest

from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def test_client_follows_a_shipment_on_its_timeline(server, demo_logins, browser):
	from ralom_portal.demo.dataset import CLIENTS

	logins, password = demo_logins
	email = logins[CLIENTS[0]["name"]][0]  # a Romanian-speaking user
	name = frappe.db.get_value(
		"Customer Shipment", {"customer": CLIENTS[0]["name"], "status": "Out for Delivery"}
	)
	context = browser.new_context(locale="ro-RO", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	try:
		login(page, server.url, email, password)
		page.goto(server.url + "/portal/shipments")
		assert page.locator(".ralom-nav a.active").text_content().strip() == "Expedieri"
		assert (
			page.locator(f"[data-shipment='{name}'] [data-status]").text_content().strip()
			== "În curs de livrare"
		)
		assert page.locator("[data-late]").count() >= 1
		link = page.locator("a[data-tracking]").first
		assert link.get_attribute("href").startswith("https://")
		assert link.get_attribute("rel") == "noopener noreferrer"
		page.screenshot(path=str(ARTIFACTS / "shipments.png"), full_page=True)
		page.click(f"[data-shipment='{name}'] a")
		page.wait_for_url(lambda url: url.endswith(f"/portal/shipments/{name}"), timeout=30000)
		events = page.locator("[data-timeline] [data-event-status]")
		assert events.count() == 4
		texts = [events.nth(i).locator(".ralom-badge").text_content().strip() for i in range(4)]
		assert texts == ["În pregătire", "Expediat", "În tranzit", "În curs de livrare"]
		assert "Curierul vă va suna înainte de livrare." in page.locator("[data-timeline]").text_content()
		assert page.locator("[data-action=confirm-receipt]").text_content().strip() == "Confirm primirea"
		page.screenshot(path=str(ARTIFACTS / "shipment-detail.png"), full_page=True)
		page.set_viewport_size({"width": 390, "height": 844})
		page.screenshot(path=str(ARTIFACTS / "shipment-detail-phone.png"), full_page=True)
		page.goto(server.url + "/portal/shipments")
		page.screenshot(path=str(ARTIFACTS / "shipments-phone.png"), full_page=True)
		# Client-side check first: an empty problem report is not sent.
		page.goto(f"{server.url}/portal/shipments/{name}")
		page.click("[data-action=report-problem]")
		assert page.locator(".ralom-error[role=alert]").text_content() == "Vă rugăm să descrieți problema."
	finally:
		context.close()


def test_staff_update_a_shipment_status_from_the_desk_form(server, browser):
	# The desk side's "Update status" dialog (public/js/shipment_status.js) in a real desk, in Romanian:
	# it offers the DocType's statuses but Cancelled, and records the move and its location.
	from ralom_portal.ralom_portal.doctype.customer_shipment.customer_shipment import STATUSES
	from ralom_portal.tests import factories

	email, password = "staff-shipments-desk@ralom.ro", "Staff#Desk2026"
	factories.committed_staff_user(email, password, roles=("Stock User",))
	frappe.db.set_value("User", email, "language", "ro")
	customer = factories.customer()
	shipment = factories.shipment(customer.name, status="Shipped")
	frappe.db.commit()
	context = browser.new_context(viewport={"width": 1280, "height": 900})
	page = context.new_page()
	try:
		login(page, server.url, email, password)
		page.goto(f"{server.url}/app/customer-shipment/{shipment.name}")
		page.locator(".page-actions button", has_text="Actualizează starea").click()
		select = page.locator(".modal.show select[data-fieldname=status]")
		select.wait_for()
		options = [o for o in select.locator("option").evaluate_all("os => os.map(o => o.value)") if o]
		assert options == [s for s in STATUSES if s != "Cancelled"]
		# Worded as the form's own Status field words them (in Romanian here), and as the workspace's
		# "Expedieri în tranzit" card does: the app's words, not ERPNext's "În trecere".
		labels = select.locator("option").all_text_contents()
		assert labels[0] == "În pregătire" and not set(labels) & set(STATUSES)
		assert "În tranzit" in labels and "Excepție" in labels
		select.select_option("In Transit")
		page.locator(".modal.show input[data-fieldname=location]").fill("Depozit Cluj")
		page.locator(".modal.show .btn-primary").click()
		page.wait_for_selector(".modal.show", state="detached", timeout=30000)
		frappe.db.rollback()
		doc = frappe.get_doc("Customer Shipment", shipment.name)
		assert doc.status == "In Transit"
		assert (doc.events[-1].status, doc.events[-1].location) == ("In Transit", "Depozit Cluj")
		page.screenshot(path=str(ARTIFACTS / "staff-shipment-update-status.png"), full_page=True)
	finally:
		context.close()
		frappe.db.rollback()
		frappe.delete_doc("Customer Shipment", shipment.name, force=True, ignore_permissions=True)
		frappe.delete_doc("Customer", customer.name, force=True, ignore_permissions=True)
		frappe.db.commit()
