"""Portal Invitations: staff (or a client administrator, `team_invitations`) invite a contact by
e-mail; the link sets a password once.

Only a SHA-256 hash of the token is stored; the token itself exists only in the e-mail. A token is
single-use, expires after EXPIRY_DAYS and can be revoked.
"""

from __future__ import annotations

import hashlib
import re
import secrets

import frappe
from frappe import _
from frappe.utils import add_days, get_datetime, get_url, now_datetime

from ralom_portal.access import memberships
from ralom_portal.access.customers import ADMINISTRATOR, is_desk_user
from ralom_portal.access.links import link_user
from ralom_portal.registration import mail, validation

DOCTYPE = "Portal Invitation"
AWAITING_APPROVAL = "Awaiting approval"
# The invitations that still stand: revoking, replacing and the team page's list read these.
OPEN = (AWAITING_APPROVAL, "Pending")
EXPIRY_DAYS = 7
MIN_PASSWORD_LENGTH = 8
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,100}$")


def token_hash(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def invite(
	customer: str,
	email: str,
	first_name: str | None = None,
	language: str | None = None,
	role: str | None = None,
	sections: str | None = None,
	awaiting_approval: bool = False,
) -> str:
	"""Staff (or, through `team_invitations`, a client administrator) invite `email` to `customer`.

	`role` and `sections` are what the person becomes at the customer (a `Portal User` row's
	`ralom_portal_role` / `ralom_sections`); the default, a Client administrator, is what a staff
	invitation always meant. With `awaiting_approval` nothing is sent until staff `approve` it."""
	email = validation.email(email)
	first_name = validation.text(first_name, "first_name", required=False)
	if not frappe.db.exists("Customer", customer):
		frappe.throw(_("Customer {0} does not exist.").format(customer))
	existing = frappe.db.get_value("User", email, ["user_type", "enabled"], as_dict=True)
	if existing and existing.user_type != "Website User":
		frappe.throw(_("{0} is a staff account and cannot be linked to a client.").format(email))
	if existing and not existing.enabled:
		frappe.throw(_("The account {0} is disabled.").format(email))
	if frappe.db.exists("Portal User", {"parenttype": "Customer", "parent": customer, "user": email}):
		frappe.throw(_("{0} already has access to this client's portal.").format(email))
	language = (
		language
		if language in validation.LANGUAGES
		else (
			(existing and frappe.db.get_value("User", email, "language"))
			or frappe.db.get_value("Customer", customer, "language")
			or "ro"
		)
	)
	if language not in validation.LANGUAGES:
		language = "ro"
	# A new invitation replaces any earlier open one for the same person and client.
	for name in frappe.get_all(
		DOCTYPE, {"customer": customer, "email": email, "status": ("in", OPEN)}, pluck="name"
	):
		frappe.db.set_value(DOCTYPE, name, "status", "Revoked")
	doc = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"customer": customer,
			"email": email,
			"first_name": first_name,
			"language": language,
			"role": role or ADMINISTRATOR,
			"sections": sections,
			"status": AWAITING_APPROVAL if awaiting_approval else "Pending",
			"invited_by": frappe.session.user,
		}
	)
	if not awaiting_approval:
		_arm(doc)
	doc.insert(ignore_permissions=True)
	if not awaiting_approval:
		_send(doc)
	return doc.name


def approve(name: str) -> None:
	"""Staff approve an invitation a client administrator sent: its e-mail goes out now."""
	doc = frappe.get_doc(DOCTYPE, name, for_update=True)
	if doc.status != AWAITING_APPROVAL:
		frappe.throw(_("Only an invitation awaiting approval can be approved."), frappe.ValidationError)
	if frappe.db.exists("Portal User", {"parenttype": "Customer", "parent": doc.customer, "user": doc.email}):
		frappe.throw(_("{0} already has access to this client's portal.").format(doc.email))
	doc.status = "Pending"
	doc.approved_by = frappe.session.user
	_arm(doc)
	doc.save(ignore_permissions=True)
	_send(doc)


