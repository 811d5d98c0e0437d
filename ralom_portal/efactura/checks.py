"""One entry point before sending: the XML of an invoice and every reason it may not be sent."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.efactura import rules, schema
from ralom_portal.efactura.data import invoice_data
from ralom_portal.efactura.ubl import build


def prepare(invoice) -> tuple[bytes, list[str]]:
	"""(XML, problems) for a submitted Sales Invoice (name or document). Problems read
	"BR-RO-110: Adresa clientului nu are județ" in the user's language; XSD errors come last."""
	doc = frappe.get_doc("Sales Invoice", invoice) if isinstance(invoice, str) else invoice
	if doc.docstatus != 1:
		return b"", [_("Only a submitted invoice can be sent to e-Factura")]
	data = invoice_data(doc)
	xml = build(data)
	problems = [f"{rule}: {message}" for rule, message in rules.check(data)]
	problems += [f"XSD: {error}" for error in schema.errors(xml)]
	return xml, problems
