"""Demo shipments: real Delivery Notes of demo orders, each made into a shipment by the portal's own
Delivery Note hook, then moved along the way by staff steps (timeline events with places, a
carrier with a tracking page, a proof of delivery, an invoice made from a delivered note).
Client A gets one shipment in every status, the others a few. Idempotent: skipped for a client
that already has shipments."""

from __future__ import annotations

import frappe
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from ralom_portal.demo import builders

CARRIERS = [
	# name, tracking URL template
	("FAN Courier", "https://www.fancourier.ro/awb-tracking/?awb={tracking}"),
	("Cargus", "https://www.cargus.ro/tracking-online/?t={tracking}"),
	("Transport propriu RALOM", None),
]
# Steps from Preparing: (status, location, note); the last step is the shipment's status.
ROUTE = [
	("Shipped", "Depozit RALOM, Iași", "Coletul a fost predat curierului."),
	("In Transit", "Hub regional Bacău", None),
	("Out for Delivery", "Sediul dumneavoastră", "Curierul vă va suna înainte de livrare."),
	("Delivered", "Sediul dumneavoastră", "Recepționat de magazioner."),
]
PLANS = [
	# status, days since shipping, days until expected delivery (from today), carrier, items
	("Preparing", 0, 5, None, [("RP-PANOU", 2, 3200)]),
	("Shipped", 1, 2, "FAN Courier", [("RP-CABLU", 200, 6.5), ("RP-PANOU", 1, 3200)]),
	("In Transit", 3, -1, "Cargus", [("RP-CABLU", 100, 6.5)]),
	("Out for Delivery", 2, 0, "FAN Courier", [("RP-PANOU", 1, 3200)]),
	("Delivered", 12, -8, "Transport propriu RALOM", [("RP-PANOU", 3, 3200), ("RP-CABLU", 150, 6.5)]),
	("Exception", 6, -2, "Cargus", [("RP-CABLU", 50, 6.5)]),
	("Returned", 20, -15, "FAN Courier", [("RP-PANOU", 1, 3200)]),
]
OTHERS = ("Shipped", "In Transit", "Delivered")


def ensure_carriers() -> None:
	for name, template in CARRIERS:
		if not frappe.db.exists("Shipment Carrier", name):
			frappe.get_doc(
				{"doctype": "Shipment Carrier", "carrier_name": name, "tracking_url_template": template}
			).insert(ignore_permissions=True)


def make_sales_order(customer: str, items, *, transaction_date=None, delivery_date=None):
	transaction_date = getdate(transaction_date or nowdate())
	delivery_date = getdate(delivery_date or add_days(transaction_date, 14))
	order = frappe.get_doc(
		{
			"doctype": "Sales Order",
			"customer": customer,
			"company": builders.default_company(),
			"transaction_date": transaction_date,
			"delivery_date": max(delivery_date, transaction_date),
			"currency": "RON",
			"items": [
				{
					"item_code": code,
					"qty": qty,
					"rate": rate,
					"delivery_date": max(delivery_date, transaction_date),
				}
				for code, qty, rate in items
			],
		}
	)
	order.insert(ignore_permissions=True)
	order.submit()
	return order


def make_delivery_note(order: str, *, posting_date=None, submit: bool = True):
	"""A Delivery Note for the whole of `order`, mapped by ERPNext, submitted (which makes the shipment)."""
	from erpnext.selling.doctype.sales_order.sales_order import make_delivery_note as map_note

	note = map_note(order)
	note.set_posting_time = 1
	note.posting_date = getdate(posting_date or nowdate())
	note.insert(ignore_permissions=True)
	if submit:
		note.submit()
	return note


def shipment_of(note: str) -> str | None:
	return frappe.db.get_value(
		"Customer Shipment Document", {"link_doctype": "Delivery Note", "link_name": note}, "parent"
	)


