"""A client's decision on an offer (Quotation), taken exactly once: accept or reject.

The quotation row is locked (`for update`) and `Portal Offer Decision.quotation` is unique, so two
parallel decisions cannot both pass. Accepting makes a draft Sales Order with ERPNext's own
Quotation mapper (or only records the acceptance, per Client Portal Settings); rejecting marks the
quotation Lost with ERPNext's `declare_enquiry_lost` and one of its Lost Reasons.

Callers check access first (`access.refuse.require_visible`).
"""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import add_days, cstr, escape_html, getdate, now_datetime, nowdate

from ralom_portal.access.refuse import deny, refuse_invalid
from ralom_portal.ralom_portal.doctype.portal_offer_decision import offer_content
from ralom_portal.utils.evidence import request_evidence
from ralom_portal.utils.idempotency import insert_once
from ralom_portal.utils.notify import desk_alert
from ralom_portal.utils.text import plain_text

SETTINGS = "Client Portal Settings"
CREATE_ORDER = "Create draft Sales Order"
DETAIL_MAX = 1000
DELIVERY_DAYS = 14


class AlreadyDecided(frappe.ValidationError):
	pass


def offer_denied_message() -> str:
	return _("This offer does not exist or you do not have access to it.")


def accept_offer(name: str, content_hash: str | None) -> dict:
	"""Accept `name` as the current user. The caller has checked access."""
	state = _lock_decidable(name)
	if not content_hash or content_hash != _current_hash(state):
		refuse_invalid(_("The offer changed; reload the page."))

	decision = _record(state, "Accepted", content_hash=content_hash)
	sales_order = None
	setting = frappe.db.get_single_value(SETTINGS, "on_offer_accept", cache=False) or CREATE_ORDER
	if setting == CREATE_ORDER:
		sales_order = _make_draft_sales_order(name)
		decision.db_set("sales_order", sales_order, update_modified=False)
	_mark_quotation(name, decision)
	_notify_owner(name, "Accepted", decision)
	return {"decision": "Accepted", "sales_order": sales_order}


def reject_offer(name: str, reason: str | None, detail: str | None = "") -> dict:
	"""Reject `name` as the current user: ERPNext marks it Lost with the reason. Access is checked."""
	reason = cstr(reason).strip()
	if not reason:
		refuse_invalid(_("Please choose a reason."))
	if len(reason) > 140 or not frappe.db.exists("Quotation Lost Reason", reason):
		refuse_invalid(_("Please choose one of the listed reasons."))
	detail = _clean_detail(detail)

	state = _lock_decidable(name)
	decision = _record(state, "Rejected", lost_reason=reason, detail=detail)
	quotation = frappe.get_doc("Quotation", name)
	quotation.flags.ignore_permissions = True
	# ERPNext lists the lost reasons with desk permissions, which a website user does not have.
	with _elevated():
		quotation.declare_enquiry_lost([{"lost_reason": reason}], [], detail or None)
	_mark_quotation(name, decision)
	_notify_owner(name, "Rejected", decision)
	return {"decision": "Rejected"}


@contextmanager
def _elevated():
	"""Run ERPNext's own controller code as Administrator, leaving the HTTP session untouched.

	Unlike frappe.set_user this keeps session id/data (so the client's session stays valid).
	"""
	local = frappe.local
	saved = (local.session.user, local.user_perms, local.role_permissions)
	local.session.user = "Administrator"
	local.user_perms = None
	local.role_permissions = {}
	try:
		yield
	finally:
		local.session.user, local.user_perms, local.role_permissions = saved


def _clean_detail(detail) -> str:
	# As before the shared helper: pasted formatting is stripped, script and handlers refused.
	return plain_text(cstr(detail), _("The details"), DETAIL_MAX, fail=refuse_invalid, strip_markup=True)


def _lock_decidable(name: str) -> frappe._dict:
	"""Lock the quotation row and check it can still be decided (reads the latest committed data)."""
	row = frappe.db.sql(
		"""select name, party_name, status, docstatus, valid_till, owner, currency, total, net_total,
			total_taxes_and_charges, discount_amount, grand_total, rounded_total
		from `tabQuotation` where name = %s for update""",
		name,
		as_dict=True,
	)
	if not row or row[0].docstatus != 1:
		deny(offer_denied_message())
	state = row[0]
	# Locking reads see the latest committed rows, whatever this transaction read before.
	if frappe.db.sql("select name from `tabPortal Offer Decision` where quotation = %s for update", name):
		frappe.throw(_("This offer has already been decided."), AlreadyDecided)
	if frappe.db.sql(
		"select name from `tabQuotation` where amended_from = %s and docstatus = 1 limit 1 for update", name
	):
		refuse_invalid(_("A newer version of this offer exists; please open the latest one."))
	if state.status not in offer_content.DECIDABLE_ERP_STATUSES:
		refuse_invalid(_("This offer can no longer be decided."))
	if state.valid_till and getdate(state.valid_till) < getdate(nowdate()):
		refuse_invalid(_("This offer has expired."))
	return state


def _current_hash(state) -> str:
	items, taxes = offer_content.content_rows(state.name)
	return offer_content.content_hash(state, items, taxes)


def _record(state, decision: str, **values):
	doc = frappe.get_doc(
		{
			"doctype": "Portal Offer Decision",
			"quotation": state.name,
			"customer": state.party_name,
			"decision": decision,
			"user": frappe.session.user,
			"decided_at": now_datetime(),
			**request_evidence(),
			**values,
		}
	)
	if not insert_once(doc):
		frappe.throw(_("This offer has already been decided."), AlreadyDecided)
	return doc


def _make_draft_sales_order(name: str) -> str:
	"""ERPNext's own Quotation → Sales Order mapper; the order stays a draft for staff to review."""
	from erpnext.selling.doctype.quotation.quotation import _make_sales_order

	# The public `make_sales_order` is the same mapper plus a validity check (done above) and a
	# desk permission check the client's website user cannot pass; the access check is ours.
	order = _make_sales_order(name, ignore_permissions=True)
	order.transaction_date = nowdate()
	order.payment_schedule = []
	order.delivery_date = add_days(nowdate(), DELIVERY_DAYS)
	for row in order.items:
		row.delivery_date = order.delivery_date
	order.flags.ignore_permissions = True
	order.insert(ignore_permissions=True)
	return order.name


def _mark_quotation(name: str, decision) -> None:
	frappe.db.set_value(
		"Quotation",
		name,
		{
			"ralom_portal_decision": decision.decision,
			"ralom_portal_decided_by": decision.user,
			"ralom_portal_decided_at": decision.decided_at,
		},
		update_modified=False,
	)


def _notify_owner(name: str, decision: str, record) -> None:
	owner = frappe.db.get_value("Quotation", name, "owner")
	if not owner or owner == "Guest":
		return
	customer = record.customer
	subject = (
		_("{0} accepted offer {1} in the client portal").format(customer, name)
		if decision == "Accepted"
		else _("{0} rejected offer {1} in the client portal").format(customer, name)
	)
	body = escape_html(subject)
	if record.get("sales_order"):
		body += "<br>" + _("Draft Sales Order: {0}").format(record.sales_order)
	if record.get("lost_reason"):
		body += "<br>" + _("Reason: {0}").format(escape_html(record.lost_reason))
	if record.get("detail"):
		body += "<br>" + escape_html(record.detail)
	desk_alert(owner, subject, body, "Quotation", name)
