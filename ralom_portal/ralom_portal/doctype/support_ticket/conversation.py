"""Support tickets from the portal and the desk: the writes behind `api.tickets`.

* `create_ticket(customer, payload, files)`: subject, category, description, optional reference
  and files are all validated before anything is written; the writes happen under one savepoint, so
  a refusal stores nothing. The customer and the author come from the session, never from the
  payload; `status`, `internal`, `customer`, `owner`, `priority` and any other key are ignored.
  Idempotent: the form's random `submission_key`, else an identical payload from the same user
  within `idempotency.DUPLICATE_WINDOW` seconds, returns the first ticket.
* `client_reply`, `resolve`, `reopen`: a client's actions on a ticket they can see (callers check
  access first, `access.refuse`). Each locks the ticket row and checks its status.
* `staff_reply`: a public reply or an internal note from the desk form.
* `append_message`: the one place a message is written (also used by inbound e-mail).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from ralom_portal import sections
from ralom_portal.access import rules
from ralom_portal.access.refuse import deny
from ralom_portal.ralom_portal.doctype.support_ticket import notifications
from ralom_portal.ralom_portal.doctype.support_ticket.support_ticket import reopen_deadline
from ralom_portal.utils import idempotency, uploads
from ralom_portal.utils.form_json import parse_object
from ralom_portal.utils.text import plain_text

DOCTYPE = "Support Ticket"
MESSAGE = "Support Ticket Message"
MAX_SUBJECT = 140
MAX_BODY = 10_000
MAX_COMMENT = 1000
MAX_FILES = 5
MAX_FILE_MB = 10
MAX_FILE_SIZE = MAX_FILE_MB * 1024 * 1024
MAX_PAYLOAD = 100_000
EXTENSIONS = uploads.EXTENSIONS


class TicketError(frappe.ValidationError):
	pass


def refuse_invalid_ticket(message: str):
	frappe.throw(message, TicketError, title=_("Support ticket"))


def ticket_denied_message() -> str:
	return _("This ticket does not exist or you do not have access to it.")


def reference_denied_message() -> str:
	return _("The record this ticket refers to does not exist or you do not have access to it.")


def categories() -> list[str]:
	options = frappe.get_meta(DOCTYPE).get_field("category").options or ""
	return [o for o in options.split("\n") if o]


def reference_doctypes() -> tuple[str, ...]:
	"""Records a ticket may be about: the registry's doctypes marked `reference`."""
	return sections.references()


def request_files() -> list[tuple[str, bytes]]:
	return uploads.request_files(MAX_FILES, MAX_FILE_SIZE, refuse_invalid_ticket)


def _files(files) -> list[dict]:
	return uploads.validate(files, max_files=MAX_FILES, max_size=MAX_FILE_SIZE, fail=refuse_invalid_ticket)


def _body(value, label=None) -> str:
	return plain_text(value, label or _("Message"), MAX_BODY, fail=refuse_invalid_ticket, required=True)


def parse(data) -> dict:
	"""The form's `data` field as a dict, or a translated TicketError."""
	messages = (_("The ticket is empty."), _("The ticket is too large."), _("The ticket could not be read."))
	return parse_object(data, max_length=MAX_PAYLOAD, fail=refuse_invalid_ticket, messages=messages)


def check_reference(ref_doctype, ref_name, user: str | None = None) -> tuple[str, str] | tuple[None, None]:
	"""(doctype, name) of a record the user may see, (None, None) when none is given; refuses the rest
	with one message, whether the record is another client's or does not exist."""
	if not ref_doctype and not ref_name:
		return None, None
	if ref_doctype not in reference_doctypes() or not isinstance(ref_name, str) or len(ref_name) > 140:
		refuse_invalid_ticket(reference_denied_message())
	if not rules.can_see(ref_doctype, ref_name, user or frappe.session.user):
		refuse_invalid_ticket(reference_denied_message())
	return ref_doctype, ref_name


