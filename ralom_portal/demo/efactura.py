"""Builders for e-Factura: a customer's billing address (what CIUS-RO needs of the buyer)."""

from __future__ import annotations

import frappe


def make_billing_address(
	customer: str,
	*,
	street: str = "Bd. Carol I nr. 11",
	city: str = "Iași",
	state: str | None = "Iași",
	pincode: str = "700506",
	country: str = "Romania",
):
	"""The customer's primary billing address (ERPNext puts it on new invoices)."""
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": customer,
			"address_type": "Billing",
			"address_line1": street,
			"city": city,
			"state": state,
			"pincode": pincode,
			"country": country,
			"is_primary_address": 1,
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	)
	address.insert(ignore_permissions=True)
	return address


# Demo clients' billing addresses: one in Iași, one in Bucharest (a sector as the city), one in Cluj.
DEMO_ADDRESSES = [
	{"street": "Bd. Carol I nr. 11", "city": "Iași", "state": "Iași", "pincode": "700506"},
	{
		"street": "Str. Lipscani nr. 10",
		"city": "București, Sector 3",
		"state": "București",
		"pincode": "030031",
	},
	{"street": "Str. Memorandumului nr. 28", "city": "Cluj-Napoca", "state": "Cluj", "pincode": "400114"},
]
# The demo invoices' e-Factura states, oldest invoice first (credit notes are validated): every
# state appears for every demo client, without calling ANAF. The demo lines carry no VAT, so they are
# stated as exempt, with a reason that says it is demo data.
DEMO_STATES = ("Validated", "Validated", "Rejected", "In Progress")
DEMO_EXEMPTION = "Scutit de TVA (date demo)"
DEMO_SIGNATURE = (
	"<!-- Demo data: made by the portal's demo loader, NOT signed by ANAF. -->"
	'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/>'
	"<SignatureValue>REVNTy1OT1QtQU5BRg==</SignatureValue></Signature>"
)


def load(client: dict, index: int) -> None:
	"""A billing address for the demo client and e-Factura states on its invoices (idempotent)."""
	customer = client["name"]
	linked = {"link_doctype": "Customer", "link_name": customer, "parenttype": "Address"}
	if not frappe.db.exists("Dynamic Link", linked):
		make_billing_address(customer, **DEMO_ADDRESSES[index % len(DEMO_ADDRESSES)])
	invoices = frappe.get_all(
		"Sales Invoice",
		filters={"customer": customer, "docstatus": 1},
		fields=["name", "is_return", "ralom_efactura_upload_index"],
		order_by="posting_date asc, name asc",
	)
	if any(i.ralom_efactura_upload_index for i in invoices):
		return
	states = iter(DEMO_STATES)
	for n, row in enumerate(invoices):
		state = "Validated" if row.is_return else next(states, "Not Sent")
		doc = frappe.get_doc("Sales Invoice", row.name)
		doc.db_set(
			{"ralom_vat_category": "E", "ralom_vat_exemption_reason": DEMO_EXEMPTION}, update_modified=False
		)
		if state != "Not Sent":
			seed(doc, state, f"{5009000000 + index * 100 + n}")


def seed(doc, state: str, upload_index: str) -> None:
	"""Give a submitted invoice an e-Factura state as if ANAF had answered, with its real XML and,
	when validated, a demo "signed" ZIP whose signature says it is demo data. Never polled: its next
	check lies far ahead, so the scheduler never asks ANAF about an index ANAF never gave."""
	import io
	import zipfile

	from frappe.utils import add_years, now_datetime

	from ralom_portal.efactura import checks, transmit

	if state == transmit.NOT_SENT:
		return
	xml, _problems = checks.prepare(doc)
	values = {
		"status": state,
		"upload_index": upload_index,
		"uploaded_on": now_datetime(),
		"xml": transmit.store_file(doc, "xml", f"efactura-{doc.name}.xml", xml),
		"next_poll": add_years(now_datetime(), 50),
	}
	if state == transmit.VALIDATED:
		buffer = io.BytesIO()
		with zipfile.ZipFile(buffer, "w") as archive:
			archive.writestr(f"{upload_index}.xml", xml)
			archive.writestr(f"semnatura_{upload_index}.xml", DEMO_SIGNATURE)
		name = f"efactura-{doc.name}-{upload_index}.zip"
		values.update(
			validated_on=now_datetime(),
			download_id=str(int(upload_index) + 1000),
			signed_zip=transmit.store_file(doc, "signed_zip", name, buffer.getvalue()),
		)
	if state == transmit.REJECTED:
		values["errors"] = "E: [BR-RO-110] Subdiviziunea țării lipsește (date demo)"
	transmit.record(doc, **values)
