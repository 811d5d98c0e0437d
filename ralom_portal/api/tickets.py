"""Support tickets ("Suport/Tichete") from the client portal, and replies from the desk.

Thin: whitelisting, rate limits, the access check, then the domain code beside the DocType
(`doctype/support_ticket/conversation.py`). `data` is a JSON object; files come in the same
multipart request as `files`.
"""

from __future__ import annotations

import frappe

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import require_client, require_staff, require_visible
from ralom_portal.ralom_portal.doctype.support_ticket import conversation

DOCTYPE = "Support Ticket"


def _check_access(name) -> str:
	return require_visible(DOCTYPE, name, conversation.ticket_denied_message())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=10, seconds=60)
def create(data=None):
	customer = require_client(section="tickets")
	return conversation.create_ticket(customer, conversation.parse(data), conversation.request_files())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def reply(name: str | None = None, body: str | None = None):
	return conversation.client_reply(_check_access(name), body, conversation.request_files())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def resolve(name: str | None = None, rating: str | None = None, comment: str | None = None):
	return conversation.resolve(_check_access(name), rating, comment)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=60)
def reopen(name: str | None = None):
	return conversation.reopen(_check_access(name))


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def mark_read(name: str | None = None):
	"""The thread page posts this once it is shown: reading is a GET, and a GET writes nothing."""
	conversation.mark_seen(_check_access(name))
	return {"name": name}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def staff_reply(
	name: str | None = None, body: str | None = None, internal=0, status: str | None = None, files=None
):
	"""Desk form: a public reply (e-mailed to the client) or an internal note (never leaves the desk)."""
	require_staff(DOCTYPE, name, message=conversation.ticket_denied_message())
	return conversation.staff_reply(name, body, internal, status, files)
