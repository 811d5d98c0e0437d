"""Shipments follow ERPNext's documents: Delivery Note and Sales Invoice hooks, items, merging.

* A submitted Delivery Note for a customer makes exactly one shipment (Preparing), with the note's
  items, its sales orders, its shipping address, the expected date of its orders and, when the note
  names a transporter that is also a Shipment Carrier, that carrier and the note's transport
  receipt number as tracking number. A return note makes none.
* Cancelling the note removes it (and its items) from its shipment; a shipment left without notes
  is Cancelled, which hides it from the client.
* A submitted Sales Invoice made from the note or its order is linked to the shipment; cancelling
  the invoice unlinks it.
* `sync_items`: Delivery Note rows staff add to a shipment (a hand-made one, or a merge) bring their
  items and orders in; the rows of notes no longer listed go.
"""

from __future__ import annotations

import frappe
from frappe import _

DOCTYPE = "Customer Shipment"


def _shipments_of(doctype: str, name: str, *, include_cancelled: bool = False) -> list[str]:
	return frappe.db.sql_list(
		f"""select distinct d.parent from `tabCustomer Shipment Document` d
		join `tabCustomer Shipment` s on s.name = d.parent
		where d.parenttype = 'Customer Shipment' and d.link_doctype = %s and d.link_name = %s
			{"" if include_cancelled else "and s.status != 'Cancelled'"}
		order by d.parent""",
		(doctype, name),
	)


def on_delivery_note_submit(doc, method=None) -> None:
	if doc.is_return or not doc.customer or _shipments_of("Delivery Note", doc.name, include_cancelled=True):
		return
	orders = sorted({row.against_sales_order for row in doc.items if row.against_sales_order})
	expected = None
	if orders:
		expected = frappe.db.sql(
			"select max(delivery_date) from `tabSales Order` where name in %s", [orders]
		)[0][0]
	carrier = doc.transporter_name if doc.get("transporter_name") else None
	if carrier and not frappe.db.exists("Shipment Carrier", carrier):
		carrier = None
	shipment = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"customer": doc.customer,
			"status": "Preparing",
			"shipment_date": doc.posting_date,
			"expected_delivery_date": expected,
			"carrier": carrier,
			"tracking_number": (doc.lr_no or None) if carrier else None,
			"shipping_address": doc.shipping_address_name or doc.customer_address or None,
			"auto_created": 1,
			"documents": [{"link_doctype": "Delivery Note", "link_name": doc.name}],
		}
	)
	shipment.flags.event = {"system_note": "Delivery note {0} issued.", "reference": doc.name}
	shipment.insert(ignore_permissions=True)


def _without_link(name: str, doctype: str, linked: str):
	"""Shipment `name` with its link to `doctype` `linked` removed (not saved yet)."""
	shipment = frappe.get_doc(DOCTYPE, name)
	shipment.documents = [
		row for row in shipment.documents if not (row.link_doctype == doctype and row.link_name == linked)
	]
	shipment.flags.allow_cancelled_links = True
	return shipment


def on_delivery_note_cancel(doc, method=None) -> None:
	for name in _shipments_of("Delivery Note", doc.name, include_cancelled=True):
		shipment = _without_link(name, "Delivery Note", doc.name)
		remaining = [row for row in shipment.documents if row.link_doctype == "Delivery Note"]
		if not remaining and shipment.status != "Cancelled":
			shipment.status = "Cancelled"
			shipment.flags.event = {"system_note": "Delivery note {0} was cancelled.", "reference": doc.name}
		shipment.save(ignore_permissions=True)


def on_sales_invoice_submit(doc, method=None) -> None:
	if doc.is_return:
		return
	notes = {row.delivery_note for row in doc.items if row.get("delivery_note")}
	orders = {row.sales_order for row in doc.items if row.get("sales_order")}
	names = set()
	for note in notes:
		names.update(_shipments_of("Delivery Note", note))
	for order in orders:
		names.update(_shipments_of("Sales Order", order))
	for name in sorted(names):
		shipment = frappe.get_doc(DOCTYPE, name)
		if shipment.customer != doc.customer or any(
			row.link_doctype == "Sales Invoice" and row.link_name == doc.name for row in shipment.documents
		):
			continue
		shipment.append("documents", {"link_doctype": "Sales Invoice", "link_name": doc.name})
		shipment.save(ignore_permissions=True)


def on_sales_invoice_cancel(doc, method=None) -> None:
	for name in _shipments_of("Sales Invoice", doc.name, include_cancelled=True):
		_without_link(name, "Sales Invoice", doc.name).save(ignore_permissions=True)


def sync_items(shipment) -> None:
	"""Items and orders follow the Delivery Note rows: new notes bring theirs, removed notes take theirs."""
	notes = [row.link_name for row in shipment.documents if row.link_doctype == "Delivery Note"]
	had = {row.delivery_note for row in shipment.items if row.delivery_note}
	shipment.items = [row for row in shipment.items if not row.delivery_note or row.delivery_note in notes]
	new = [n for n in notes if n not in had]
	if new:
		rows = frappe.db.sql(
			"""select parent, name, item_code, item_name, qty, uom, against_sales_order
			from `tabDelivery Note Item` where parent in %s and parenttype = 'Delivery Note'
			order by parent, idx""",
			[new],
			as_dict=True,
		)
		for row in rows:
			shipment.append(
				"items",
				{
					"item_code": row.item_code,
					"item_name": row.item_name,
					"qty": row.qty,
					"uom": row.uom,
					"delivery_note": row.parent,
					"sales_order": row.against_sales_order,
					"dn_detail": row.name,
				},
			)
	orders = {row.sales_order for row in shipment.items if row.sales_order}
	listed = {row.link_name for row in shipment.documents if row.link_doctype == "Sales Order"}
	auto = {row.sales_order for row in shipment.items if row.sales_order and row.delivery_note}
	# Orders that came with a note's items go with them; orders staff added by hand stay.
	dropped_notes = had - set(notes)
	for row in list(shipment.documents):
		if row.link_doctype == "Sales Order" and row.link_name not in orders and dropped_notes:
			shipment.documents.remove(row)
	for order in sorted(auto - listed):
		shipment.append("documents", {"link_doctype": "Sales Order", "link_name": order})
	for i, row in enumerate(shipment.documents, 1):
		row.idx = i


def merge(target: str, sources: list[str]) -> dict:
	"""Staff: move the notes, orders and invoices of `sources` into `target`; the sources are Cancelled."""
	shipment = frappe.get_doc(DOCTYPE, target)
	if shipment.status in ("Cancelled", "Returned"):
		frappe.throw(_("Shipment {0} can no longer receive delivery notes.").format(target))
	merged = []
	for name in sources:
		if name == target:
			continue
		source = frappe.get_doc(DOCTYPE, name)
		if source.customer != shipment.customer:
			frappe.throw(_("Only shipments of the same customer can be merged."))
		if source.status not in ("Preparing", "Exception"):
			frappe.throw(_("Shipment {0} has already left; it cannot be merged.").format(name))
		have = {(r.link_doctype, r.link_name) for r in shipment.documents}
		for row in source.documents:
			if (row.link_doctype, row.link_name) not in have:
				shipment.append("documents", {"link_doctype": row.link_doctype, "link_name": row.link_name})
		source.documents = []
		source.items = []
		source.status = "Cancelled"
		source.flags.event = {"system_note": "Merged into shipment {0}.", "reference": target}
		source.flags.allow_cancelled_links = True
		source.save()
		merged.append(name)
	shipment.save()
	return {"name": target, "merged": merged}