def advance(shipment: str, status: str, *, carrier=None, tracking=None, start=None) -> None:
	"""Move a Preparing shipment along ROUTE up to `status`, one timeline event per step."""
	doc = frappe.get_doc("Customer Shipment", shipment)
	doc.carrier = carrier
	doc.tracking_number = tracking
	doc.save(ignore_permissions=True)
	order = [s[0] for s in ROUTE]
	steps = ROUTE[: order.index(status) + 1] if status in order else ROUTE[:2]
	when = start or now_datetime()
	for step_status, location, note in steps:
		_move(shipment, step_status, location, note)
	if status == "Exception":
		_move(shipment, "Exception", "Hub regional Bacău", "Adresa de livrare incompletă; vă contactăm.")
	elif status == "Returned":
		_move(shipment, "Exception", "Hub regional Bacău", "Destinatar absent de două ori.")
		_move(shipment, "Returned", "Depozit RALOM, Iași", "Coletul a revenit în depozit.")
	# Spread the events over the days since shipping (oldest first), so the timeline reads naturally.
	events = frappe.db.sql_list(
		"""select name from `tabCustomer Shipment Event`
		where parent = %s and parenttype = 'Customer Shipment' order by idx""",
		shipment,
	)
	gap = max(1, int((now_datetime() - when).total_seconds() // max(len(events), 1)))
	for i, event in enumerate(events):
		frappe.db.set_value(
			"Customer Shipment Event",
			event,
			"event_time",
			add_to_date(when, seconds=gap * i),
			update_modified=False,
		)


def _move(shipment: str, status: str, location: str | None, note: str | None) -> None:
	doc = frappe.get_doc("Customer Shipment", shipment)
	doc.status = status
	doc.current_location = location
	doc.flags.event = {"location": location, "note": note}
	doc.flags.silent = True  # demo data e-mails nobody
	doc.save(ignore_permissions=True)


def load_shipments(client: dict, index: int) -> None:
	customer = client["name"]
	ensure_carriers()
	if frappe.db.exists("Customer Shipment", {"customer": customer}):
		return
	today = getdate(nowdate())
	plans = PLANS if index == 0 else [p for p in PLANS if p[0] in OTHERS]
	for n, (status, days_ago, expected_in, carrier, items) in enumerate(plans):
		shipped = add_days(today, -days_ago)
		order = make_sales_order(
			customer,
			items,
			transaction_date=add_days(shipped, -3),
			delivery_date=add_days(today, expected_in),
		)
		note = make_delivery_note(order.name, posting_date=shipped)
		shipment = shipment_of(note.name)
		frappe.db.set_value(
			"Customer Shipment", shipment, "expected_delivery_date", add_days(today, expected_in)
		)
		if status == "Preparing":
			continue
		tracking = f"{2026000000 + index * 1000 + n}" if carrier != "Transport propriu RALOM" else None
		advance(
			shipment,
			status,
			carrier=carrier,
			tracking=tracking,
			start=add_to_date(now_datetime(), days=-days_ago),
		)
		if status == "Delivered":
			frappe.db.set_value("Customer Shipment", shipment, "actual_delivery_date", add_days(today, -1))
			_proof_and_invoice(shipment, note.name)


def _proof_and_invoice(shipment: str, note: str) -> None:
	"""The signed delivery note as proof of delivery, and the invoice made from the note."""
	from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice

	proof = builders.make_file("Customer Shipment", shipment, f"aviz-semnat-{shipment}.pdf", _PROOF_PDF)
	frappe.db.set_value("Customer Shipment", shipment, "proof_of_delivery", proof.file_url)
	frappe.db.set_value("File", proof.name, "attached_to_field", "proof_of_delivery")
	invoice = make_sales_invoice(note)
	invoice.set_posting_time = 1
	invoice.posting_date = nowdate()
	invoice.due_date = add_days(nowdate(), 30)
	invoice.payment_schedule = []
	invoice.insert(ignore_permissions=True)
	invoice.submit()


_PROOF_PDF = (
	b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
	b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