def validate_payload(payload) -> dict:
	"""The cleaned ticket (known keys only), or a translated TicketError. Writes nothing."""
	if not isinstance(payload, dict):
		refuse_invalid_ticket(_("The ticket could not be read."))
	subject = plain_text(
		payload.get("subject"), _("Subject"), MAX_SUBJECT, fail=refuse_invalid_ticket, required=True
	)
	category = payload.get("category")
	if category not in categories():
		refuse_invalid_ticket(_("Please choose a category."))
	description = _body(payload.get("description"), _("Description"))
	ref_doctype, ref_name = check_reference(payload.get("reference_doctype"), payload.get("reference_name"))
	return {
		"subject": subject,
		"category": category,
		"description": description,
		"reference_doctype": ref_doctype,
		"reference_name": ref_name,
		"submission_key": idempotency.client_key(payload.get("submission_key")),
	}


def create_ticket(customer: str, payload, files=()) -> dict:
	user = frappe.session.user
	clean = validate_payload(payload)
	files = _files(files)
	content_hash = idempotency.payload_hash(user, customer, clean, files)
	key = idempotency.idempotency_key(user, clean.pop("submission_key"), content_hash)
	description = clean.pop("description")

	def build():
		return frappe.get_doc(
			{
				"doctype": DOCTYPE,
				"customer": customer,
				"raised_by": user,
				"status": "Open",
				"priority": "Medium",
				"last_client_message_on": now_datetime(),
				"client_seen_on": now_datetime(),
				**clean,
			}
		)

	def after(doc):
		message = append_message(doc.name, description, author=user, from_client=True, files=files)
		notifications.notify_support(doc, message, new=True)

	return idempotency.create_once(DOCTYPE, key=key, content_hash=content_hash, build=build, after=after)


def append_message(
	ticket: str,
	body: str,
	*,
	author: str,
	from_client: bool = False,
	internal: bool = False,
	via: str = "Portal",
	files=(),
	communication: str | None = None,
):
	"""Write one message (and its files) and keep the ticket's activity times up to date."""
	now = now_datetime()
	message = frappe.get_doc(
		{
			"doctype": MESSAGE,
			"ticket": ticket,
			"author": author,
			"author_name": frappe.utils.get_fullname(author),
			"sent_on": now,
			"body": body,
			"internal": 1 if internal else 0,
			"from_client": 1 if from_client else 0,
			"via": via,
			"communication": communication,
		}
	)
	message.insert(ignore_permissions=True)
	uploads.save(MESSAGE, message.name, files)
	if from_client:
		frappe.db.set_value(DOCTYPE, ticket, "last_client_message_on", now, update_modified=False)
	elif not internal:
		values = {"last_staff_reply_on": now}
		if not frappe.db.get_value(DOCTYPE, ticket, "first_response_on"):
			values["first_response_on"] = now
		frappe.db.set_value(DOCTYPE, ticket, values, update_modified=False)
	return message


def _locked_status(name: str) -> frappe._dict:
	row = frappe.db.sql(
		"select name, status, resolved_on from `tabSupport Ticket` where name = %s for update",
		name,
		as_dict=True,
	)
	if not row:
		deny(ticket_denied_message())
	return row[0]


def _set_status(name: str, status: str) -> None:
	doc = frappe.get_doc(DOCTYPE, name)
	if doc.status != status:
		doc.status = status
		doc.save(ignore_permissions=True)


def _can_reopen(row) -> bool:
	deadline = reopen_deadline(row.resolved_on)
	return row.status == "Resolved" and deadline is not None and now_datetime() <= get_datetime(deadline)


