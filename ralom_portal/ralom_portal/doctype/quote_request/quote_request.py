"""Quote Request ("Cerere Ofertă"): a client's request for an offer, sent from the client portal.

Clients create requests only through `ralom_portal.api.quote_requests` (which validates the whole
payload and files the request under the client's own customer); staff work on them in the desk,
move them through the statuses and turn them into ERPNext Quotations with `make_quotation`.

Every status change (including the first, Submitted) is recorded in `status_history` with time
and user; the Version log (track_changes) keeps the rest.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, escape_html, now_datetime, nowdate

from ralom_portal.access.customers import is_desk_user
from ralom_portal.utils.addresses import address_row

SETTINGS = "Client Portal Settings"
STATUSES = ("Submitted", "In Review", "Quoted", "Closed", "Cancelled")
# Statuses in which the client may still cancel (i.e. before anything was quoted).
CANCELLABLE = ("Submitted", "In Review")
TRANSITIONS = {
	"Submitted": {"In Review", "Quoted", "Closed", "Cancelled"},
	"In Review": {"Submitted", "Quoted", "Closed", "Cancelled"},
	"Quoted": {"In Review", "Closed"},
	"Closed": set(),
	"Cancelled": set(),
}
DELIVERY_TO_ADDRESS = "Delivery to address"
DELIVERY_OPTIONS = (DELIVERY_TO_ADDRESS, "Pickup from supplier", "Client's own transport")


class InvalidStatusChange(frappe.ValidationError):
	pass


class QuoteRequest(Document):
	def validate(self):
		self._check_status_change()
		self._log_status()
		if self.delivery_option != DELIVERY_TO_ADDRESS:
			self.delivery_address = None
		if self.is_new() or self.has_value_changed("delivery_address"):
			self.address_display = address_text(self.delivery_address) if self.delivery_address else None

	def _check_status_change(self):
		if self.status not in STATUSES:
			frappe.throw(_("Unknown status {0}.").format(escape_html(cstr(self.status))), InvalidStatusChange)
		before = self.get_doc_before_save()
		old = before.status if before else None
		if old and old != self.status and self.status not in TRANSITIONS.get(old, ()):
			frappe.throw(
				_("A quote request cannot go from {0} to {1}.").format(_(old), _(self.status)),
				InvalidStatusChange,
			)

	def _log_status(self):
		before = None if self.is_new() else self.get_doc_before_save()
		if before is None and not self.is_new():
			return
		if before is None or before.status != self.status:
			self.append(
				"status_history",
				{"status": self.status, "changed_at": now_datetime(), "changed_by": frappe.session.user},
			)


def address_text(address: str | None) -> str:
	"""One plain-text line for an address (no HTML, so it is safe wherever it is shown)."""
	row = address_row(address)
	if not row:
		return ""
	return ", ".join(
		cstr(v).strip()
		for v in (row.address_line1, row.address_line2, row.pincode, row.city, row.state, row.country)
		if cstr(v).strip()
	)


# Desk: Quote Request → Quotation -------------------------------------------------------------------


@frappe.whitelist()
def make_quotation(source_name: str, target_doc=None):
	"""Map a quote request onto a new (draft) ERPNext Quotation. Staff only."""
	if not is_desk_user():
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	frappe.has_permission("Quote Request", "read", source_name, throw=True)
	frappe.has_permission("Quotation", "create", throw=True)
	return map_to_quotation(source_name, target_doc)


def map_to_quotation(source_name: str, target_doc=None):
	from frappe.model.mapper import get_mapped_doc

	from ralom_portal.setup.company import default_company

	generic_item = frappe.db.get_single_value(SETTINGS, "generic_item", cache=False)
	source = frappe.get_doc("Quote Request", source_name)
	if source.status in ("Closed", "Cancelled"):
		frappe.throw(_("A closed or cancelled quote request cannot be quoted."), frappe.ValidationError)
	if not generic_item and any(not row.item_code for row in source.items):
		frappe.throw(
			_(
				"Set a Generic Item in Client Portal Settings: it is used for lines that are not in the catalogue."
			),
			frappe.ValidationError,
		)

	def update_item(src, target, _source_parent):
		note = cstr(src.line_note).strip()
		if src.item_code:
			if note:
				base = target.description or frappe.db.get_value("Item", src.item_code, "description") or ""
				target.description = base + "<br>" + escape_html(note)
		else:
			text = cstr(src.description).strip()
			target.item_code = generic_item
			target.item_name = text[:140]
			target.description = escape_html(text).replace("\n", "<br>") + (
				"<br>" + escape_html(note) if note else ""
			)
		target.qty = src.qty
		if src.uom:
			target.uom = src.uom

	def set_missing_values(src, target):
		target.quotation_to = "Customer"
		target.party_name = src.customer
		target.company = target.company or default_company()
		target.transaction_date = nowdate()
		target.ralom_quote_request = src.name
		target.run_method("set_missing_values")
		if src.delivery_option == DELIVERY_TO_ADDRESS and src.delivery_address:
			from frappe.contacts.doctype.address.address import get_address_display

			target.shipping_address_name = src.delivery_address
			target.shipping_address = get_address_display(src.delivery_address)
		# What the client asked goes into labelled fields of the quotation (shown translated on the
		# offer page), not into the terms, which are the company's text.
		target.ralom_delivery_option = src.delivery_option
		target.ralom_requested_date = src.requested_date
		target.ralom_client_remarks = src.remarks
		target.run_method("calculate_taxes_and_totals")

	return get_mapped_doc(
		"Quote Request",
		source_name,
		{
			"Quote Request": {
				"doctype": "Quotation",
				"validation": {"status": ["not in", ["Closed", "Cancelled"]]},
				"field_map": {"name": "ralom_quote_request"},
				"field_no_map": [
					"status",
					"customer",
					"customer_name",
					"request_date",
					"requested_by",
					"delivery_option",
					"delivery_address",
					"address_display",
					"requested_date",
					"remarks",
					"submission_key",
					"payload_hash",
				],
			},
			"Quote Request Item": {
				"doctype": "Quotation Item",
				"field_map": {"qty": "qty", "uom": "uom"},
				"field_no_map": ["line_note", "description"],
				"postprocess": update_item,
			},
		},
		target_doc,
		set_missing_values,
	)


# Quotation doc_events -------------------------------------------------------------------------------


def on_quotation_submit(doc, method=None):
	"""A quotation made from a request was submitted: the request is Quoted and its client is told."""
	name = doc.get("ralom_quote_request")
	if not name or not frappe.db.exists("Quote Request", name):
		return
	request = frappe.get_doc("Quote Request", name)
	# The link is an editable field (and is kept on amendments, which are revisions of the same offer):
	# only a quotation for the request's own customer may move it and tell its client.
	if doc.quotation_to != "Customer" or doc.party_name != request.customer:
		return
	if request.status in CANCELLABLE:
		request.status = "Quoted"
		request.flags.ignore_permissions = True
		request.save(ignore_permissions=True)
	from ralom_portal.ralom_portal.doctype.quote_request.notifications import notify_client_of_offer

	notify_client_of_offer(request, doc)
