"""Invitations: staff invite a client's contact by e-mail; the contact sets a password once."""

from __future__ import annotations

import frappe
from frappe import _

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


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=10, seconds=60)
def accept(token=None, password=None):
	"""Use an invitation: set the password, link the account, sign in, go to the portal."""
	if frappe.session.user != "Guest":
		frappe.throw(_("Sign out before accepting an invitation."), frappe.ValidationError)
	user = invitations.accept(token, password)
	frappe.local.login_manager.login_as(user)
	return {"redirect": "/portal"}
