"""Customer Shipment ("Expedieri"): where a client's order is, as a timeline.

Made automatically when a Delivery Note for a customer is submitted (`delivery_notes.py`); staff may
merge several notes into one shipment or make one by hand (adding Delivery Note rows copies their
items in on save). Every document linked to a shipment must belong to the shipment's customer: a
shipment never shows a client another client's items.

Status: Preparing → Shipped → In Transit → Out for Delivery → Delivered, or Exception / Returned;
Cancelled (its delivery note was cancelled, or it was merged into another) is never shown to the
client. Each status change appends a timeline event (with the location and note staff typed), and
Shipped, Delivered and Exception are e-mailed to the client's portal users in their language.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, escape_html, getdate, now_datetime, nowdate

from ralom_portal.utils.text import has_markup

STATUSES = (
	"Preparing",
	"Shipped",
	"In Transit",
	"Out for Delivery",
	"Delivered",
	"Exception",
	"Returned",
	"Cancelled",
)
# What the client sees (Cancelled shipments are hidden by the access rule).
CLIENT_STATUSES = STATUSES[:-1]
# On the way: the dashboard's "in transit", and what "late" is measured on.
IN_TRANSIT = ("Shipped", "In Transit", "Out for Delivery")
OPEN = ("Preparing", *IN_TRANSIT, "Exception")
FINAL = ("Delivered", "Returned", "Cancelled")
NOTIFY = ("Shipped", "Delivered", "Exception")
# Forward along the way, or off it (Exception, Returned); Delivered can still come back (Returned).
TRANSITIONS = {
	"Preparing": {"Shipped", "In Transit", "Out for Delivery", "Delivered", "Exception", "Cancelled"},
	"Shipped": {"In Transit", "Out for Delivery", "Delivered", "Exception", "Returned", "Cancelled"},
	"In Transit": {"Out for Delivery", "Delivered", "Exception", "Returned"},
	"Out for Delivery": {"In Transit", "Delivered", "Exception", "Returned"},
	"Exception": {"Shipped", "In Transit", "Out for Delivery", "Delivered", "Returned", "Cancelled"},
	"Delivered": {"Returned"},
	"Returned": set(),
	"Cancelled": set(),
}
LINK_DOCTYPES = ("Delivery Note", "Sales Order", "Sales Invoice")
_CUSTOMER_FIELD = {"Delivery Note": "customer", "Sales Order": "customer", "Sales Invoice": "customer"}
MAX_TEXT = 1000


class InvalidShipment(frappe.ValidationError):
	pass


def refuse_invalid_shipment(message: str):
	frappe.throw(message, InvalidShipment, title=_("Shipment"))


def status_label(status: str) -> str:
	return _(status, context="Shipment status")


class CustomerShipment(Document):
	def validate(self):
		if self.status not in STATUSES:
			refuse_invalid_shipment(_("Unknown status {0}.").format(escape_html(cstr(self.status))))
		self._validate_text()
		self._validate_links()
		from ralom_portal.ralom_portal.doctype.customer_shipment.delivery_notes import sync_items

		sync_items(self)
		before = None if self.is_new() else self.get_doc_before_save()
		old = before.status if before else None
		if old and old != self.status and self.status not in TRANSITIONS.get(old, ()):
			refuse_invalid_shipment(
				_("A shipment cannot go from {0} to {1}.").format(
					status_label(old), status_label(self.status)
				)
			)
		if old != self.status:
			self._append_event()
		if self.status == "Delivered" and not self.actual_delivery_date:
			self.actual_delivery_date = getdate(nowdate())
		self.event_note = None

	def on_update(self):
		before = self.get_doc_before_save()
		old = before.status if before else None
		if old != self.status and self.status in NOTIFY and not self.flags.silent:
			from ralom_portal.ralom_portal.doctype.customer_shipment import notifications

			notifications.notify_client(self)

	def _append_event(self):
		event = self.flags.event or {}
		self.append(
			"events",
			{
				"event_time": now_datetime(),
				"status": self.status,
				"location": event.get("location", self.current_location) or None,
				"note": event.get("note", self.event_note) or None,
				"system_note": event.get("system_note"),
				"reference": event.get("reference"),
				"logged_by": frappe.session.user,
			},
		)

	def _validate_text(self):
		checks = [
			(self.tracking_number, _("Tracking number")),
			(self.current_location, _("Location")),
			(self.event_note, _("Note")),
		]
		checks += [(row.location, _("Location")) for row in self.events]
		checks += [(row.note, _("Note")) for row in self.events]
		for value, label in checks:
			if value and (has_markup(value) or len(cstr(value)) > MAX_TEXT):
				refuse_invalid_shipment(_("{0} may not contain HTML or scripts.").format(label))
		for row in self.events:
			if row.status not in STATUSES:
				refuse_invalid_shipment(_("Unknown status {0}.").format(escape_html(cstr(row.status))))

	def _validate_links(self):
		"""Every linked document is submitted and the shipment customer's, and listed once."""
		seen = set()
		for row in self.documents:
			if row.link_doctype not in LINK_DOCTYPES:
				refuse_invalid_shipment(
					_("A shipment can link delivery notes, sales orders and sales invoices only.")
				)
			key = (row.link_doctype, row.link_name)
			if key in seen:
				refuse_invalid_shipment(
					_("{0} {1} is listed twice.").format(_(row.link_doctype), row.link_name)
				)
			seen.add(key)
			values = frappe.db.get_value(
				row.link_doctype,
				row.link_name,
				[_CUSTOMER_FIELD[row.link_doctype], "docstatus"],
				as_dict=True,
			)
			if not values or values[_CUSTOMER_FIELD[row.link_doctype]] != self.customer:
				refuse_invalid_shipment(
					_("{0} {1} is not a document of customer {2}.").format(
						_(row.link_doctype), row.link_name, self.customer
					)
				)
			if values.docstatus != 1 and not self.flags.allow_cancelled_links:
				refuse_invalid_shipment(
					_("{0} {1} is not submitted.").format(_(row.link_doctype), row.link_name)
				)
			if row.link_doctype == "Delivery Note" and self.status != "Cancelled":
				other = frappe.db.sql(
					"""select d.parent from `tabCustomer Shipment Document` d
					join `tabCustomer Shipment` s on s.name = d.parent
					where d.parenttype = 'Customer Shipment' and d.link_doctype = 'Delivery Note'
						and d.link_name = %s and d.parent != %s and s.status != 'Cancelled' limit 1""",
					(row.link_name, self.name or ""),
				)
				if other:
					refuse_invalid_shipment(
						_(
							"Delivery note {0} is already in shipment {1}; merge the shipments instead."
						).format(row.link_name, other[0][0])
					)
		if self.shipping_address and not frappe.db.exists(
			"Dynamic Link",
			{
				"parenttype": "Address",
				"parent": self.shipping_address,
				"link_doctype": "Customer",
				"link_name": self.customer,
			},
		):
			refuse_invalid_shipment(
				_("The shipping address is not an address of customer {0}.").format(self.customer)
			)
		if self.shipping_address and self.has_value_changed("shipping_address"):
			from frappe.contacts.doctype.address.address import get_address_display

			self.address_display = plain_address(get_address_display(self.shipping_address))


def event_note(row) -> str | None:
	"""An event's note in the reader's language: system notes are stored untranslated, with their
	reference, and translated when shown; staff notes are shown as written."""
	if row.get("system_note"):
		return _(row.system_note).format(row.get("reference") or "")
	return row.get("note")


def plain_address(html) -> str:
	"""An address as plain lines (ERPNext renders it as HTML with <br>)."""
	text = cstr(html).replace("<br>", "\n").replace("<br/>", "\n").replace("<br />", "\n")
	text = frappe.utils.strip_html_tags(text)
	lines = [line.strip() for line in text.split("\n")]
	return "\n".join(line for line in lines if line)
