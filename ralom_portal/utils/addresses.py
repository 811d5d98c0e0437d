"""One read of an ERPNext Address, for every place that writes one out (the PDFs' parties, a quote
request's delivery address, the e-Factura XML): each formats the same fields its own way."""

from __future__ import annotations

import frappe

FIELDS = ("address_line1", "address_line2", "city", "state", "pincode", "country")


def address_row(name: str | None) -> frappe._dict | None:
	"""The address's street lines, city, county (`state`), postcode and country, or None."""
	if not name:
		return None
	return frappe.db.get_value("Address", name, list(FIELDS), as_dict=True) or None
