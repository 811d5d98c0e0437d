"""e-Factura: staff send an invoice to ANAF; clients download its XML and ANAF's signed ZIP.

Thin methods: whitelisting, the per-user rate limit, the access check first, then domain code
(`ralom_portal.efactura`). No method here calls ANAF for a client: statuses come from the database,
written by the server only (the scheduled poll and staff's send).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import MAX_NAME, deny, require_customers, require_staff
from ralom_portal.api.invoices import invoice_denied_message
from ralom_portal.efactura import deadline, transmit
from ralom_portal.portal import efactura_archive as archive_zip
from ralom_portal.portal.file_serving import serve
from ralom_portal.portal.queries import efactura as queries


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def send(name: str | None = None):
	"""Staff only (submit access to the invoice): check the invoice and send it to ANAF; after a
	rejection and a fix, the same button sends it again. Returns the status and the problems."""
	require_staff(
		"Sales Invoice",
		name,
		ptype="submit",
		message=_("You are not allowed to send this invoice to e-Factura."),
	)
	return transmit.send(name)


@frappe.whitelist(methods=["GET", "POST"])
@rate_limit(limit=120, seconds=60)
def deadline_card(filters=None):
	"""The Client Portal workspace's number card: invoices past e-Factura's 5-working-day deadline,
	and rejected ones (the "e-Factura Deadline" report lists them). Staff who may read invoices."""
	require_staff(
		"Sales Invoice", ptype="read", message=_("You are not allowed to see e-Factura's deadlines.")
	)
	return {
		"value": len(deadline.late()),
		"fieldtype": "Int",
		"route": ["query-report", "e-Factura Deadline"],
	}


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=60, seconds=60)
def download(name: str | None = None, kind: str | None = None):
	"""The invoice's XML as sent to ANAF (`kind=xml`) or, once validated, ANAF's signed ZIP (`zip`)."""
	customers = require_customers(invoice_denied_message(), "invoices")
	if not isinstance(name, str) or not name or len(name) > MAX_NAME or kind not in ("xml", "zip"):
		deny(invoice_denied_message())
	row = queries.invoice_file(customers, name, kind)
	if not row:
		deny(invoice_denied_message())
	return serve(row)


@frappe.whitelist(methods=["GET"])
@rate_limit(limit=10, seconds=60)
def archive(start: str | None = None, end: str | None = None):
	""" "Arhivă e-Factura": one ZIP of every XML and signed ZIP of the client's invoices dated from
	`start` to `end` (YYYY-MM-DD, at most a year), streamed."""
	customers = require_customers(invoice_denied_message(), "invoices")
	begin, finish = _period(start, end)
	rows = queries.archive_rows(customers, begin, finish, archive_zip.MAX_INVOICES)
	if (
		len(rows) > archive_zip.MAX_INVOICES
		or sum(r.xml_size + r.zip_size for r in rows) > archive_zip.MAX_BYTES
	):
		frappe.throw(_("The period holds too many invoices for one archive: choose a shorter period."))
	if not rows:
		frappe.throw(_("No invoice of this period was sent to e-Factura."), frappe.DoesNotExistError)
	return archive_zip.response(archive_zip.entries(rows), f"arhiva-efactura-{begin}-{finish}.zip")


def _period(start, end):
	dates = []
	for value in (start, end):
		try:
			dates.append(getdate(value) if isinstance(value, str) and len(value) == 10 else None)
		except Exception:
			dates.append(None)
	begin, finish = dates
	if not begin or not finish or begin > finish or (finish - begin).days > 366:
		frappe.throw(
			_("Choose a period of at most a year: a start and an end date (e.g. 2026-11-01 and 2026-11-30).")
		)
	return begin, finish
