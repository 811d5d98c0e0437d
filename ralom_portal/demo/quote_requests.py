"""Demo quote requests: one in every status for the first client, made through the portal's own logic."""

import frappe
from frappe.utils import add_days, nowdate

from ralom_portal.demo import builders


def load_quote_requests(client: dict) -> None:
	"""Published catalogue items, the generic item, and one quote request in every status for `client`.

	Requests are made through the portal's own logic as the client's first user; staff steps (review,
	quotation, close) as Administrator. Skipped when the client already has requests.
	"""
	from ralom_portal.ralom_portal.doctype.quote_request import quote_request as qr
	from ralom_portal.ralom_portal.doctype.quote_request import submission

	published = ("RP-CONS", "RP-PANOU", "RP-CABLU", "RP-INST", "RP-MENT")
	for code in published:
		if not frappe.db.get_value("Item", code, "ralom_portal_published"):
			frappe.db.set_value("Item", code, "ralom_portal_published", 1)
	if not frappe.db.get_single_value("Client Portal Settings", "generic_item"):
		builders.make_item("RP-GENERIC", name="Articol generic (descriere liberă)", rate=0)
		frappe.db.set_single_value("Client Portal Settings", "generic_item", "RP-GENERIC")

	customer = client["name"]
	if frappe.db.exists("Quote Request", {"customer": customer}):
		return
	user = client["users"][0]["email"]
	today = nowdate()
	plans = [
		# status, lines, delivery option, remarks
		(
			"Submitted",
			[
				{"item_code": "RP-PANOU", "qty": 2},
				{"description": "Întrerupător automat 3P 63A, curbă C", "qty": 4},
			],
			"Delivery to address",
			"Livrare în intervalul 8-16.",
		),
		(
			"In Review",
			[{"item_code": "RP-CABLU", "qty": 250, "line_note": "Tambur întreg"}],
			"Pickup from supplier",
			"",
		),
		(
			"Quoted",
			[{"item_code": "RP-INST", "qty": 1}, {"item_code": "RP-CONS", "qty": 8}],
			"Delivery to address",
			"",
		),
		("Closed", [{"item_code": "RP-MENT", "qty": 12}], "Client's own transport", ""),
		(
			"Cancelled",
			[{"description": "Corp de iluminat LED 60x60, 40W", "qty": 30}],
			"Pickup from supplier",
			"",
		),
	]
	names = {}
	address = None
	for status, lines, option, remarks in plans:
		payload = {
			"items": lines,
			"delivery_option": option,
			"requested_date": add_days(today, 21),
			"remarks": remarks,
			"submission_key": f"demo-{customer[:10]}-{status}".replace(" ", "-"),
		}
		if option == "Delivery to address":
			if address:
				payload["delivery_address"] = address
			else:
				payload["new_address"] = {
					"address_line1": "Str. Industriei nr. 12",
					"city": "Iași",
					"state": "Iași",
					"pincode": "700000",
				}
		frappe.set_user(user)
		try:
			names[status] = submission.create_request(customer, payload)["name"]
			if status == "Cancelled":
				submission.cancel_request(names[status])
		finally:
			frappe.set_user("Administrator")
		address = address or frappe.db.get_value("Quote Request", names[status], "delivery_address")
	for status in ("In Review", "Closed"):
		doc = frappe.get_doc("Quote Request", names[status])
		doc.status = status
		doc.save(ignore_permissions=True)
	quotation = qr.map_to_quotation(names["Quoted"])
	quotation.insert(ignore_permissions=True)
	quotation.submit()
