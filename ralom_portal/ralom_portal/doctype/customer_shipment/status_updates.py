"""Staff move shipments along: one or many at once (the list's bulk action, the form's button).

Each shipment is checked for write permission, moved through the same controller (transitions,
timeline event, client e-mail), and reported back; one that cannot move is named with the reason
while the others still move.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from ralom_portal.ralom_portal.doctype.customer_shipment.customer_shipment import STATUSES, status_label
from ralom_portal.utils.text import plain_text

DOCTYPE = "Customer Shipment"
MAX_NAMES = 200


def refuse_status_update(message: str):
	frappe.throw(message, frappe.ValidationError, title=_("Shipment"))


def parse_names(names) -> list[str]:
	if isinstance(names, str):
		try:
			names = json.loads(names) if names.strip().startswith("[") else [names]
		except ValueError:
			refuse_status_update(_("The shipments could not be read."))
	if not isinstance(names, list) or not names or len(names) > MAX_NAMES:
		refuse_status_update(_("Choose between 1 and {0} shipments.").format(MAX_NAMES))
	if not all(isinstance(n, str) and n for n in names):
		refuse_status_update(_("The shipments could not be read."))
	return list(dict.fromkeys(names))


def set_status(names, status, location=None, note=None) -> dict:
	names = parse_names(names)
	if status not in STATUSES:
		refuse_status_update(_("Please choose a status."))
	location = plain_text(location, _("Location"), 140, fail=refuse_status_update) or None
	note = plain_text(note, _("Note"), 1000, fail=refuse_status_update) or None
	updated, failed = [], []
	for name in names:
		if not frappe.db.exists(DOCTYPE, name) or not frappe.has_permission(DOCTYPE, "write", name):
			failed.append({"name": name, "error": _("Not found or not permitted.")})
			continue
		doc = frappe.get_doc(DOCTYPE, name)
		if doc.status == status:
			failed.append({"name": name, "error": _("Already {0}.").format(status_label(status))})
			continue
		doc.status = status
		doc.flags.event = {"location": location, "note": note}
		if location:
			doc.current_location = location
		frappe.db.savepoint("ralom_shipment_status")
		try:
			doc.save()
		except frappe.ValidationError as e:
			frappe.db.rollback(save_point="ralom_shipment_status")
			frappe.clear_last_message()
			failed.append({"name": name, "error": str(e)})
			continue
		updated.append(name)
	return {"updated": updated, "failed": failed}
