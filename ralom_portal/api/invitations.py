"""Invitations: staff invite a client's contact by e-mail; the contact sets a password once."""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access import two_factor
from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.registration import invitations
from ralom_portal.registration.requests import check_approver
from ralom_portal.utils.request_args import required


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def invite(
	customer: str | None = None,
	email: str | None = None,
	first_name: str | None = None,
	language: str | None = None,
):
	"""Staff only: e-mail a single-use, expiring invitation link for `customer`."""
	check_approver()
	name = invitations.invite(
		required(customer, _("Customer", context="Missing argument")), email, first_name, language
	)
	return {"name": name, "email": frappe.db.get_value(invitations.DOCTYPE, name, "email")}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def revoke(name: str | None = None):
	check_approver()
	invitations.revoke(required(name, _("Invitation", context="Missing argument")))
	return {"status": "Revoked"}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def approve(name: str | None = None):
	"""Staff only: send an invitation a client administrator made, held for approval."""
	check_approver()
	invitations.approve(required(name, _("Invitation", context="Missing argument")))
	return {"status": "Pending"}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def accept(token=None, password=None):
	"""Use an invitation: set the password, link the account, sign in, go to the portal.

	With Frappe's two-factor authentication on for the new client, the password is set and no session
	is made: the client signs in at /login, where the code is asked (the invitation link is an
	e-mailed key like the login link and the reset link, `access.two_factor`)."""
	if frappe.session.user != "Guest":
		frappe.throw(_("Sign out before accepting an invitation."), frappe.ValidationError)
	user = invitations.accept(token, password)
	if two_factor.needs_code(user):
		return {"redirect": two_factor.LOGIN_ROUTE}
	frappe.local.login_manager.login_as(user)
	return {"redirect": "/portal"}
