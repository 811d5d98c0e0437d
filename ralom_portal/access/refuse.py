"""One way to refuse a portal client.

Whatever the reason (another client's record, a draft, a cancelled one, a name that does not
exist, staff or an unlinked account calling a client endpoint), the answer is the same
`frappe.PermissionError` (HTTP 403) with the same message for that kind of record, so a refusal
tells nothing about whether a record exists. Pages use `portal.page.not_found`, which renders the
matching 403 page.

* `require_visible`, `require_client`, `require_customers`, `require_staff`: the access check an
  API method starts with.
* `deny(message)`: the PermissionError itself (403), for domain code that finds a record gone or
  not its to decide on.
* `refuse_invalid(message)`: a plain ValidationError (417) for input the caller may fix. Domain
  modules with their own error class (and dialog title) keep a `refuse_invalid_<thing>` of their own.
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access import rules
from ralom_portal.access.customers import customers_for, is_desk_user, primary_customer

MAX_NAME = 140
# `require_staff` without a record: the permission on the doctype as a whole.
_ANY = object()


def deny(message: str | None = None):
	frappe.throw(
		message or _("This record does not exist or you do not have access to it."), frappe.PermissionError
	)


def refuse_invalid(message: str):
	frappe.throw(message, frappe.ValidationError)


def require_visible(doctype: str, name, message: str | None = None) -> str:
	"""`name` when the current user, as a portal client, may see that `doctype` record."""
	if not isinstance(name, str) or not name or len(name) > MAX_NAME:
		deny(message)
	if is_desk_user() or not rules.can_see(doctype, name, frappe.session.user):
		deny(message)
	return name


def require_client(message: str | None = None, section: str | None = None) -> str:
	"""The customer the current portal user acts for (the first, when several; of those whose
	membership grants `section`, a key of the section registry, when one is named); refuses everyone
	else, and a member the section is hidden from as if the record were not theirs."""
	if frappe.session.user == "Guest" or is_desk_user():
		deny(message or _("This is available to client accounts only."))
	if not primary_customer():
		deny(_("Your account is not linked to a client company yet."))
	customer = primary_customer(section=section)
	if not customer:
		deny(message)
	return customer


def require_customers(message: str | None = None, section: str | None = None) -> tuple[str, ...]:
	"""Every customer the current portal user acts for (whose membership grants `section`, a key of
	the section registry, when one is named); everyone else (guests, staff, an unlinked account, a
	member the section is hidden from) gets `message`, the same answer a foreign record gets."""
	if frappe.session.user == "Guest" or is_desk_user() or not customers_for(section=section):
		deny(message)
	return customers_for(section=section)


def require_staff(doctype: str | None = None, name=_ANY, *, ptype: str = "write", message: str | None = None):
	"""For a desk (System) user: refuses everyone else, then checks `ptype` permission on `doctype`
	(on the record `name` when one is passed: a short string naming an existing record, so a missing
	one is refused like a forbidden one). Returns `name` (None without one)."""
	if not is_desk_user():
		deny(message)
	if doctype is None:
		return None
	if name is _ANY:
		if not frappe.has_permission(doctype, ptype):
			deny(message)
		return None
	if (
		not isinstance(name, str)
		or not name
		or len(name) > MAX_NAME
		or not frappe.db.exists(doctype, name)
		or not frappe.has_permission(doctype, ptype, name)
	):
		deny(message)
	return name
