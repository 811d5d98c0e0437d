"""What the ticket tests share (`test_tickets.py`, `test_tickets_http.py`): two clients and the
support recipient built once a module, and the helpers that open tickets, read the mail queue and
add internal notes.
"""

from __future__ import annotations

import frappe
import pytest

from ralom_portal.access.refuse import require_client
from ralom_portal.ralom_portal.doctype.support_ticket import conversation
from ralom_portal.tests.factories import as_user
from ralom_portal.tests.worlds import refs

DENIED = "This ticket does not exist or you do not have access to it."
REF_DENIED = "The record this ticket refers to does not exist or you do not have access to it."
SECRET = "NOTĂ INTERNĂ: clientul are restanțe, nu acordăm discount"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _counts():
	return (
		frappe.db.count("Support Ticket"),
		frappe.db.count("Support Ticket Message"),
		frappe.db.count("File", {"attached_to_doctype": "Support Ticket Message"}),
	)


def _build_ticket_world():
	from ralom_portal.tests import factories

	a, ua = factories.client()
	b, ub = factories.client()
	staff = factories.staff_user(("Sales User", "Support Team"))
	frappe.db.set_single_value("Client Portal Settings", "ticket_recipients", staff.name)
	frappe.db.set_single_value("Client Portal Settings", "ticket_reopen_days", 7)
	frappe.db.set_single_value("Client Portal Settings", "first_response_hours_medium", 24)
	return refs(a=a, ua=ua, b=b, ub=ub, staff=staff)


def _create(setup, payload, files=(), user=None):
	with as_user(user or setup.ua.name):
		return conversation.create_ticket(require_client(), payload, files)


def _payload(**kw):
	data = {"subject": "Problemă la factură", "category": "Invoice or payment", "description": "Suma diferă."}
	data.update(kw)
	return data


def _refused(setup, payload, message, files=(), exc=frappe.ValidationError):
	before = _counts()
	with pytest.raises(exc) as error:
		_create(setup, payload, files)
	assert message in str(error.value), str(error.value)
	assert _counts() == before
	return error


def _queue(name: str) -> list[str]:
	return frappe.get_all(
		"Email Queue",
		{"reference_doctype": "Support Ticket", "reference_name": name},
		pluck="name",
		order_by="creation, name",
	)


def _emails(name: str) -> list[str]:
	"""The ticket's queued e-mails, decoded (subject and every text part), so content checks are real."""
	import email
	from email.header import decode_header, make_header

	texts = []
	for queue in _queue(name):
		raw = frappe.db.get_value("Email Queue", queue, "message")
		msg = email.message_from_string(raw)
		parts = [str(make_header(decode_header(msg.get("Subject", ""))))]
		for part in msg.walk():
			if part.get_content_maintype() == "text":
				parts.append(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8"))
		texts.append("\n".join(parts))
	return texts


def _note(ticket: str, body: str = SECRET, files=()):
	"""An internal note, as staff write it in the desk (with an optional file on it)."""
	message = conversation.append_message(ticket, body, author="Administrator", internal=True, via="Desk")
	if files:
		from ralom_portal.utils import uploads

		uploads.save("Support Ticket Message", message.name, files)
	return message
