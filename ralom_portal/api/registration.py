"""Registration: a guest asks for a portal account; staff review and decide.

The guest endpoint has no CSRF session to rely on, so it protects itself: a per-IP rate limit, a
honeypot field that only bots fill in, strict server-side validation, and the same answer whether
or not the e-mail already has an account (its owner is e-mailed instead).
"""

from __future__ import annotations

import frappe
from frappe import _

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.registration import requests
from ralom_portal.utils.request_args import required

HONEYPOT = "website"


def _answer() -> dict:
	return {
		"message": _(
			"Thank you. If this e-mail address can be registered, you will receive an e-mail with a link to set your password. Our team will then review your request."
		)
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=5, seconds=60)
def register(
	full_name=None,
	email=None,
	company_name=None,
	tax_id=None,
	phone=None,
	language=None,
	consent=None,
	country=None,
	**kwargs,
):
	"""Create a Pending Portal Access Request (and the Website User behind it)."""
	if frappe.session.user != "Guest":
		frappe.throw(_("You are already signed in."), frappe.ValidationError)
	if kwargs.get(HONEYPOT):
		return _answer()  # a bot filled the hidden field: pretend, write nothing
	requests.register(
		{
			"full_name": full_name,
			"email": email,
			"company_name": company_name,
			"tax_id": tax_id,
			"phone": phone,
			"language": language,
			"consent": consent,
			"country": country,
		}
	)
	return _answer()


@frappe.whitelist(methods=["GET", "POST"])
@rate_limit(limit=120, seconds=60)
def get_matches(name: str | None = None):
	"""Customers that likely are the registrant's company (staff only)."""
	requests.check_approver()
	return requests.matches(required(name, _("Access request", context="Missing argument")))


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def approve(name: str | None = None, customer: str | None = None):
	"""Link the registrant to `customer` (or to the Customer with its tax id, or a new one)."""
	requests.check_approver()
	return {
		"customer": requests.approve(
			required(name, _("Access request", context="Missing argument")), customer or None
		)
	}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def reject(name: str | None = None, reason: str | None = None):
	requests.check_approver()
	requests.reject(required(name, _("Access request", context="Missing argument")), reason)
	return {"status": "Rejected"}
