"""Columns of the portal's reports: one spelling of a column, and the customer columns every report shares."""

from frappe import _


def column(
	fieldname: str, label: str, fieldtype: str, width: int | None = None, options=None, **extra
) -> dict:
	"""One report column. `label` comes translated by the caller (`_("...")` at call time, so the
	translation extraction sees it); `options` is the Link target or the currency field."""
	spec = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype}
	if options:
		spec["options"] = options
	if width:
		spec["width"] = width
	return {**spec, **extra}


def customer(width: int = 200) -> dict:
	return column("customer", _("Customer"), "Link", width, "Customer")


def customer_name(width: int = 200) -> dict:
	return column("customer_name", _("Customer Name"), "Data", width)
