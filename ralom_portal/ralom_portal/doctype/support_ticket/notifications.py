"""Who hears about a ticket: the support team (new tickets, client messages) and the client (public
replies, in their language). Internal notes are never passed here; `notify_client` refuses them
anyway, so no code path can e-mail one.

Subjects carry the ticket tag `[TKT-00001]`: a reply to the notification comes back through the
incoming Email Account and `inbound.py` appends it to that thread.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, escape_html, get_url

from ralom_portal import sections
from ralom_portal.access.customers import customers_for
from ralom_portal.utils import mail
from ralom_portal.utils.notify import desk_alert, staff_recipients
from ralom_portal.utils.preferences import wants_immediate


def tag(name: str) -> str:
	return f"[{name}]"


def support_recipients() -> list[str]:
	"""Emails from Client Portal Settings; when none are set, the enabled Support Team users."""
	return staff_recipients("ticket_recipients", "Support Team")


def _text_html(text: str) -> str:
	return "".join(f"<p>{escape_html(p)}</p>" for p in cstr(text).split("\n") if p.strip())


def notify_support(ticket, message, *, new: bool) -> None:
	"""E-mail and a desk notification for the support team about a client's ticket or message."""
	if message.internal:
		return
	recipients = support_recipients()
	if not recipients:
		return
	who = ticket.customer_name or ticket.customer
	subject = (_("{0} New ticket from {1}: {2}") if new else _("{0} {1} replied: {2}")).format(
		tag(ticket.name), who, ticket.subject
	)
	link = get_url(f"/app/support-ticket/{ticket.name}")
	body = _text_html(message.body) + '<p><a href="{0}">{1}</a></p>'.format(
		escape_html(link), escape_html(_("Open the ticket"))
	)
	mail.queue(recipients, subject, body, reference_doctype="Support Ticket", reference_name=ticket.name)
	desk_alert(recipients, subject, body, "Support Ticket", ticket.name)


def notify_client(ticket, message) -> None:
	"""E-mail the client who raised the ticket about a public reply, in their language."""
	if message.internal or message.from_client:
		return
	user = ticket.raised_by
	if not user or not frappe.db.get_value("User", user, "enabled"):
		return
	if ticket.customer not in customers_for(user, "tickets"):
		return  # unlinked since, or the membership no longer shows tickets (issue 27)
	if not wants_immediate(user, "reply"):
		return  # a digest user hears about it tomorrow; the bell shows it now
	with mail.in_language(mail.language_of(user)):
		subject = _("{0} New reply to your ticket: {1}").format(tag(ticket.name), ticket.subject)
		intro = _("{0} replied to your ticket {1}:").format(message.author_name or _("Our team"), ticket.name)
		footer = _("You can answer in the client portal or by replying to this e-mail.")
		link = get_url(sections.record_route("Support Ticket", ticket.name))
		body = (
			f"<p>{escape_html(intro)}</p>"
			+ _text_html(message.body)
			+ f"<p>{escape_html(footer)}</p>"
			+ '<p><a href="{0}">{1}</a></p>'.format(escape_html(link), escape_html(_("View the ticket")))
		)
		mail.queue(user, subject, body, reference_doctype="Support Ticket", reference_name=ticket.name)
