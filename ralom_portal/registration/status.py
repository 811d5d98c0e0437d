"""What a signed-in user without a customer is waiting for: their registration request, if any."""

from __future__ import annotations

import frappe
from frappe import _


def request_status(user: str | None = None) -> dict | None:
	"""The user's latest Portal Access Request: {name, status, rejection_reason}, or None."""
	user = user or frappe.session.user
	if not user or user == "Guest":
		return None
	rows = frappe.get_all(
		"Portal Access Request",
		filters={"user": user},
		fields=["name", "status", "rejection_reason", "company_name"],
		order_by="creation desc",
		limit=1,
		ignore_permissions=True,
	)
	return rows[0] if rows else None


def no_access_message(user: str | None = None) -> str | None:
	"""The explanation shown instead of the portal while a request is pending or was rejected."""
	status = request_status(user)
	if not status or status.status == "Approved":
		return None
	if status.status == "Pending":
		return _(
			"Your registration for {0} is awaiting approval (status: {1}). We will e-mail you as soon as our team links your account to your company."
		).format(status.company_name, _("Pending"))
	return _("Your registration for {0} was not approved (status: {1}). Reason: {2}").format(
		status.company_name, _("Rejected"), status.rejection_reason or "-"
	)
