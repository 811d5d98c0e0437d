"""What a client does with a shipment from the portal: confirm receipt, or report a problem.

Callers check access first (`access.refuse.require_visible`); this validates everything before it
writes, locks the shipment row it decides on, and refuses with a translated message. The customer
and the author always come from the session: a call that tries to set anything else (status,
customer, dates …) is refused as a whole and changes nothing.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime

from ralom_portal.access.refuse import deny
from ralom_portal.ralom_portal.doctype.customer_shipment.customer_shipment import IN_TRANSIT
from ralom_portal.utils.request_args import unexpected
from ralom_portal.utils.text import plain_text

DOCTYPE = "Customer Shipment"
MAX_PROBLEM = 2000
CONFIRMABLE = (*IN_TRANSIT, "Delivered")


class ShipmentActionError(frappe.ValidationError):
	pass


def refuse_shipment_action(message: str):
	frappe.throw(message, ShipmentActionError, title=_("Shipment"))


def shipment_denied_message() -> str:
	return _("This shipment does not exist or you do not have access to it.")


def refuse_extra(extra: dict) -> None:
	"""Refuse a call carrying fields the client may not set (status, customer …)."""
	keys = unexpected(extra)
	if keys:
		refuse_shipment_action(
			_("These fields cannot be set from the portal: {0}.").format(
				escape_html(", ".join(k[:40] for k in keys[:5]))
			)
		)


def _locked(name: str):
	row = frappe.db.sql(
		"select name, status, received_confirmed_on from `tabCustomer Shipment` where name = %s for update",
		name,
		as_dict=True,
	)
	if not row:
		deny(shipment_denied_message())
	return row[0]


def confirm_receipt(name: str) -> dict:
	"""The client received the goods: Delivered (if it was not yet), with who confirmed and when."""
	row = _locked(name)
	if row.received_confirmed_on:
		refuse_shipment_action(_("You have already confirmed receipt of this shipment."))
	if row.status not in CONFIRMABLE:
		refuse_shipment_action(
			_("This shipment has not been shipped yet, so its receipt cannot be confirmed.")
		)
	user = frappe.session.user
	doc = frappe.get_doc(DOCTYPE, name)
	doc.received_confirmed_on = now_datetime()
	doc.received_confirmed_by = user
	event = {
		"system_note": "Receipt confirmed by {0}.",
		"reference": frappe.utils.get_fullname(user),
		"location": None,
	}
	if doc.status != "Delivered":
		doc.status = "Delivered"
		doc.flags.event = event
		# The client is the one who just said so: no "delivered" e-mail back to them.
		doc.flags.silent = True
	else:
		doc.append("events", {"event_time": now_datetime(), "status": doc.status, "logged_by": user, **event})
	doc.save(ignore_permissions=True)
	return {"name": name, "status": doc.status}


def report_problem(name: str, customer: str, description, submission_key=None) -> dict:
	"""A support ticket about the shipment (category Delivery), and a note on the timeline."""
	from ralom_portal.ralom_portal.doctype.support_ticket import conversation

	row = _locked(name)
	description = plain_text(
		description, _("Description"), MAX_PROBLEM, fail=refuse_shipment_action, required=True
	)
	payload = {
		"subject": _("Problem with shipment {0}").format(name),
		"category": "Delivery" if "Delivery" in conversation.categories() else conversation.categories()[0],
		"description": description,
		"reference_doctype": DOCTYPE,
		"reference_name": name,
		"submission_key": submission_key,
	}
	frappe.db.savepoint("ralom_shipment_problem")
	try:
		result = conversation.create_ticket(customer, payload)
		if not result.get("duplicate"):
			doc = frappe.get_doc(DOCTYPE, name)
			doc.append(
				"events",
				{
					"event_time": now_datetime(),
					"status": row.status,
					"system_note": "The client reported a problem (ticket {0}).",
					"reference": result["name"],
					"logged_by": frappe.session.user,
				},
			)
			doc.save(ignore_permissions=True)
	except Exception:
		frappe.db.rollback(save_point="ralom_shipment_problem")
		raise
	return {"name": name, "ticket": result["name"], "duplicate": result.get("duplicate", False)}
