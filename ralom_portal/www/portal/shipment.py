import frappe
from frappe import _

from ralom_portal.portal.page import not_found, prepare, route_name
from ralom_portal.portal.queries import shipments

no_cache = 1


def get_context(context):
	customers = prepare(context, "shipments", title=_("Shipment"))
	if not customers:
		return
	name = route_name()
	shipment = shipments.shipment(customers, name) if name else None
	if not shipment:
		not_found(context)
		return
	context.title = _("Shipment {0}").format(shipment.name)
	context.shipment = shipment
	context.max_problem = shipments.MAX_PROBLEM
	context.submission_key = frappe.generate_hash(length=32)
