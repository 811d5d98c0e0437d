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
