"""Columns the portal's reports share: the customer and its name, the same in every report."""

from frappe import _


def customer(width: int = 200) -> dict:
	return {
		"fieldname": "customer",
		"label": _("Customer"),
		"fieldtype": "Link",
		"options": "Customer",
		"width": width,
	}


def customer_name(width: int = 200) -> dict:
	return {"fieldname": "customer_name", "label": _("Customer Name"), "fieldtype": "Data", "width": width}
