"""A client administrator invites a colleague (issue 27), from the team page.

The invitation is the staff's Portal Invitation (`invitations`), carrying the role and sections the
colleague gets on accepting; Client Portal Settings `team_invitations_need_approval` holds it as
"Awaiting approval" until staff approve it (no e-mail before that).

Refused, each before anything is written:
- a customer the caller does not administer (the answer of another client's record);
- a role or section that does not exist;
- an address that cannot be invited: a staff account, a disabled account, or a person who already
  acts for another customer. The refusal is the same for all three and never names the customer:
  the administrator of one client learns nothing about another client's people.
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access import memberships
from ralom_portal.access.customers import ADMINISTRATOR, NO_SECTION
from ralom_portal.access.refuse import deny, refuse_invalid
from ralom_portal.registration import invitations, validation

SETTINGS = "Client Portal Settings"


def needs_approval() -> bool:
	return bool(frappe.db.get_single_value(SETTINGS, "team_invitations_need_approval"))


def invite(actor: str, customer, email, first_name, role, chosen) -> dict:
	"""`actor`, an administrator of `customer`, invites `email` as `role` with the `chosen` sections."""
	customer = memberships.require_administrator(customer, actor)
	if role not in memberships.ROLES:
		refuse_invalid(_("Choose a role: Client administrator or Member."))
	keys = memberships.parse_sections(chosen)
	email = validation.email(email)
	first_name = validation.text(first_name, "first_name", required=False)
	if _cannot_be_invited(customer, email):
		refuse_invalid(_("This address cannot be invited. Ask us if you think it should be."))
	if frappe.db.exists("Portal User", {"parenttype": "Customer", "parent": customer, "user": email}):
		refuse_invalid(_("{0} already has access to this company's portal.").format(email))
	stored = None if role == ADMINISTRATOR else (",".join(keys) or NO_SECTION)
	waiting = needs_approval()
	# The colleague reads the e-mail (and first sees the portal) in the language the administrator
	# works in, which is the company's more surely than ERPNext's customer language field.
	name = invitations.invite(
		customer, email, first_name, frappe.local.lang, role=role, sections=stored, awaiting_approval=waiting
	)
	titles = ", ".join(memberships.section_titles(stored)) or _("none")
	memberships.log_change(
		customer,
		_("{0} invited {1}: role {2}, sections {3}").format(
			memberships.full_name(actor), email, _(role), titles
		)
		+ (" " + _("(awaiting approval by RALOM)") if waiting else ""),
	)
	return {"name": name, "status": invitations.AWAITING_APPROVAL if waiting else "Pending"}


def revoke(actor: str, customer, name) -> dict:
	"""`actor` withdraws an open invitation of `customer` (one of another customer: a foreign record)."""
	customer = memberships.require_administrator(customer, actor)
	row = (
		frappe.db.get_value(invitations.DOCTYPE, name, ["customer", "email", "status"], as_dict=True)
		if isinstance(name, str) and name
		else None
	)
	if not row or row.customer != customer:
		deny()
	if row.status not in invitations.OPEN:
		refuse_invalid(_("Only a pending invitation can be revoked."))
	invitations.revoke(name)
	memberships.log_change(
		customer,
		_("{0} revoked the invitation of {1}").format(memberships.full_name(actor), row.email),
	)
	return {"status": "Revoked"}


def open_invitations(customer: str) -> list[dict]:
	"""The customer's invitations that still stand, newest first, for the team page."""
	rows = frappe.get_all(
		invitations.DOCTYPE,
		filters={"customer": customer, "status": ("in", invitations.OPEN)},
		fields=["name", "email", "first_name", "role", "sections", "status", "expires_on", "creation"],
		order_by="creation desc",
		limit=50,
	)
	for r in rows:
		r.titles = memberships.section_titles(None if r.role == ADMINISTRATOR else r.sections)
	return rows


def _cannot_be_invited(customer: str, email: str) -> bool:
	user = frappe.db.get_value("User", email, ["user_type", "enabled"], as_dict=True)
	if user and (user.user_type != "Website User" or not user.enabled):
		return True
	return bool(
		frappe.db.sql(
			"""select 1 from `tabPortal User` where parenttype = 'Customer' and parentfield = 'portal_users'
			and user = %s and parent != %s limit 1""",
			(email, customer),
		)
	)
