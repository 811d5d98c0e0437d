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
from frappe.utils import cstr, escape_html, formatdate, get_url, now_datetime, nowdate

from ralom_portal.access.customers import is_desk_user

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
	if not address:
		return ""
	row = frappe.db.get_value(
		"Address",
		address,
		["address_line1", "address_line2", "city", "state", "pincode", "country"],
		as_dict=True,
	)
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
		target.terms = _request_terms(src) + cstr(target.terms)
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


def _request_terms(src) -> str:
	"""What the client asked about delivery, at the top of the quotation's terms for staff to keep or edit."""
	lines = [
		_("Quote request: {0}").format(escape_html(src.name)),
		_("Delivery: {0}").format(escape_html(_(src.delivery_option))),
	]
	if src.requested_date:
		lines.append(_("Requested date: {0}").format(formatdate(src.requested_date)))
	if src.address_display:
		lines.append(_("Delivery address: {0}").format(escape_html(src.address_display)))
	if src.remarks:
		lines.append(_("Client remarks: {0}").format(escape_html(src.remarks).replace("\n", "<br>")))
	return "".join(f"<p>{line}</p>" for line in lines)


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
	notify_client_of_offer(request, doc)


def notify_client_of_offer(request, quotation) -> None:
	user = request.requested_by
	if not user or not frappe.db.get_value("User", user, "enabled"):
		return
	lang = frappe.db.get_value("User", user, "language") or None
	link = get_url(f"/portal/offers/{quotation.name}")
	subject = _("Your offer {0} for quote request {1} is ready", lang).format(quotation.name, request.name)
	message = '<p>{0}</p><p><a href="{1}">{2}</a></p>'.format(
		escape_html(subject), escape_html(link), escape_html(_("View the offer in the client portal", lang))
	)
	queue_mail(
		recipients=[user],
		subject=subject,
		message=message,
		reference_doctype="Quote Request",
		reference_name=request.name,
	)


def queue_mail(**kwargs) -> None:
	"""frappe.sendmail(now=False), except that a site without an outgoing Email Account does not
	fail the action that sends it (the error is logged; desk notifications are still created)."""
	kwargs.setdefault("sender", mail_sender())
	messages = len(getattr(frappe.local, "message_log", []) or [])
	try:
		frappe.sendmail(now=False, **kwargs)
	except frappe.OutgoingEmailError:
		del frappe.local.message_log[messages:]
		frappe.log_error(title="Quote Request e-mail not queued")


def mail_sender() -> str:
	"""Always a concrete address: the default outgoing Email Account's, else the site's
	auto_email_id, else a fixed no-reply (Frappe cannot format a sender without one)."""
	account = frappe.db.get_value(
		"Email Account",
		{"enable_outgoing": 1, "default_outgoing": 1},
		["email_id", "email_account_name"],
		as_dict=True,
	)
	if account and account.email_id:
		return account.email_id
	return frappe.conf.get("auto_email_id") or "noreply@ralom.ro"


# Sales team notification ----------------------------------------------------------------------------


def sales_recipients() -> list[str]:
	"""Emails from Client Portal Settings; when none are set, the enabled Sales Managers."""
	raw = cstr(frappe.db.get_single_value(SETTINGS, "quote_request_recipients", cache=False))
	emails = []
	for part in raw.replace(";", ",").replace("\n", ",").split(","):
		email = part.strip().lower()
		if email and frappe.utils.validate_email_address(email) and email not in emails:
			emails.append(email)
	if emails:
		return emails
	return [
		r[0]
		for r in frappe.db.sql(
			"""select distinct u.name from `tabUser` u join `tabHas Role` hr on hr.parent = u.name
			where hr.role = 'Sales Manager' and hr.parenttype = 'User' and u.enabled = 1
				and u.user_type = 'System User' and u.name not in ('Administrator', 'Guest')"""
		)
	]


def notify_sales_team(request) -> None:
	recipients = sales_recipients()
	if not recipients:
		return
	subject = _("New quote request {0} from {1}").format(
		request.name, request.customer_name or request.customer
	)
	link = get_url(f"/app/quote-request/{request.name}")
	lines = "".join(
		"<li>{0} × {1}</li>".format(
			"%g" % (row.qty or 0),
			escape_html(row.item_name or row.item_code or cstr(row.description)[:140]),
		)
		for row in request.items
	)
	message = '<p>{0}</p><ul>{1}</ul><p><a href="{2}">{3}</a></p>'.format(
		escape_html(subject), lines, escape_html(link), escape_html(_("Open the request"))
	)
	queue_mail(
		recipients=recipients,
		subject=subject,
		message=message,
		reference_doctype="Quote Request",
		reference_name=request.name,
	)
	users = frappe.get_all(
		"User", {"name": ("in", recipients), "enabled": 1, "user_type": "System User"}, pluck="name"
	)
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"from_user": frappe.session.user,
				"type": "Alert",
				"document_type": "Quote Request",
				"document_name": request.name,
				"subject": escape_html(subject),
				"email_content": message,
			}
		).insert(ignore_permissions=True)
