"""Quote requests as a client sees them: a fixed number of queries per page.

Every query is limited with `rules.quote_request(customers)`; offers made from a request are the
quotations the client may see (`rules.quotation`), i.e. submitted ones only.
"""

from __future__ import annotations

import frappe
from frappe.utils import cstr

from ralom_portal.access import rules
from ralom_portal.ralom_portal.doctype.quote_request.quote_request import (
	CANCELLABLE,
	DELIVERY_OPTIONS,
	STATUSES,
)
from ralom_portal.ralom_portal.doctype.quote_request.submission import (
	EXTENSIONS,
	MAX_FILE_MB,
	MAX_FILES,
	MAX_LINES,
)

__all__ = ["DELIVERY_OPTIONS", "EXTENSIONS", "MAX_FILES", "MAX_FILE_MB", "MAX_LINES", "STATUSES"]


def _offers_of(customers) -> str:
	"""Comma-separated names of the visible quotations made from the request in the outer query."""
	return f"""(select group_concat(`tabQuotation`.name order by `tabQuotation`.name separator ',')
		from `tabQuotation`
		where `tabQuotation`.ralom_quote_request = `tabQuote Request`.name and {rules.quotation(customers)})"""


def list_requests(customers: tuple[str, ...], status: str | None = None, limit: int = 200) -> list[dict]:
	"""The client's quote requests, newest first, with line count and offers. One query."""
	status = status if status in STATUSES else None
	rows = frappe.db.sql(
		f"""select `tabQuote Request`.name, `tabQuote Request`.request_date, `tabQuote Request`.creation,
			`tabQuote Request`.status, `tabQuote Request`.requested_date,
			(select count(*) from `tabQuote Request Item` i
				where i.parent = `tabQuote Request`.name and i.parenttype = 'Quote Request') as line_count,
			{_offers_of(customers)} as offers
		from `tabQuote Request`
		where {rules.quote_request(customers)} {"and `tabQuote Request`.status = %(status)s" if status else ""}
		order by `tabQuote Request`.creation desc, `tabQuote Request`.name desc
		limit %(limit)s""",
		{"status": status, "limit": int(limit)},
		as_dict=True,
	)
	for row in rows:
		row.offers = row.offers.split(",") if row.offers else []
	return rows


def request(customers: tuple[str, ...], name: str) -> dict | None:
	"""One request with lines, status history, offers and attachments; None when not the client's."""
	header = frappe.db.sql(
		f"""select `tabQuote Request`.name, `tabQuote Request`.customer, `tabQuote Request`.customer_name,
			`tabQuote Request`.status, `tabQuote Request`.request_date, `tabQuote Request`.creation,
			`tabQuote Request`.requested_date, `tabQuote Request`.delivery_option,
			`tabQuote Request`.address_display, `tabQuote Request`.remarks, `tabQuote Request`.requested_by,
			{_offers_of(customers)} as offers
		from `tabQuote Request`
		where `tabQuote Request`.name = %(name)s and {rules.quote_request(customers)}""",
		{"name": name},
		as_dict=True,
	)
	if not header:
		return None
	doc = header[0]
	doc.offers = doc.offers.split(",") if doc.offers else []
	doc.lines = frappe.db.sql(
		"""select idx, item_code, item_name, description, qty, uom, line_note
		from `tabQuote Request Item` where parenttype = 'Quote Request' and parent = %s order by idx""",
		name,
		as_dict=True,
	)
	doc.history = frappe.db.sql(
		"""select status, changed_at from `tabQuote Request Status Log`
		where parenttype = 'Quote Request' and parent = %s order by idx""",
		name,
		as_dict=True,
	)
	for h in doc.history:
		h.when = frappe.utils.format_datetime(h.changed_at) if h.changed_at else ""
	doc.files = frappe.db.sql(
		"""select name, file_name, file_size from `tabFile`
		where attached_to_doctype = 'Quote Request' and attached_to_name = %s
			and ifnull(ralom_portal_internal, 0) = 0
		order by creation""",
		name,
		as_dict=True,
	)
	doc.cancellable = doc.status in CANCELLABLE
	doc.requested_by_name = frappe.utils.get_fullname(doc.requested_by) if doc.requested_by else None
	return doc


def form_options(customers: tuple[str, ...], customer: str) -> dict:
	"""What the new-request form offers: the client's addresses (one query) and the limits."""
	addresses = frappe.db.sql(
		"""select a.name, a.address_title, a.address_line1, a.address_line2, a.city, a.state, a.pincode, a.country
		from `tabAddress` a
		join `tabDynamic Link` dl on dl.parent = a.name and dl.parenttype = 'Address'
		where dl.link_doctype = 'Customer' and dl.link_name = %s and a.disabled = 0
		order by a.is_shipping_address desc, a.creation desc""",
		customer,
		as_dict=True,
	)
	for a in addresses:
		a.label = ", ".join(
			str(v).strip()
			for v in (a.address_line1, a.address_line2, a.pincode, a.city, a.state)
			if v and str(v).strip()
		)
	return {"addresses": addresses}


def search_catalogue(txt: str | None) -> list[dict]:
	"""Published, enabled sales items matching `txt` (code or name), at most 20. One query."""
	txt = cstr(txt).strip()[:100]
	like = "%" + txt.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
	return frappe.db.sql(
		"""select name as item_code, item_name, stock_uom
		from `tabItem`
		where ralom_portal_published = 1 and disabled = 0 and is_sales_item = 1 and has_variants = 0
			and (name like %(like)s or item_name like %(like)s)
		order by item_name, name
		limit 20""",
		{"like": like},
		as_dict=True,
	)
