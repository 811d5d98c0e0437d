"""e-Factura Deadline: submitted invoices not sent to ANAF within 5 working days of their date, and
rejected ones waiting for a fix (ralom_portal/efactura/deadline.py), oldest first."""

from __future__ import annotations

from frappe import _

from ralom_portal.efactura import deadline
from ralom_portal.ralom_portal.report import filters as f


def execute(filters=None):
	return columns(), deadline.late(f.company(f.clean(filters)))


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Invoice"),
			"fieldtype": "Link",
			"options": "Sales Invoice",
			"width": 170,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 180,
		},
		{"fieldname": "posting_date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "deadline", "label": _("Send By"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_late", "label": _("Days Late"), "fieldtype": "Int", "width": 90},
		{"fieldname": "efactura_status", "label": _("e-Factura Status"), "fieldtype": "Data", "width": 120},
		{"fieldname": "errors", "label": _("e-Factura Errors"), "fieldtype": "Small Text", "width": 320},
	]
