"""One way to refuse a portal client.

Whatever the reason (another client's record, a draft, a cancelled one, a name that does not
exist, staff or an unlinked account calling a client endpoint), the answer is the same
`frappe.PermissionError` (HTTP 403) with the same message for that kind of record, so a refusal
tells nothing about whether a record exists. Pages use `portal.page.not_found`, which renders the
matching 403 page.
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access import rules
from ralom_portal.access.customers import is_desk_user, primary_customer

MAX_NAME = 140


def deny(message: str | None = None):
	frappe.throw(
		message or _("This record does not exist or you do not have access to it."), frappe.PermissionError
	)


def require_visible(doctype: str, name, message: str | None = None) -> str:
	"""`name` when the current user, as a portal client, may see that `doctype` record."""
	if not isinstance(name, str) or not name or len(name) > MAX_NAME:
		deny(message)
	if is_desk_user() or not rules.can_see(doctype, name, frappe.session.user):
		deny(message)
	return name


def require_client(message: str | None = None) -> str:
	"""The customer the current portal user acts for (the first, when several); refuses everyone else."""
	if frappe.session.user == "Guest" or is_desk_user():
		deny(message or _("This is available to client accounts only."))
	customer = primary_customer()
	if not customer:
		deny(_("Your account is not linked to a client company yet."))
	return customer
