"""Frappe's two-factor authentication switched on for the Customer role, for the 2FA tests only.

HTTP and browser tests talk to a server in another process, so the switch is committed; `two_factor_on`
puts every setting back (and commits) afterwards: other suites sign in without a code.
"""

from __future__ import annotations

import email as email_lib
import re
from contextlib import contextmanager

import frappe

from ralom_portal.access import login_limits
from ralom_portal.demo import builders
from ralom_portal.tests.factories import committed_outbox
from ralom_portal.tests.registration_world import _uid

PASSWORD = "Doi#Factori2026"
ROLE = "Customer"


@contextmanager
def two_factor_on(method: str = "Email"):
	settings = ("enable_two_factor_auth", "two_factor_method", "login_with_email_link")
	before = {field: frappe.db.get_single_value("System Settings", field) for field in settings}
	role_before = frappe.db.get_value("Role", ROLE, "two_factor_auth")
	suspended = frappe.db.get_default("suspend_email_queue")
	outbox = _outbox()
	_apply(
		{"enable_two_factor_auth": 1, "two_factor_method": method, "login_with_email_link": 1},
		role=1,
		# Frappe sends the code at once (delayed=False) and the test site has no mail server;
		# suspended, the e-mail stays in the Email Queue, where the tests read it.
		suspend=1,
	)
	try:
		yield
	finally:
		frappe.db.rollback()
		_apply(before, role=role_before or 0, suspend=suspended)
		if outbox:
			frappe.delete_doc("Email Account", outbox, force=True, ignore_permissions=True)
			frappe.db.commit()


def _outbox() -> str | None:
	"""A default outgoing Email Account (`factories.committed_outbox`); its name when made here."""
	return committed_outbox("Ralom Two Factor Test Outbox", "portal-2fa-test@ralom.ro")


def _apply(values: dict, role, suspend) -> None:
	frappe.db.set_single_value("System Settings", values)
	frappe.db.set_value("Role", ROLE, "two_factor_auth", role)
	frappe.db.set_default("suspend_email_queue", suspend)
	frappe.clear_document_cache("System Settings", "System Settings")
	frappe.clear_document_cache("Role", ROLE)
	frappe.db.value_cache.pop("System Settings", None)  # this connection's cached single values
	frappe.db.commit()


def make_client() -> str:
	"""A committed portal client (own customer, Customer role) with the test password; no login
	failures on record."""
	uid = _uid()
	email = f"doi.factori.{uid}@example.ro"
	customer = builders.make_customer(f"Doi Factori {uid} SRL").name
	builders.make_portal_user(email, customer, first_name="Doina", password=PASSWORD)
	frappe.cache.hdel(login_limits.CACHE_KEY, email)
	frappe.db.commit()
	return email


def emailed_code(address: str) -> str:
	"""The newest verification code Frappe e-mailed to `address`."""
	code = re.search(r">\s*(\d{6})\s*<", emailed_body(address))
	assert code, f"the e-mail to {address} carries no code"
	return code.group(1)


def emailed_body(address: str) -> str:
	"""The text of the newest e-mail queued for `address` (the server committed it)."""
	frappe.db.rollback()
	newest = frappe.get_all(
		"Email Queue Recipient", {"recipient": address}, pluck="parent", order_by="creation desc", limit=1
	)
	assert newest, f"no e-mail was queued for {address}"
	raw = frappe.db.get_value("Email Queue", newest[0], "message") or ""
	return "".join(
		(part.get_payload(decode=True) or b"").decode(part.get_content_charset() or "utf-8", "replace")
		for part in email_lib.message_from_string(raw).walk()
		if part.get_content_maintype() == "text"
	)
