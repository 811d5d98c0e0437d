"""Shipments as a client sees them: a fixed number of queries per page.

Every query carries the rule (`rules.customer_shipment`, which also hides Cancelled shipments).
Tracking links are built here, once, by `shipment_carrier.tracking_url` (https only, a clean
tracking number), and "late" is computed here for the list, the detail page and the dashboard.
"""

from __future__ import annotations

import frappe
from frappe.utils import nowdate

from ralom_portal import sections
from ralom_portal.access import rules
from ralom_portal.ralom_portal.doctype.customer_shipment.client_actions import CONFIRMABLE, MAX_PROBLEM
from ralom_portal.ralom_portal.doctype.customer_shipment.customer_shipment import (
	CLIENT_STATUSES,
	IN_TRANSIT,
	OPEN,
	event_note,
)
from ralom_portal.ralom_portal.doctype.shipment_carrier.shipment_carrier import tracking_url

__all__ = ["CLIENT_STATUSES", "IN_TRANSIT", "MAX_PROBLEM", "STATUSES"]
STATUSES = CLIENT_STATUSES
PAGE_SIZE = 50
_T = "`tabCustomer Shipment`"


def _late_sql() -> str:
	statuses = ", ".join(frappe.db.escape(s) for s in OPEN)
	return (
		f"({_T}.expected_delivery_date is not null and {_T}.expected_delivery_date < %(today)s"
		f" and {_T}.status in ({statuses}))"
	)


def _with_links(rows) -> None:
	for row in rows:
		row.tracking_url = tracking_url(row.pop("tracking_url_template", None), row.tracking_number)
		row.late = bool(row.late)


def pending_sql(customers) -> str:
	"""Delivered shipments whose receipt the client has not confirmed yet, as action-centre rows
	(waiting since the delivery)."""
	return f"""select 'shipment' as kind, {_T}.name, {_T}.name as label, null as due,
			ifnull({_T}.actual_delivery_date, date({_T}.modified)) as since, null as amount, null as currency
		from {_T}
		where {rules.customer_shipment(customers)} and {_T}.status = 'Delivered'
			and {_T}.received_confirmed_on is null"""


def list_shipments(customers, status=None, start=None, end=None, page: int = 1) -> dict:
	"""One page of the client's shipments, newest first, with carrier, tracking link and "late". One
	query (the total comes from a window function)."""
	status = status if status in STATUSES else None
	page = max(1, min(page, 10_000))
	rows = frappe.db.sql(
		f"""select {_T}.name, {_T}.status, {_T}.shipment_date, {_T}.expected_delivery_date,
			{_T}.actual_delivery_date, {_T}.tracking_number, c.carrier_name, c.tracking_url_template,
			{_late_sql()} as late, count(*) over () as total
		from {_T} left join `tabShipment Carrier` c on c.name = {_T}.carrier
		where {rules.customer_shipment(customers)}
			{f"and {_T}.status = %(status)s" if status else ""}
			{f"and {_T}.shipment_date >= %(start)s" if start else ""}
			{f"and {_T}.shipment_date <= %(end)s" if end else ""}
		order by {_T}.shipment_date desc, {_T}.name desc
		limit %(limit)s offset %(offset)s""",
		{
			"status": status,
			"start": start,
			"end": end,
			"today": nowdate(),
			"limit": PAGE_SIZE,
			"offset": (page - 1) * PAGE_SIZE,
		},
		as_dict=True,
	)
	_with_links(rows)
	total = rows[0].total if rows else 0
	return {"rows": rows, "total": total, "pages": max(1, -(-total // PAGE_SIZE)), "page": page}


def shipment(customers, name: str) -> dict | None:
	"""One shipment with its timeline, items, documents and proof of delivery; None when it is not the
	client's. Five queries."""
	header = frappe.db.sql(
		f"""select {_T}.name, {_T}.status, {_T}.shipment_date, {_T}.expected_delivery_date,
			{_T}.actual_delivery_date, {_T}.tracking_number, {_T}.address_display, {_T}.proof_of_delivery,
			{_T}.received_confirmed_on, {_T}.received_confirmed_by, c.carrier_name, c.tracking_url_template,
			{_late_sql()} as late
		from {_T} left join `tabShipment Carrier` c on c.name = {_T}.carrier
		where {_T}.name = %(name)s and {rules.customer_shipment(customers)}""",
		{"name": name, "today": nowdate()},
		as_dict=True,
	)
	if not header:
		return None
	doc = header[0]
	_with_links([doc])
	doc.events = frappe.db.sql(
		"""select event_time, status, location, note, system_note, reference from `tabCustomer Shipment Event`
		where parent = %s and parenttype = 'Customer Shipment' order by event_time, idx""",
		name,
		as_dict=True,
	)
	for event in doc.events:
		event.note = event_note(event)
	# `lines`, not `items`: on a dict, `.items` is the method (Jinja would find it first).
	doc.lines = frappe.db.sql(
		"""select item_code, item_name, qty, uom from `tabCustomer Shipment Item`
		where parent = %s and parenttype = 'Customer Shipment' order by idx""",
		name,
		as_dict=True,
	)
	doc.documents = frappe.db.sql(
		f"""select d.link_doctype, d.link_name,
			(d.link_doctype = 'Sales Invoice' and exists(select 1 from `tabSales Invoice`
				where `tabSales Invoice`.name = d.link_name and {rules.sales_invoice(customers)})) as visible
		from `tabCustomer Shipment Document` d
		where d.parent = %s and d.parenttype = 'Customer Shipment' and d.link_doctype != 'Delivery Note'
		order by d.link_doctype desc, d.idx""",
		name,
		as_dict=True,
	)
	for d in doc.documents:
		# Only invoices are checked for visibility above; other linked documents show as text.
		d.route = sections.record_route(d.link_doctype, d.link_name) if d.visible else None
	# The proof of delivery: the File row behind the field, when the File rule lets the client see it.
	proof = frappe.db.sql(
		f"""select `tabFile`.name, `tabFile`.file_name from `tabFile`
		where `tabFile`.attached_to_doctype = 'Customer Shipment' and `tabFile`.attached_to_name = %(name)s
			and `tabFile`.file_url = %(url)s and ({rules.file(customers)})
		order by `tabFile`.creation desc limit 1""",
		{"name": name, "url": doc.proof_of_delivery or ""},
		as_dict=True,
	)
	doc.proof = proof[0] if proof else None
	doc.pop("proof_of_delivery", None)
	doc.can_confirm = doc.status in CONFIRMABLE and not doc.received_confirmed_on
	doc.can_report = True
	return doc


def in_transit(customers, limit: int = 5) -> list[dict]:
	"""The client's shipments on the way, soonest expected first (the dashboard). One query."""
	statuses = ", ".join(frappe.db.escape(s) for s in IN_TRANSIT)
	rows = frappe.db.sql(
		f"""select {_T}.name, {_T}.status, {_T}.expected_delivery_date, {_T}.tracking_number,
			c.carrier_name, c.tracking_url_template, {_late_sql()} as late, count(*) over () as total
		from {_T} left join `tabShipment Carrier` c on c.name = {_T}.carrier
		where {rules.customer_shipment(customers)} and {_T}.status in ({statuses})
		order by {_T}.expected_delivery_date is null, {_T}.expected_delivery_date, {_T}.name
		limit %(limit)s""",
		{"today": nowdate(), "limit": limit},
		as_dict=True,
	)
	_with_links(rows)
	return rows
