"""Offers (submitted quotations) as a client sees them: a fixed number of queries per page.

Every query is limited with `rules.quotation(customers)`; the client-facing status is computed in
SQL from ERPNext's status, the validity date and the portal decision (Portal Offer Decision).
"""

from __future__ import annotations

from urllib.parse import quote

import frappe
from frappe.utils import date_diff, getdate, nowdate

from ralom_portal.access import rules

# What a client agrees to and the statuses an offer may be decided in are the decision's own rules
# (domain code); the read side uses them as they are.
from ralom_portal.ralom_portal.doctype.portal_offer_decision.offer_content import (
	DECIDABLE_ERP_STATUSES,
	content_hash,
	content_rows,
)

# The statuses a client can filter by (anything else is ignored).
STATUSES = ("Open", "Accepted", "Rejected", "Expired", "Ordered", "Lost")


_PORTAL_STATUS = """case
	when `tabQuotation`.status in ('Ordered', 'Partially Ordered') then 'Ordered'
	when `tabQuotation`.status = 'Lost' then if(d.decision = 'Rejected', 'Rejected', 'Lost')
	when d.decision = 'Accepted' then 'Accepted'
	when `tabQuotation`.status = 'Expired'
		or (`tabQuotation`.valid_till is not null and `tabQuotation`.valid_till < %(today)s) then 'Expired'
	else 'Open'
end"""

_SUPERSEDED = """exists(select 1 from `tabQuotation` nxt
	where nxt.amended_from = `tabQuotation`.name and nxt.docstatus = 1)"""

_DECIDED_JOIN = "left join `tabPortal Offer Decision` d on d.quotation = `tabQuotation`.name"


def list_offers(
	customers: tuple[str, ...],
	status: str | None = None,
	limit: int = 50,
	offset: int = 0,
	*,
	with_total: bool = True,
) -> list[dict]:
	"""One page of the client's submitted quotations, newest first; each row carries the `total`
	over the filter (a window function). One query. `with_total=False` (the dashboard's five newest)
	leaves `total` empty: the window made MariaDB read every offer of the client (500 for the big
	customer of the scale data) where the newest few, read in date order by index, are enough."""
	today = nowdate()
	status = status if status in STATUSES else None
	total = "count(*) over ()" if with_total else "null"
	rows = frappe.db.sql(
		f"""select offers.*, {total} as total from (
			select `tabQuotation`.name, `tabQuotation`.transaction_date, `tabQuotation`.valid_till,
				`tabQuotation`.grand_total, `tabQuotation`.rounded_total, `tabQuotation`.currency,
				`tabQuotation`.status as erp_status, d.decision, {_PORTAL_STATUS} as status
			from `tabQuotation` {_DECIDED_JOIN}
			where {rules.quotation(customers)}
		) offers
		{"where status = %(status)s" if status else ""}
		order by transaction_date desc, name desc
		limit %(limit)s offset %(offset)s""",
		{"today": today, "status": status, "limit": int(limit), "offset": max(int(offset), 0)},
		as_dict=True,
	)
	for row in rows:
		row.days_left = date_diff(row.valid_till, today) if row.valid_till else None
	return rows


def pending_sql(customers: tuple[str, ...]) -> str:
	"""Offers the client may still accept or reject, as action-centre rows (kind, name, label, due,
	since, amount, currency). Parameters: `today`, `decidable`."""
	return f"""select 'offer' as kind, name, name as label, valid_till as due, transaction_date as since,
			grand_total as amount, currency
		from (
			select `tabQuotation`.name, `tabQuotation`.valid_till, `tabQuotation`.transaction_date,
				`tabQuotation`.grand_total, `tabQuotation`.currency, `tabQuotation`.status as erp_status,
				{_PORTAL_STATUS} as status, {_SUPERSEDED} as superseded
			from `tabQuotation` {_DECIDED_JOIN}
			where {rules.quotation(customers)}
		) offers
		where status = 'Open' and erp_status in %(decidable)s and not superseded"""


def counts(customers: tuple[str, ...]) -> dict:
	"""{total, to_decide}: offers the client may still accept or reject are "to decide". One query.

	The same client-facing status and decidability as the list and the offer page, so the dashboard
	can never call an accepted offer open.
	"""
	row = frappe.db.sql(
		f"""select count(*) as total,
			ifnull(sum(status = 'Open' and erp_status in %(decidable)s and not superseded), 0) as to_decide
		from (
			select {_PORTAL_STATUS} as status, `tabQuotation`.status as erp_status,
				{_SUPERSEDED} as superseded
			from `tabQuotation` {_DECIDED_JOIN}
			where {rules.quotation(customers)}
		) offers""",
		{"today": nowdate(), "decidable": DECIDABLE_ERP_STATUSES},
		as_dict=True,
	)[0]
	return {"total": int(row.total or 0), "to_decide": int(row.to_decide or 0)}


def offer(customers: tuple[str, ...], name: str) -> dict | None:
	"""One offer with lines, taxes and decision; None when the client may not see it. Four queries."""
	today = nowdate()
	header = frappe.db.sql(
		f"""select `tabQuotation`.name, `tabQuotation`.party_name, `tabQuotation`.customer_name,
			`tabQuotation`.company, `tabQuotation`.transaction_date, `tabQuotation`.valid_till,
			`tabQuotation`.currency, `tabQuotation`.total, `tabQuotation`.net_total,
			`tabQuotation`.total_taxes_and_charges, `tabQuotation`.discount_amount,
			`tabQuotation`.grand_total, `tabQuotation`.rounded_total, `tabQuotation`.terms,
			`tabQuotation`.status as erp_status, `tabQuotation`.order_lost_reason,
			`tabQuotation`.ralom_quote_request as quote_request,
			`tabQuotation`.ralom_delivery_option as delivery_option,
			`tabQuotation`.ralom_requested_date as requested_date,
			`tabQuotation`.shipping_address as delivery_address,
			d.decision, d.decided_at, d.user as decided_by, d.lost_reason, d.detail as decision_detail,
			{_PORTAL_STATUS} as status, {_SUPERSEDED} as superseded
		from `tabQuotation` {_DECIDED_JOIN}
		where `tabQuotation`.name = %(name)s and {rules.quotation(customers)}""",
		{"today": today, "name": name},
		as_dict=True,
	)
	if not header:
		return None
	doc = header[0]
	items, taxes = content_rows(name)
	doc.items = items
	doc.taxes = taxes
	doc.days_left = date_diff(doc.valid_till, today) if doc.valid_till else None
	doc.decidable = is_decidable(doc, today)
	doc.content_hash = content_hash(doc, items, taxes)
	doc.lost_reasons = (
		frappe.get_all("Quotation Lost Reason", pluck="name", order_by="name asc") if doc.decidable else []
	)
	doc.decided_by_name = frappe.utils.get_fullname(doc.decided_by) if doc.decided_by else None
	doc.pdf_url = pdf_url(doc.name)
	return doc


def pdf_url(name: str) -> str:
	"""The offer's PDF (api/offers.py:download_pdf, which checks the client may see it)."""
	return "/api/method/ralom_portal.api.offers.download_pdf?name=" + quote(name, safe="")


def is_decidable(doc, today=None) -> bool:
	today = getdate(today or nowdate())
	return bool(
		doc.get("erp_status", doc.get("status")) in DECIDABLE_ERP_STATUSES
		and not doc.get("decision")
		and not doc.get("superseded")
		and (not doc.get("valid_till") or getdate(doc.valid_till) >= today)
	)
