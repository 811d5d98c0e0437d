"""Support tickets as a client sees them: a fixed number of queries per page.

Every query carries the rules (`rules.support_ticket`, `rules.support_ticket_message`), so internal
notes and their files never reach these pages: they are excluded in SQL, not in the template.
"""

from __future__ import annotations

import frappe
from frappe.utils import cstr, get_datetime, now_datetime

from ralom_portal.access import rules
from ralom_portal.portal.links import visible_route
from ralom_portal.ralom_portal.doctype.support_ticket.conversation import (
	EXTENSIONS,
	MAX_BODY,
	MAX_FILE_MB,
	MAX_FILES,
	MAX_SUBJECT,
	categories,
	reference_doctypes,
)
from ralom_portal.ralom_portal.doctype.support_ticket.support_ticket import (
	STATUSES,
	reopen_deadline,
	response_hours,
)

__all__ = [
	"EXTENSIONS",
	"MAX_BODY",
	"MAX_FILES",
	"MAX_FILE_MB",
	"MAX_SUBJECT",
	"STATUSES",
	"categories",
	"reference_doctypes",
	"response_hours",
]
PAGE_SIZE = 50
_UNREAD = """(`tabSupport Ticket`.last_staff_reply_on is not null and
	`tabSupport Ticket`.last_staff_reply_on > ifnull(`tabSupport Ticket`.client_seen_on, '2000-01-01'))"""


def pending_sql(customers) -> str:
	"""Tickets waiting for the client's answer, as action-centre rows (waiting since staff's reply)."""
	return f"""select 'ticket' as kind, `tabSupport Ticket`.name, `tabSupport Ticket`.subject as label,
			null as due, date(ifnull(`tabSupport Ticket`.last_staff_reply_on, `tabSupport Ticket`.modified))
				as since, null as amount, null as currency
		from `tabSupport Ticket`
		where {rules.support_ticket(customers)} and `tabSupport Ticket`.status = 'Awaiting Client'"""


def list_tickets(customers, status: str | None = None, search: str | None = None, page: int = 1) -> dict:
	"""One page of the client's tickets, newest activity first, with the unread marker. One query
	(the total comes from a window function)."""
	status = status if status in STATUSES else None
	search = cstr(search).strip()[:100]
	like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
	page = max(1, min(page, 10_000))
	rows = frappe.db.sql(
		f"""select `tabSupport Ticket`.name, `tabSupport Ticket`.subject, `tabSupport Ticket`.status,
			`tabSupport Ticket`.category, `tabSupport Ticket`.creation,
			greatest(`tabSupport Ticket`.creation, ifnull(`tabSupport Ticket`.last_staff_reply_on, 0),
				ifnull(`tabSupport Ticket`.last_client_message_on, 0)) as last_activity,
			{_UNREAD} as unread, count(*) over () as total
		from `tabSupport Ticket`
		where {rules.support_ticket(customers)}
			{"and `tabSupport Ticket`.status = %(status)s" if status else ""}
			{"and (`tabSupport Ticket`.subject like %(like)s or `tabSupport Ticket`.name like %(like)s)" if search else ""}
		order by last_activity desc, `tabSupport Ticket`.name desc
		limit %(limit)s offset %(offset)s""",
		{"status": status, "like": like, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
		as_dict=True,
	)
	total = rows[0].total if rows else 0
	return {"rows": rows, "total": total, "pages": max(1, -(-total // PAGE_SIZE)), "page": page}


def ticket(customers, name: str) -> dict | None:
	"""One ticket with its public thread and files; None when not the client's. Three queries."""
	header = frappe.db.sql(
		f"""select `tabSupport Ticket`.name, `tabSupport Ticket`.subject, `tabSupport Ticket`.status,
			`tabSupport Ticket`.category, `tabSupport Ticket`.priority, `tabSupport Ticket`.creation,
			`tabSupport Ticket`.reference_doctype, `tabSupport Ticket`.reference_name,
			`tabSupport Ticket`.first_response_on, `tabSupport Ticket`.resolved_on, `tabSupport Ticket`.rating,
			{_UNREAD} as unread
		from `tabSupport Ticket`
		where `tabSupport Ticket`.name = %(name)s and {rules.support_ticket(customers)}""",
		{"name": name},
		as_dict=True,
	)
	if not header:
		return None
	doc = header[0]
	doc.messages = frappe.db.sql(
		f"""select `tabSupport Ticket Message`.name, `tabSupport Ticket Message`.author_name,
			`tabSupport Ticket Message`.sent_on, `tabSupport Ticket Message`.body,
			`tabSupport Ticket Message`.from_client
		from `tabSupport Ticket Message`
		where `tabSupport Ticket Message`.ticket = %(name)s and {rules.support_ticket_message(customers)}
		order by `tabSupport Ticket Message`.sent_on, `tabSupport Ticket Message`.creation""",
		{"name": name},
		as_dict=True,
	)
	files = frappe.db.sql(
		f"""select `tabFile`.attached_to_name as message, `tabFile`.file_name
		from `tabFile`
		where `tabFile`.attached_to_doctype = 'Support Ticket Message'
			and `tabFile`.attached_to_name in (select `tabSupport Ticket Message`.name
				from `tabSupport Ticket Message` where `tabSupport Ticket Message`.ticket = %(name)s)
			and ({rules.file(customers)})
		order by `tabFile`.creation""",
		{"name": name},
		as_dict=True,
	)
	by_message: dict[str, list] = {}
	for f in files:
		by_message.setdefault(f.message, []).append(f.file_name)
	for m in doc.messages:
		m.files = by_message.get(m.name, [])
	deadline = reopen_deadline(doc.resolved_on)
	doc.can_reply = doc.status != "Closed" and not (
		doc.status == "Resolved" and (not deadline or now_datetime() > get_datetime(deadline))
	)
	doc.can_resolve = doc.status not in ("Resolved", "Closed")
	doc.can_reopen = doc.status == "Resolved" and doc.can_reply
	doc.reopen_until = deadline if doc.can_reopen else None
	# Always computed (a fixed query count); the page shows it until the first answer.
	doc.response_hours = response_hours(doc.priority)
	doc.reference_route = (
		visible_route(doc.reference_doctype, doc.reference_name, customers) if doc.reference_doctype else None
	)
	return doc


def reference(ref_doctype, ref_name, user: str) -> tuple[str, str] | None:
	"""The `?ref_doctype=&ref_name=` of the new-ticket form when the client may see that record."""
	if ref_doctype not in reference_doctypes() or not isinstance(ref_name, str) or not ref_name:
		return None
	return (ref_doctype, ref_name) if rules.can_see(ref_doctype, ref_name, user) else None
