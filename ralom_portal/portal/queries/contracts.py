"""Contracts (ERPNext Contract with a Customer party) as a client sees them: fixed query counts.

Every query is limited with `rules.contract(customers)` (submitted contracts, and drafts staff sent
for signature). The client-facing status is computed here, in SQL, once, and reused by the
dashboard: "Awaiting your signature" only while the terms are still those sent (their SHA-256, the
same as `signing.terms_hash`, equals the hash stored when sending).
"""

from __future__ import annotations

from urllib.parse import quote

import frappe
from frappe.utils import add_days, date_diff, nowdate

from ralom_portal.access import rules
from ralom_portal.portal.links import visible_route

AWAITING = "Awaiting your signature"
# The statuses a client can filter by (anything else is ignored).
STATUSES = ("Active", "Inactive", "Unsigned", AWAITING)
EXPIRING_DAYS = 30

_AWAITING = """(`tabContract`.is_signed = 0 and `tabContract`.docstatus < 2
	and ifnull(`tabContract`.ralom_sent_for_signature, 0) = 1
	and `tabContract`.ralom_sent_terms_hash = sha2(ifnull(`tabContract`.contract_terms, ''), 256))"""

_PORTAL_STATUS = f"""case
	when {_AWAITING} then 'Awaiting your signature'
	when `tabContract`.is_signed = 0 then 'Unsigned'
	when (`tabContract`.end_date is not null and `tabContract`.end_date < %(today)s)
		or (`tabContract`.start_date is not null and `tabContract`.start_date > %(today)s) then 'Inactive'
	else 'Active'
end"""

_EXPIRING = """(status = 'Active' and end_date is not null
	and end_date between %(today)s and %(horizon)s)"""

_COLUMNS = f"""`tabContract`.name, `tabContract`.contract_template, `tabContract`.start_date,
	`tabContract`.end_date, `tabContract`.is_signed, `tabContract`.signee, `tabContract`.signed_on,
	`tabContract`.docstatus, `tabContract`.document_type, `tabContract`.document_name,
	`tabContract`.status as erp_status, {_PORTAL_STATUS} as status"""


def _params(**extra) -> dict:
	today = nowdate()
	return {"today": today, "horizon": add_days(today, EXPIRING_DAYS), **extra}


def _decorate(row, today, customers) -> None:
	row.days_left = date_diff(row.end_date, today) if row.end_date else None
	row.expiring = bool(
		row.status == "Active" and row.days_left is not None and 0 <= row.days_left <= EXPIRING_DAYS
	)
	# Linked documents the portal has a page for open there (when the membership shows their
	# section); others are shown by name only.
	row.document_route = (
		visible_route(row.document_type, row.document_name, customers) if row.document_type else None
	)


def list_contracts(
	customers: tuple[str, ...],
	status: str | None = None,
	expiring: bool = False,
	limit: int = 50,
	offset: int = 0,
) -> list[dict]:
	"""One page of the client's contracts, newest start first; each row carries the `total` over the
	filter. One query."""
	params = _params(
		status=status if status in STATUSES else None, limit=int(limit), offset=max(int(offset), 0)
	)
	where = []
	if params["status"]:
		where.append("status = %(status)s")
	if expiring:
		where.append(_EXPIRING)
	rows = frappe.db.sql(
		f"""select contracts.*, count(*) over () as total from (
			select {_COLUMNS} from `tabContract` where {rules.contract(customers)}
		) contracts
		{"where " + " and ".join(where) if where else ""}
		order by start_date desc, name desc
		limit %(limit)s offset %(offset)s""",
		params,
		as_dict=True,
	)
	for row in rows:
		_decorate(row, params["today"], customers)
	return rows


def pending_sql(customers: tuple[str, ...]) -> str:
	"""Contracts awaiting the client's signature, as action-centre rows (no due date; waiting since
	staff last changed them)."""
	return f"""select 'contract' as kind, `tabContract`.name, `tabContract`.name as label, null as due,
			date(ifnull(`tabContract`.ralom_sent_on, `tabContract`.modified)) as since, null as amount, null as currency
		from `tabContract` where {rules.contract(customers)} and {_AWAITING}"""


def counts(customers: tuple[str, ...]) -> dict:
	"""{total, awaiting_signature, expiring}: the same statuses as the list. One query."""
	row = frappe.db.sql(
		f"""select count(*) as total,
			ifnull(sum(status = 'Awaiting your signature'), 0) as awaiting_signature,
			ifnull(sum({_EXPIRING}), 0) as expiring
		from (
			select {_PORTAL_STATUS} as status, `tabContract`.end_date
			from `tabContract` where {rules.contract(customers)}
		) contracts""",
		_params(),
		as_dict=True,
	)[0]
	return {
		"total": int(row.total or 0),
		"awaiting_signature": int(row.awaiting_signature or 0),
		"expiring": int(row.expiring or 0),
	}


def contract(customers: tuple[str, ...], name: str) -> dict | None:
	"""One contract with terms, fulfilment checklist and shared attachments; None when the client may
	not see it. Three queries."""
	params = _params(name=name)
	header = frappe.db.sql(
		f"""select {_COLUMNS}, `tabContract`.party_name, `tabContract`.contract_terms,
			`tabContract`.requires_fulfilment, `tabContract`.fulfilment_deadline,
			`tabContract`.fulfilment_status, `tabContract`.signed_by_company, `tabContract`.ralom_sent_on
		from `tabContract`
		where `tabContract`.name = %(name)s and {rules.contract(customers)}""",
		params,
		as_dict=True,
	)
	if not header:
		return None
	doc = header[0]
	_decorate(doc, params["today"], customers)
	doc.fulfilment = frappe.db.sql(
		"""select idx, requirement, fulfilled, notes from `tabContract Fulfilment Checklist`
		where parenttype = 'Contract' and parent = %s order by idx""",
		name,
		as_dict=True,
	)
	doc.attachments = frappe.db.sql(
		f"""select `tabFile`.name, `tabFile`.file_name from `tabFile`
		where `tabFile`.attached_to_doctype = 'Contract' and `tabFile`.attached_to_name = %(name)s
			and `tabFile`.is_folder = 0 and {rules.file(customers)}
		order by `tabFile`.creation""",
		params,
		as_dict=True,
	)
	doc.awaiting_signature = doc.status == AWAITING
	doc.pdf_url = pdf_url(doc.name)
	return doc


def pdf_url(name: str) -> str:
	"""The contract's PDF (api/contracts.py:download_pdf, which checks the client may see it)."""
	return "/api/method/ralom_portal.api.contracts.download_pdf?name=" + quote(name, safe="")
