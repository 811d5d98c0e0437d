"""Support Ticket ("Suport/Tichete"): a client's question or problem and its thread.

Clients open and answer tickets only through `ralom_portal.api.tickets` (domain code in
`conversation.py`); staff answer from the desk form (replies and internal notes, see
`support_ticket.js`). The thread is made of `Support Ticket Message` rows; an internal one is never
shown to a client nor e-mailed (the access rule of the message doctype excludes it).

Status: Open → In Progress → Awaiting Client → Resolved → Closed. A client may reopen a Resolved
ticket within `Client Portal Settings.ticket_reopen_days`; a daily job closes the others for good.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, add_to_date, cint, cstr, escape_html, get_datetime, now_datetime

SETTINGS = "Client Portal Settings"
STATUSES = ("Open", "In Progress", "Awaiting Client", "Resolved", "Closed")
PRIORITIES = ("Low", "Medium", "High", "Urgent")
# The statuses staff may move a ticket between; Closed is final.
TRANSITIONS = {
	"Open": {"In Progress", "Awaiting Client", "Resolved", "Closed"},
	"In Progress": {"Open", "Awaiting Client", "Resolved", "Closed"},
	"Awaiting Client": {"Open", "In Progress", "Resolved", "Closed"},
	"Resolved": {"Open", "In Progress", "Closed"},
	"Closed": set(),
}
DEFAULT_REOPEN_DAYS = 7
DEFAULT_RESPONSE_HOURS = {"Urgent": 4, "High": 8, "Medium": 24, "Low": 48}


class InvalidStatusChange(frappe.ValidationError):
	pass


class SupportTicket(Document):
	def validate(self):
		if self.status not in STATUSES:
			frappe.throw(_("Unknown status {0}.").format(escape_html(cstr(self.status))), InvalidStatusChange)
		before = None if self.is_new() else self.get_doc_before_save()
		old = before.status if before else None
		if old and old != self.status and self.status not in TRANSITIONS.get(old, ()):
			frappe.throw(
				_("A ticket cannot go from {0} to {1}.").format(
					_(old, context="Ticket status"), _(self.status, context="Ticket status")
				),
				InvalidStatusChange,
			)
		if self.status == "Resolved" and old != "Resolved":
			self.resolved_on = now_datetime()
		if self.status not in ("Resolved", "Closed"):
			self.resolved_on = None
		if self.is_new() or self.has_value_changed("priority"):
			hours = response_hours(self.priority)
			start = get_datetime(self.creation) if self.creation else now_datetime()
			self.first_response_due = add_to_date(start, hours=hours) if hours else None

	def onload(self):
		# The desk form shows the whole thread, internal notes included (staff only reach the form).
		self.set_onload("thread", thread_for_staff(self.name))


def settings_value(fieldname: str):
	return frappe.db.get_single_value(SETTINGS, fieldname, cache=False)


def reopen_days() -> int:
	value = settings_value("ticket_reopen_days")
	return DEFAULT_REOPEN_DAYS if value is None else max(cint(value), 0)


def response_hours(priority: str | None) -> int:
	"""The first-response target for `priority` (hours); 0 means none is promised."""
	if priority not in PRIORITIES:
		priority = "Medium"
	value = settings_value(f"first_response_hours_{priority.lower()}")
	return DEFAULT_RESPONSE_HOURS[priority] if value is None else max(cint(value), 0)


def reopen_deadline(resolved_on):
	return add_days(get_datetime(resolved_on), reopen_days()) if resolved_on else None


def thread_for_staff(name: str) -> list[dict]:
	rows = frappe.db.sql(
		"""select m.name, m.author_name, m.sent_on, m.body, m.internal, m.from_client, m.via,
			(select group_concat(f.file_name order by f.creation separator '\n') from `tabFile` f
				where f.attached_to_doctype = 'Support Ticket Message' and f.attached_to_name = m.name) as files
		from `tabSupport Ticket Message` m where m.ticket = %s order by m.sent_on, m.creation""",
		name,
		as_dict=True,
	)
	for row in rows:
		row.files = row.files.split("\n") if row.files else []
	return rows


def close_expired_resolved_tickets() -> None:
	"""Daily: Resolved tickets whose reopen window has passed are Closed for good."""
	cutoff = add_days(now_datetime(), -reopen_days())
	for name in frappe.get_all(
		"Support Ticket", {"status": "Resolved", "resolved_on": ("<", cutoff)}, pluck="name"
	):
		doc = frappe.get_doc("Support Ticket", name)
		doc.status = "Closed"
		doc.flags.ignore_permissions = True
		doc.save(ignore_permissions=True)
