"""The delivery address of a quote request: one of the client's own addresses, or a new one."""

from __future__ import annotations

import frappe
from frappe import _

DEFAULT_COUNTRY = "Romania"
MAX_ADDRESS_FIELD = 140
ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state", "pincode", "country")


def delivery_address(customer: str, name, new, text, fail) -> tuple[str | None, dict | None]:
	"""(existing address, None) or (None, cleaned new address); `text`/`fail` are the form's own."""
	if name:
		if (
			not isinstance(name, str)
			or len(name) > 140
			or not frappe.db.sql(
				"""select 1 from `tabAddress` a
			join `tabDynamic Link` dl on dl.parent = a.name and dl.parenttype = 'Address'
			where a.name = %s and a.disabled = 0 and dl.link_doctype = 'Customer' and dl.link_name = %s
			limit 1""",
				(name, customer),
			)
		):
			fail(_("Please choose one of your company's addresses."))
		return name, None
	if isinstance(new, dict) and any(new.get(f) for f in ADDRESS_FIELDS):
		labels = {
			"address_line1": _("Address"),
			"address_line2": _("Address line 2"),
			"city": _("City"),
			"state": _("County"),
			"pincode": _("Postal code"),
			"country": _("Country"),
		}
		clean = {
			f: text(new.get(f), labels[f], MAX_ADDRESS_FIELD, required=f in ("address_line1", "city"))
			for f in ADDRESS_FIELDS
		}
		clean["country"] = clean["country"] or DEFAULT_COUNTRY
		if not frappe.db.exists("Country", clean["country"]):
			fail(_("Please choose a valid country."))
		return None, clean
	fail(_("Please choose a delivery address or enter a new one."))


def create_address(customer: str, fields: dict) -> str:
	title = frappe.db.get_value("Customer", customer, "customer_name") or customer
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": title,
			"address_type": "Shipping",
			**{k: v or None for k, v in fields.items()},
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	)
	address.insert(ignore_permissions=True)
	return address.name