def _arm(doc) -> None:
	"""A new token for `doc` (only its hash is stored) and its expiry; the token waits on the document
	object, unsaved, for `_send`."""
	doc.flags.token = secrets.token_urlsafe(32)
	doc.token_hash = token_hash(doc.flags.token)
	doc.expires_on = add_days(now_datetime(), EXPIRY_DAYS)


def _send(doc) -> None:
	link = get_url("/portal/accept-invitation?token=" + doc.flags.token)
	inviter = None if is_desk_user(doc.invited_by) else frappe.utils.get_fullname(doc.invited_by)
	mail.invitation(
		doc.email,
		doc.language,
		frappe.db.get_value("Customer", doc.customer, "customer_name"),
		link,
		doc.expires_on,
		inviter,
	)


def revoke(name: str) -> None:
	doc = frappe.get_doc(DOCTYPE, name, for_update=True)
	if doc.status not in OPEN:
		frappe.throw(_("Only a pending invitation can be revoked."))
	doc.status = "Revoked"
	doc.save(ignore_permissions=True)


def find(token, for_update: bool = False) -> frappe._dict:
	"""The open invitation behind `token`; a translated error for anything else.

	With `for_update` the row is locked before its status is judged, so two parallel accepts
	cannot both see it Pending (a locking read sees the latest committed status).
	"""
	invalid = _("This invitation link is not valid. Ask us for a new invitation.")
	if not isinstance(token, str) or not _TOKEN.match(token):
		frappe.throw(invalid, frappe.ValidationError)
	row = frappe.db.get_value(
		DOCTYPE,
		{"token_hash": token_hash(token)},
		["name", "customer", "email", "first_name", "language", "status", "expires_on", "role", "sections"],
		as_dict=True,
		for_update=for_update,
	)
	if not row:
		frappe.throw(invalid, frappe.ValidationError)
	if row.status == "Accepted":
		frappe.throw(
			_("This invitation was already used. Sign in with your e-mail and password."),
			frappe.ValidationError,
		)
	if row.status == "Revoked":
		frappe.throw(_("This invitation was revoked. Ask us for a new invitation."), frappe.ValidationError)
	if row.status == "Expired" or get_datetime(row.expires_on) < now_datetime():
		frappe.throw(_("This invitation has expired. Ask us for a new invitation."), frappe.ValidationError)
	return row


def check_password(password, email: str) -> str:
	if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
		frappe.throw(
			_("Choose a password of at least {0} characters.").format(MIN_PASSWORD_LENGTH),
			frappe.ValidationError,
		)
	if len(password) > 256:
		frappe.throw(_("The password is too long."), frappe.ValidationError)
	if frappe.db.get_single_value("System Settings", "enable_password_policy"):
		from frappe.utils.password_strength import test_password_strength

		result = test_password_strength(password, user_inputs=(email,))
		minimum = frappe.db.get_single_value("System Settings", "minimum_password_score") or 2
		if (result.get("score") or 0) < int(minimum):
			frappe.throw(
				_("This password is too easy to guess. Choose a longer one."), frappe.ValidationError
			)
	return password


def accept(token, password) -> str:
	"""Use the invitation: create (or reuse) the Website User, set the password, link. Returns the user."""
	invitation = find(token, for_update=True)
	email = invitation.email
	check_password(password, email)
	existing = frappe.db.get_value("User", email, ["user_type", "enabled"], as_dict=True)
	if existing and (existing.user_type != "Website User" or not existing.enabled):
		frappe.throw(
			_("This invitation cannot be used for this account. Please contact us."), frappe.ValidationError
		)
	if not existing:
		with mail.in_language(invitation.language):
			user = frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": invitation.first_name or email.partition("@")[0],
					"user_type": "Website User",
					"language": invitation.language or "ro",
					"enabled": 1,
					"send_welcome_email": 0,
				}
			)
			user.flags.ignore_permissions = True
			user.flags.no_welcome_mail = True
			user.insert()
	from frappe.utils.password import update_password

	update_password(email, password)
	link_user(invitation.customer, email, invitation.first_name, invitation.role, invitation.sections)
	frappe.db.set_value(
		DOCTYPE, invitation.name, {"status": "Accepted", "accepted_on": now_datetime(), "user": email}
	)
	memberships.log_change(invitation.customer, _("{0} accepted the invitation").format(email))
	return email
