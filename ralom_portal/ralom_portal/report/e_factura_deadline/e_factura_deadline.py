"""e-Factura Deadline: submitted invoices not sent to ANAF within 5 working days of their date, and
rejected ones waiting for a fix (ralom_portal/efactura/deadline.py), oldest first."""

from __future__ import annotations

from frappe import _

from ralom_portal.efactura import deadline
from ralom_portal.ralom_portal.report import columns as columns_
from ralom_portal.ralom_portal.report import filters as f
from ralom_portal.ralom_portal.report.columns import column


def execute(filters=None):
	return columns(), deadline.late(f.company(f.clean(filters)))


def columns() -> list[dict]:
	return [
		column("name", _("Invoice"), "Link", 170, "Sales Invoice"),
		columns_.customer(180),
		column("posting_date", _("Date"), "Date", 100),
		column("deadline", _("Send By"), "Date", 100),
		column("days_late", _("Days Late"), "Int", 90),
		column("efactura_status", _("e-Factura Status"), "Data", 120),
		column("errors", _("e-Factura Errors"), "Small Text", 320),
	]
