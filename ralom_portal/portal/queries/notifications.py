"""The bell: what happened in the client's portal in the last 30 days, newest first, one query.

Events are read from the records themselves (an offer sent, an invoice issued, a shipment that
moved, a reply from support, a file shared), each with the same rule as its section, so the bell can
never show what the section would not. Only "read" is stored (`Portal Notification Read`, one row per
user and event); its name is derived from the user and the event key, so the join is by primary key.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, now_datetime

from ralom_portal import sections
from ralom_portal.access import rules
from ralom_portal.access.customers import within
from ralom_portal.portal.queries.files import CLIENT_FOLDER

DAYS = 30
LIMIT = 15


def _events_sql(customers: tuple[str, ...]) -> str:
	"""Every event of the last DAYS days: kind, name (what the line opens), label, detail, at, event_key.
	One part per bell kind of the section registry (its `bell.events`), each under its section's rule
	and for the customers whose membership grants that section (none: the part reads nothing)."""
	parts = [frappe.get_attr(s["bell"]["events"])(within(customers, s["key"])) for s in sections.bells()]
	return "\nunion all\n".join(f"({part})" for part in parts)


def offer_events(customers: tuple[str, ...]) -> str:
	return f"""select 'offer' as kind, `tabQuotation`.name, `tabQuotation`.name as label, '' as detail,
			timestamp(`tabQuotation`.transaction_date) as at, concat('offer:', `tabQuotation`.name) as event_key
		from `tabQuotation` where {rules.quotation(customers)}
			and `tabQuotation`.transaction_date >= date(%(since)s)"""


def invoice_events(customers: tuple[str, ...]) -> str:
	"""An invoice issued, and an invoice ANAF validated (e-Factura: the date the server recorded the
	signed ZIP)."""
	return f"""select 'invoice' as kind, `tabSales Invoice`.name, `tabSales Invoice`.name as label,
			'' as detail, timestamp(`tabSales Invoice`.posting_date) as at,
			concat('invoice:', `tabSales Invoice`.name) as event_key
		from `tabSales Invoice` where {rules.sales_invoice(customers)}
			and `tabSales Invoice`.is_return = 0 and `tabSales Invoice`.posting_date >= date(%(since)s)
		union all
		select 'invoice', `tabSales Invoice`.name, `tabSales Invoice`.name, 'efactura',
			`tabSales Invoice`.ralom_efactura_validated_on, concat('efactura:', `tabSales Invoice`.name)
		from `tabSales Invoice` where {rules.sales_invoice(customers)}
			and `tabSales Invoice`.ralom_efactura_status = 'Validated'
			and `tabSales Invoice`.ralom_efactura_validated_on >= %(since)s"""


def shipment_events(customers: tuple[str, ...]) -> str:
	return f"""select 'shipment' as kind, `tabCustomer Shipment`.name, `tabCustomer Shipment`.name as label,
			e.status as detail, e.event_time as at, concat('shipment:', e.name) as event_key
		from `tabCustomer Shipment Event` e
			join `tabCustomer Shipment` on `tabCustomer Shipment`.name = e.parent
		where e.parenttype = 'Customer Shipment' and {rules.customer_shipment(customers)}
			and e.event_time >= %(since)s and ifnull(e.status, '') != ''"""


def reply_events(customers: tuple[str, ...]) -> str:
	return f"""select 'reply' as kind, `tabSupport Ticket`.name, `tabSupport Ticket`.subject as label,
			'' as detail, m.sent_on as at, concat('reply:', m.name) as event_key
		from `tabSupport Ticket Message` m
			join `tabSupport Ticket` on `tabSupport Ticket`.name = m.ticket
		where {rules.support_ticket(customers)} and ifnull(m.internal, 0) = 0
			and ifnull(m.from_client, 0) = 0 and m.sent_on >= %(since)s"""


def file_events(customers: tuple[str, ...]) -> str:
	return f"""select 'file' as kind, `tabFile`.name, `tabFile`.file_name as label, '' as detail,
			`tabFile`.creation as at, concat('file:', `tabFile`.name) as event_key
		from `tabFile` where {rules.FILE_FLAGS} and {rules.shared_files(customers)}
			and ifnull(`tabFile`.ralom_portal_folder, '') != %(client_folder)s
			and `tabFile`.creation >= %(since)s"""


# The user's read mark of each event, joined by primary key: the row's name is sha256(user, newline,
# event key) cut to 32 characters, as PortalNotificationRead names it (`row_name`).
_READ_JOIN = """left join `tabPortal Notification Read` r
			on r.name = left(sha2(concat(%(user)s, '\\n', ev.event_key), 256), 32)"""


def _params(user: str, **extra) -> dict:
	return {
		"since": add_days(now_datetime(), -DAYS),
		"user": user,
		"client_folder": CLIENT_FOLDER,
		**extra,
	}


def recent(customers: tuple[str, ...], user: str, limit: int = LIMIT) -> dict:
	"""{items, unread, total}: the newest `limit` events with their read flag. One query."""
	if not customers:
		return {"items": [], "unread": 0, "total": 0}
	rows = frappe.db.sql(
		f"""select ev.*, r.name is not null as is_read,
			count(*) over () as total, sum(r.name is null) over () as unread
		from ({_events_sql(customers)}) ev
		{_READ_JOIN}
		order by ev.at desc, ev.event_key
		limit %(limit)s""",
		_params(user, limit=int(limit)),
		as_dict=True,
	)
	for row in rows:
		row.route = sections.bell_route(row.kind, row.name)
		row.is_read = bool(row.is_read)
	return {
		"items": rows,
		"unread": int(rows[0].unread) if rows else 0,
		"total": int(rows[0].total) if rows else 0,
	}


def unread_count(customers: tuple[str, ...], user: str) -> int:
	"""How many of the events are unread: the bell's badge on every page. One query, no names (the
	list itself is fetched when the bell is opened)."""
	if not customers:
		return 0
	row = frappe.db.sql(
		f"""select count(*) from ({_events_sql(customers)}) ev
		{_READ_JOIN}
		where r.name is null""",
		_params(user),
	)
	return int(row[0][0]) if row else 0


def event_keys(customers: tuple[str, ...], user: str) -> set[str]:
	"""Every event key the user may mark as read now (their customers' last DAYS days). One query."""
	if not customers:
		return set()
	rows = frappe.db.sql(f"select event_key from ({_events_sql(customers)}) ev", _params(user))
	return {r[0] for r in rows}


def since(customers: tuple[str, ...], user: str, start, limit: int = 100) -> list[dict]:
	"""The events after `start` (the daily digest), oldest first. One query."""
	if not customers:
		return []
	rows = frappe.db.sql(
		f"""select ev.* from ({_events_sql(customers)}) ev
		where ev.at >= %(start)s order by ev.at, ev.event_key limit %(limit)s""",
		_params(user, start=start, limit=int(limit)),
		as_dict=True,
	)
	for row in rows:
		row.route = sections.bell_route(row.kind, row.name)
	return rows
