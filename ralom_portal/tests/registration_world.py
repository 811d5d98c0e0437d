"""What the registration tests share (`test_registration.py`, `test_registration_http.py`): forms
with a fresh tax ID, counts, the mail queue, guest calls, an invitation.
"""

from __future__ import annotations

import email as email_lib
import re
import uuid
from email.header import decode_header, make_header

import frappe

from ralom_portal.api import invitations as inv_api
from ralom_portal.api import registration as reg_api
from ralom_portal.utils.cui import is_valid_cui

PASSWORD = "Portal-Parola-2026!x"
DOCTYPES = ("User", "Portal Access Request", "Customer", "Portal Invitation", "Portal User")


def _uid() -> str:
	return uuid.uuid4().hex[:8]


def _valid_cui(seed: int | None = None) -> str:
	"""A fresh Romanian CUI with a correct check digit (no collision with the demo's)."""
	base = str(seed if seed is not None else 10_000_000 + int(uuid.uuid4().int % 89_999_999))[:8]
	for d in range(10):
		if is_valid_cui(base + str(d)):
			return base + str(d)
	return _valid_cui(int(base) + 1)


def _form(**over) -> dict:
	uid = _uid()
	data = {
		"full_name": f"Maria Ionescu {uid}",
		"email": f"reg.{uid}@firma-{uid}.ro",
		"company_name": f"Firma {uid} SRL",
		"tax_id": "RO" + _valid_cui(),
		"phone": "+40 721 234 567",
		"language": "ro",
		"consent": "1",
		"country": "Romania",
	}
	data.update(over)
	return data


def _counts() -> dict[str, int]:
	return {dt: frappe.db.count(dt) for dt in DOCTYPES}


def _mails_to(address: str) -> list[tuple[str, str]]:
	"""(subject, text) of the queued e-mails to `address`."""
	names = frappe.get_all(
		"Email Queue Recipient", {"recipient": address}, pluck="parent", order_by="creation asc, name asc"
	)
	out = []
	for name in names:
		raw = frappe.db.get_value("Email Queue", name, "message") or ""
		msg = email_lib.message_from_string(raw)
		subject = str(make_header(decode_header(msg.get("Subject", ""))))
		body = ""
		for part in msg.walk():
			if part.get_content_maintype() == "text":
				payload = part.get_payload(decode=True)
				if payload:
					body += payload.decode(part.get_content_charset() or "utf-8", "replace")
		out.append((subject, body))
	return out


def _guest_register(**data):
	"""The guest endpoint, called in-process as a guest (the rate limit applies to HTTP only)."""
	frappe.set_user("Guest")
	try:
		return reg_api.register(**data)
	finally:
		frappe.set_user("Administrator")


def _guest_accept(token, password):
	frappe.set_user("Guest")
	try:
		return inv_api.accept(token, password)
	finally:
		frappe.set_user("Administrator")


def _password_key(body: str) -> str:
	match = re.search(r"/update-password\?key=([A-Za-z0-9]+)", body)
	assert match, body
	return match.group(1)


def _invite(customer: str, address: str | None = None, **kw) -> tuple[str, str]:
	"""Invite through the staff API; the token is read from the link in the queued e-mail, as the
	invitee gets it."""
	address = address or f"invitat.{_uid()}@example.ro"
	name = inv_api.invite(customer, address, **kw)["name"]
	return name, invitation_token(address)


def invitation_token(address: str) -> str:
	"""The token in the newest invitation e-mail queued for `address`."""
	tokens = [
		m.group(1)
		for _subject, body in _mails_to(address)
		if (m := re.search(r"accept-invitation\?token=([A-Za-z0-9_-]+)", body))
	]
	assert tokens, "the invitation e-mail carries the link"
	return tokens[-1]
