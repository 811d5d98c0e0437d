"""Shipments ("Expedieri"): the client confirms receipt or reports a problem; staff move shipments.

Thin: whitelisting, per-user rate limits, the access check first (another client's shipment, a
cancelled one and a missing name all get the same PermissionError), then the domain code beside
the DocType (`doctype/customer_shipment/`). A client call that carries anything beyond its own
arguments (a forged status, customer …) is refused whole.
"""

from __future__ import annotations

import frappe

from ralom_portal.access.rate_limits import rate_limit
from ralom_portal.access.refuse import deny, require_staff, require_visible
from ralom_portal.ralom_portal.doctype.customer_shipment import client_actions, delivery_notes, status_updates

DOCTYPE = "Customer Shipment"


def _check_access(name) -> str:
	return require_visible(DOCTYPE, name, client_actions.shipment_denied_message())


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=10, seconds=60)
def confirm_receipt(name: str | None = None, **extra):
	name = _check_access(name)
	client_actions.refuse_extra(extra)
	return client_actions.confirm_receipt(name)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=5, seconds=60)
def report_problem(
	name: str | None = None, description: str | None = None, submission_key: str | None = None, **extra
):
	name = _check_access(name)
	client_actions.refuse_extra(extra)
	# The ticket is the shipment customer's (a user may act for several companies).
	customer = frappe.db.get_value(DOCTYPE, name, "customer")
	return client_actions.report_problem(name, customer, description, submission_key)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=60, seconds=60)
def update_status(
	names=None, status: str | None = None, location: str | None = None, note: str | None = None
):
	"""Desk (form and list bulk action): move one or more shipments to `status`, with an event."""
	require_staff(DOCTYPE, message=client_actions.shipment_denied_message())
	return status_updates.set_status(names, status, location, note)


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=30, seconds=60)
def merge(target: str | None = None, sources=None):
	"""Desk (list bulk action): merge shipments of one customer into `target`."""
	require_staff(DOCTYPE, message=client_actions.shipment_denied_message())
	names = status_updates.parse_names(sources)
	if not isinstance(target, str) or not frappe.has_permission(DOCTYPE, "write", target):
		deny(client_actions.shipment_denied_message())
	for name in names:
		if not frappe.has_permission(DOCTYPE, "write", name):
			deny(client_actions.shipment_denied_message())
	return delivery_notes.merge(target, names)
