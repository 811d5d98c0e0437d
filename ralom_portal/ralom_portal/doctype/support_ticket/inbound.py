"""A client's e-mail reply lands in the ticket's thread.

Frappe's incoming Email Account turns each received mail into a Communication
(`frappe.email.receive.InboundMail`, which inserts it and then saves its content); this `on_update`
hook looks, once per Communication, for the ticket tag
`[TKT-00001]` in its subject. The message is appended only when the sender is a portal user of that
ticket's customer and the ticket is not Closed: a forged tag (another client's ticket) or a stranger's
mail lands nowhere. Frappe's own threading (In-Reply-To, subject match) is never trusted for this.
"""

from __future__ import annotations

import html
import re

import frappe
from frappe.utils import cstr, get_datetime, now_datetime, strip_html

from ralom_portal.access.customers import customers_for
from ralom_portal.ralom_portal.doctype.support_ticket.conversation import MAX_BODY, append_message
from ralom_portal.ralom_portal.doctype.support_ticket.notifications import notify_support
from ralom_portal.ralom_portal.doctype.support_ticket.support_ticket import reopen_deadline

TAG = re.compile(r"\[(TKT-\d{5,})\]")
# Where the quoted earlier mail starts in a reply ("On … wrote:", "În … a scris:", "> …").
_BLOCKQUOTE = re.compile(r"<blockquote.*?</blockquote>", re.I | re.S)
_BREAKS = re.compile(r"<br\s*/?>|</p>|</div>", re.I)
_QUOTE = re.compile(r"^(On .+ wrote:|În .+ a scris:|-----Original Message-----|>)", re.M)


def on_communication_update(doc, method=None) -> None:
	if doc.communication_medium != "Email" or doc.sent_or_received != "Received" or not doc.content:
		return
	match = TAG.search(cstr(doc.subject))
	if not match:
		return
	name = match.group(1)
	sender = cstr(doc.sender).strip().lower()
	row = frappe.db.get_value("Support Ticket", name, ["customer", "status", "resolved_on"], as_dict=True)
	if not row or row.status == "Closed" or not sender:
		return
	if row.status == "Resolved" and now_datetime() > get_datetime(reopen_deadline(row.resolved_on)):
		return  # past the reopen window: the client opens a new ticket instead
	user = frappe.db.get_value("User", {"name": sender, "enabled": 1}, "name")
	if not user or row.customer not in customers_for(user):
		return
	body = reply_text(doc.content)
	if not body or frappe.db.exists("Support Ticket Message", {"communication": doc.name}):
		return
	message = append_message(name, body, author=user, from_client=True, via="Email", communication=doc.name)
	ticket = frappe.get_doc("Support Ticket", name)
	if ticket.status != "Open":
		ticket.status = "Open"
		ticket.save(ignore_permissions=True)
	notify_support(ticket, message, new=False)


def reply_text(content) -> str:
	"""The new part of a reply as plain text (quoted history dropped), at most MAX_BODY characters."""
	text = cstr(content)
	if "<" in text:
		text = _BLOCKQUOTE.sub("", text)
		text = html.unescape(strip_html(_BREAKS.sub("\n", text)))
	match = _QUOTE.search(text)
	if match:
		text = text[: match.start()]
	return text.strip()[:MAX_BODY]