def client_reply(name: str, body, files=()) -> dict:
	row = _locked_status(name)
	if row.status == "Closed":
		refuse_invalid_ticket(_("This ticket is closed. Please open a new ticket."))
	if row.status == "Resolved" and not _can_reopen(row):
		refuse_invalid_ticket(_("This ticket can no longer be reopened. Please open a new ticket."))
	body = _body(body)
	files = _files(files)
	frappe.db.savepoint("ralom_ticket_reply")
	try:
		message = append_message(name, body, author=frappe.session.user, from_client=True, files=files)
		_set_status(name, "Open")
		notifications.notify_support(frappe.get_doc(DOCTYPE, name), message, new=False)
	except Exception:
		frappe.db.rollback(save_point="ralom_ticket_reply")
		raise
	return {"name": name, "message": message.name}


def resolve(name: str, rating=None, comment=None) -> dict:
	row = _locked_status(name)
	if row.status in ("Resolved", "Closed"):
		refuse_invalid_ticket(_("This ticket is already resolved."))
	if rating not in (None, ""):
		if isinstance(rating, bool) or str(rating).strip() not in {"1", "2", "3", "4", "5"}:
			refuse_invalid_ticket(_("Please rate our answer from 1 to 5 stars."))
		rating = cint(str(rating).strip())
	comment = plain_text(comment, _("Comment"), MAX_COMMENT, fail=refuse_invalid_ticket)
	doc = frappe.get_doc(DOCTYPE, name)
	doc.status = "Resolved"
	if rating:
		# Frappe's Rating field stores a fraction of the stars (0..1).
		doc.rating = rating / 5
	doc.rating_comment = comment or None
	doc.save(ignore_permissions=True)
	return {"name": name, "status": doc.status}


def reopen(name: str) -> dict:
	row = _locked_status(name)
	if row.status != "Resolved" or not _can_reopen(row):
		refuse_invalid_ticket(_("This ticket can no longer be reopened. Please open a new ticket."))
	_set_status(name, "Open")
	return {"name": name, "status": "Open"}


def staff_reply(name: str, body, internal=False, status: str | None = None, files=None) -> dict:
	"""A desk user's public reply (e-mailed to the client) or internal note (never leaves the desk).

	`files`: names of Files attached to the ticket form itself (staff-only) to send with the message;
	they move onto the message, so the client sees them exactly when it sees the message."""
	row = _locked_status(name)
	if row.status == "Closed":
		refuse_invalid_ticket(_("This ticket is closed."))
	body = _body(body)
	internal = bool(cint(internal))
	chosen = _ticket_files(name, files)
	message = append_message(name, body, author=frappe.session.user, internal=internal, via="Desk")
	for file_name in chosen:
		frappe.db.set_value(
			"File", file_name, {"attached_to_doctype": MESSAGE, "attached_to_name": message.name}
		)
	if not internal:
		_set_status(
			name, status if status in ("In Progress", "Awaiting Client", "Resolved") else "Awaiting Client"
		)
		notifications.notify_client(frappe.get_doc(DOCTYPE, name), message)
	return {"name": name, "message": message.name, "internal": internal}


def _ticket_files(name: str, files) -> list[str]:
	"""The requested Files, each attached to the ticket `name` itself; anything else is refused."""
	if not files:
		return []
	if isinstance(files, str):
		try:
			files = json.loads(files)
		except ValueError:
			refuse_invalid_ticket(_("The attachments could not be read."))
	if not isinstance(files, list) or len(files) > MAX_FILES or not all(isinstance(f, str) for f in files):
		refuse_invalid_ticket(_("The attachments could not be read."))
	found = frappe.get_all(
		"File",
		filters={"name": ("in", files), "attached_to_doctype": DOCTYPE, "attached_to_name": name},
		pluck="name",
	)
	if len(set(found)) != len(set(files)):
		refuse_invalid_ticket(_("Only files attached to this ticket can be sent with a reply."))
	return list(dict.fromkeys(files))


def mark_seen(name: str) -> None:
	"""The client read the thread: clears the unread marker (a POST from the thread page)."""
	frappe.db.set_value(DOCTYPE, name, "client_seen_on", now_datetime(), update_modified=False)
