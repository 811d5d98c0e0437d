"""The whole client journey in one browser session, in Romanian, with a screenshot of every page.

The client's steps happen in Chromium: registering, logging in, the dashboard, a quote request,
accepting the offer, following the shipment, the invoice and the statement, a ticket about the
invoice, the files and signing a contract. Staff's steps between them run through the same
functions the desk buttons call (approve the request, quote, deliver, invoice, record the payment,
reply, send the contract), and are committed so the server sees them.
"""

import frappe
import pytest

from ralom_portal.tests.browser import ARTIFACTS, login

pytestmark = pytest.mark.browser


def _shot(page, n: int, name: str) -> None:
	page.screenshot(path=str(ARTIFACTS / "journey" / f"{n:02d}-{name}.png"), full_page=True)


def test_a_new_client_goes_through_every_section(server, demo_data, browser):
	from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice
	from frappe.utils.password import update_password

	from ralom_portal.api import registration
	from ralom_portal.demo import builders
	from ralom_portal.demo.shipments import advance, make_delivery_note, shipment_of
	from ralom_portal.ralom_portal.doctype.quote_request.quote_request import map_to_quotation
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation
	from ralom_portal.tests.registration_world import _form

	(ARTIFACTS / "journey").mkdir(parents=True, exist_ok=True)
	frappe.cache.delete_keys("rl:ralom_portal.api.")
	data = _form()
	password = "Jurn3u#Portal2026"
	context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ro-RO")
	page = context.new_page()
	page.on("dialog", lambda dialog: dialog.accept())
	errors = []
	page.on("pageerror", lambda e: errors.append(str(e)))
	try:
		# 1. Registration (guest).
		page.goto(server.url + "/portal/register")
		for field in ("full_name", "email", "company_name", "tax_id", "phone"):
			page.fill(f".ralom-register-form [name={field}]", data[field])
		page.check("#reg-consent")
		_shot(page, 1, "register")
		page.click(".ralom-register-form [type=submit]")
		page.wait_for_selector(".ralom-register-done:not([hidden])", timeout=30000)
		_shot(page, 2, "registered")

		# 2. Staff approve the request; the client sets a password from the welcome e-mail.
		frappe.db.rollback()
		request = frappe.db.get_value("Portal Access Request", {"email": data["email"]})
		assert request, "the registration wrote an access request"
		customer = registration.approve(request)["customer"]
		update_password(data["email"], password)
		frappe.db.commit()

		# 3. First login lands on the dashboard.
		login(page, server.url, data["email"], password)
		assert page.url.rstrip("/").endswith("/portal"), page.url
		assert data["company_name"] in page.inner_text(".ralom-company")
		assert page.locator(".ralom-title").inner_text() == "Tablou de bord"
		_shot(page, 3, "dashboard")

		# 4. A quote request.
		page.goto(server.url + "/portal/quote-requests/new")
		page.fill("#ralom-qr-search", "RP-PANOU")
		page.locator(".ralom-qr-results li[role=option]").first.click()
		page.locator(".ralom-qr-lines tbody tr").nth(0).locator("[name=qty]").fill("3")
		page.check("input[name=delivery_option][value='Pickup from supplier']")
		_shot(page, 4, "quote-request-form")
		page.click(".ralom-qr-form [type=submit]")
		page.wait_for_url(lambda url: "/portal/quote-requests/CO-" in url, timeout=30000)
		quote_request = page.url.rsplit("/", 1)[-1]
		_shot(page, 5, "quote-request")

		# 5. Staff turn it into a quotation; the client accepts it with one click.
		frappe.db.rollback()
		quotation = map_to_quotation(quote_request)
		quotation.insert(ignore_permissions=True)
		quotation.submit()
		frappe.db.commit()
		page.goto(f"{server.url}/portal/offers/{quotation.name}")
		_shot(page, 6, "offer")
		page.click("[data-action=accept]")
		page.wait_for_selector("[data-offer-status=Accepted]", timeout=30000)
		_shot(page, 7, "offer-accepted")

		# 6. Staff confirm the order and deliver it: the delivery note makes the shipment.
		frappe.db.rollback()
		order = frappe.get_doc(
			"Sales Order",
			frappe.db.get_value("Portal Offer Decision", {"quotation": quotation.name}, "sales_order"),
		)
		order.submit()
		note = make_delivery_note(order.name)
		shipment = shipment_of(note.name)
		advance(shipment, "Delivered", tracking="AWB123456")
		frappe.db.commit()
		page.goto(f"{server.url}/portal/shipments/{shipment}")
		assert page.locator("[data-timeline] [data-event-status=Delivered]").count() >= 1
		_shot(page, 8, "shipment")
		page.click("[data-action=confirm-receipt]")
		page.wait_for_selector("[data-action=confirm-receipt]", state="detached", timeout=30000)

		# 7. The invoice, a payment, the statement.
		frappe.db.rollback()
		invoice = make_sales_invoice(order.name)
		invoice.insert(ignore_permissions=True)
		invoice.submit()
		builders.make_payment(invoice.name, invoice.grand_total / 2)
		frappe.db.commit()
		page.goto(f"{server.url}/portal/invoices/{invoice.name}")
		assert page.locator("[data-invoice-status='Partly Paid']").count() == 1
		_shot(page, 9, "invoice")
		page.goto(server.url + "/portal/statement")
		assert invoice.name in page.inner_text(".ralom-statement")
		_shot(page, 10, "statement")

		# 8. A ticket about the invoice, and staff's reply.
		page.goto(f"{server.url}/portal/invoices/{invoice.name}")
		page.click("[data-action=ask-about]")
		page.wait_for_url(lambda url: "/portal/tickets/new" in url, timeout=30000)
		page.fill("#ralom-ticket-subject", "Plata în două tranșe")
		page.select_option("#ralom-ticket-category", "Invoice or payment")
		page.fill("#ralom-ticket-description", "Putem achita restul luna viitoare?")
		page.click(".ralom-ticket-form [type=submit]")
		page.wait_for_url(lambda url: "/portal/tickets/TKT-" in url, timeout=30000)
		ticket = page.url.rsplit("/", 1)[-1]
		frappe.db.rollback()
		conversation.staff_reply(ticket, "Da, până la sfârșitul lunii.")
		frappe.db.commit()
		page.reload()
		assert "Da, până la sfârșitul lunii." in page.inner_text(".ralom-thread")
		_shot(page, 11, "ticket")

		# 9. The files the company shares.
		frappe.db.rollback()
		builders.make_file("Customer", customer, "Fișă tehnică panou.pdf", b"%PDF-1.4\n%%EOF\n", shared=True)
		frappe.db.commit()
		page.goto(server.url + "/portal/files")
		assert "Fișă tehnică panou" in page.inner_text(".ralom-content")
		_shot(page, 12, "files")

		# 10. A contract, signed online.
		contract = builders.make_contract(
			customer, terms="<p>Contract de furnizare și montaj.</p>", submit=False, sent=True
		)
		frappe.db.commit()
		page.goto(f"{server.url}/portal/contracts/{contract.name}")
		page.fill("#ralom-sign-name", data["full_name"])
		page.check(".ralom-sign-form input[name=accept]")
		page.click("[data-action=sign]")
		page.wait_for_selector(f"[data-fact=signed]:has-text('{data['full_name']}')", timeout=30000)
		_shot(page, 13, "contract-signed")

		# Back on the dashboard: the offer, the shipment and the contract are handled; what still waits
		# is the rest of the invoice and the ticket staff answered.
		page.goto(server.url + "/portal")
		waiting = page.eval_on_selector_all("[data-action-kind]", "els => els.map(e => e.dataset.actionKind)")
		assert sorted(waiting) == ["invoice", "ticket"], waiting
		_shot(page, 14, "dashboard-after")
		assert not errors, errors
	finally:
		context.close()
		frappe.db.rollback()
