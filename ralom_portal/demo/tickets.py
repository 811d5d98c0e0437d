"""Demo support tickets: one in every status for each demo client, with threads, an internal note
and a reference to an invoice. Made through the portal's own domain code (client steps as the
client's first user, staff steps as Administrator), so the demo shows what real use produces.
Idempotent: skipped for a client that already has tickets."""

import frappe
from frappe.utils import add_days, now_datetime

PLANS = [
	# status, subject, category, description, staff reply, internal note, reference doctype
	(
		"Open",
		"Factura nu corespunde comenzii",
		"Invoice or payment",
		"Pe factură apar 3 bucăți, dar am primit doar 2. Vă rog verificați.",
		None,
		"Verificat cu depozitul: s-au livrat 2 bucăți. Emitem storno.",
		"Sales Invoice",
	),
	(
		"In Progress",
		"Termen de livrare tablou electric",
		"Delivery",
		"Când estimați livrarea tabloului electric?",
		"Am preluat solicitarea și revenim cu data exactă.",
		None,
		"Project",
	),
	(
		"Awaiting Client",
		"Documentație tehnică",
		"Technical problem",
		"Avem nevoie de schema monofilară actualizată.",
		"Vă rugăm să ne confirmați versiunea proiectului pentru care doriți schema.",
		None,
		None,
	),
	(
		"Resolved",
		"Acces pentru un coleg",
		"Question",
		"Cum poate un coleg să primească acces la portal?",
		"Am trimis invitația colegului dumneavoastră pe e-mail.",
		None,
		None,
	),
	(
		"Closed",
		"Certificat de garanție",
		"Other",
		"Vă rog să ne trimiteți certificatul de garanție.",
		"Certificatul a fost încărcat în portal.",
		None,
		None,
	),
]


def load_tickets(client: dict) -> None:
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation

	customer = client["name"]
	if frappe.db.exists("Support Ticket", {"customer": customer}):
		return
	user = client["users"][0]["email"]
	for status, subject, category, description, reply, note, ref_doctype in PLANS:
		payload = {"subject": subject, "category": category, "description": description}
		if ref_doctype:
			filters = {"customer": customer}
			if ref_doctype == "Sales Invoice":
				filters["docstatus"] = 1
			ref = frappe.db.get_value(ref_doctype, filters, "name")
			if ref:
				payload.update(reference_doctype=ref_doctype, reference_name=ref)
		payload["submission_key"] = f"demo-{frappe.scrub(customer)[:20]}-{status}".replace(" ", "-")
		frappe.set_user(user)
		try:
			name = conversation.create_ticket(customer, payload)["name"]
		finally:
			frappe.set_user("Administrator")
		if note:
			conversation.staff_reply(name, note, internal=True)
		if reply:
			conversation.staff_reply(
				name, reply, status={"In Progress": "In Progress", "Resolved": "Resolved"}.get(status)
			)
		if status == "Closed":
			doc = frappe.get_doc("Support Ticket", name)
			doc.status = "Closed"
			doc.save(ignore_permissions=True)
		if status == "Resolved":
			# Resolved yesterday: still inside the reopen window.
			frappe.db.set_value("Support Ticket", name, "resolved_on", add_days(now_datetime(), -1))
