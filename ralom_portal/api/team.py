"""The client administrator's team page: invite a colleague, change a colleague's role and sections,
deactivate one.

Thin: whitelisting (POST), a per-user rate limit, the access check (the caller administers
`customer`; anything else is refused like another client's record), then the domain code
(`access/memberships.py`), which locks the customer's rows and refuses before writing anything."""

from __future__ import annotations

import frappe

from ralom_portal.access import memberships
from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.registration import team_invitations


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def set_membership(customer=None, user=None, role=None, sections=None):
	"""`sections`: a JSON list of section keys of the registry (the dashboard is always open)."""
	memberships.require_administrator(customer)
	return memberships.set_membership(frappe.session.user, customer, user, role, sections)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def deactivate(customer=None, user=None):
	"""Unlink a colleague from `customer`, with the Contact clean-up."""
	memberships.require_administrator(customer)
	return memberships.deactivate(frappe.session.user, customer, user)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=10, seconds=60)
def invite(customer=None, email=None, first_name=None, role=None, sections=None):
	"""Invite a colleague to `customer` by e-mail, with a role and (for a Member) sections, a JSON
	list of section keys. Client Portal Settings may hold it for staff approval."""
	memberships.require_administrator(customer)
	return team_invitations.invite(frappe.session.user, customer, email, first_name, role, sections)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def revoke_invitation(customer=None, name=None):
	"""Withdraw an invitation of `customer` that was not used yet."""
	memberships.require_administrator(customer)
	return team_invitations.revoke(frappe.session.user, customer, name)
