import frappe
from frappe import _

from ralom_portal.portal.page import record_page
from ralom_portal.portal.queries import shipments

no_cache = 1


def get_context(context):
	shipment = record_page(
		context,
		"shipments",
		shipments.shipment,
		title=_("Shipment"),
		heading=_("Shipment {0}"),
		key="shipment",
	)
	if shipment:
		context.max_problem = shipments.MAX_PROBLEM
		context.submission_key = frappe.generate_hash(length=32)
