"""The client hears about a shipment when it leaves (Shipped), arrives (Delivered) or runs into a
problem (Exception): one e-mail per enabled portal user of the customer, in that user's language."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_url

from ralom_portal import sections
from ralom_portal.access.customers import customers_for
from ralom_portal.ralom_portal.doctype.customer_shipment.customer_shipment import event_note
from ralom_portal.ralom_portal.doctype.shipment_carrier.shipment_carrier import tracking_url
from ralom_portal.utils import mail
from ralom_portal.utils.preferences import wants_immediate

NOTIFY = ("Shipped", "Delivered", "Exception")


def subject(status: str, name: str) -> str:
	if status == "Shipped":
		return _("Your shipment {0} is on its way").format(name)
	if status == "Delivered":
		return _("Your shipment {0} was delivered").format(name)
	return _("There is a problem with your shipment {0}").format(name)


def recipients(customer: str) -> list[str]:
	return frappe.db.sql_list(
		"""select distinct u.name from `tabPortal User` pu join `tabUser` u on u.name = pu.user
		where pu.parenttype = 'Customer' and pu.parentfield = 'portal_users' and pu.parent = %s
			and u.enabled = 1 order by u.name""",
		customer,
	)


def notify_client(shipment) -> None:
	if shipment.status not in NOTIFY:
		return
	template = (
		frappe.db.get_value("Shipment Carrier", shipment.carrier, "tracking_url_template")
		if shipment.carrier
		else None
	)
	track = tracking_url(template, shipment.tracking_number)
	event = shipment.events[-1] if shipment.events else None
	for user in recipients(shipment.customer):
		# A colleague whose membership hides shipments hears nothing of them (issue 27).
		if shipment.customer not in customers_for(user, "shipments") or not wants_immediate(user, "shipment"):
			continue
		with mail.in_language(mail.language_of(user)):
			title = subject(shipment.status, shipment.name)
			lines = [
				_("Status: {0}").format(_(shipment.status, context="Shipment status")),
			]
			if event and event.location:
				lines.append(_("Location: {0}").format(event.location))
			note = event_note(event) if event else None
			if note:
				lines.append(note)
			if shipment.expected_delivery_date and shipment.status == "Shipped":
				lines.append(
					_("Expected delivery: {0}").format(
						frappe.utils.formatdate(shipment.expected_delivery_date)
					)
				)
			if track:
				lines.append(_("Track it on the carrier's site: {0}").format(track))
			body = mail.paragraphs_html(
				lines,
				(_("View the shipment"), get_url(sections.record_route("Customer Shipment", shipment.name))),
			)
			mail.queue(user, title, body, reference_doctype="Customer Shipment", reference_name=shipment.name)
