import frappe
from frappe import _

from ralom_portal.portal.page import pager, prepare, status_filter
from ralom_portal.portal.queries import params, shipments

no_cache = 1


def get_context(context):
	customers = prepare(context, "shipments", title=_("Shipments"))
	status = status_filter(context, shipments.STATUSES)
	context.notices = []
	start, end = params.period(frappe.form_dict.get("from"), frappe.form_dict.get("to"), context.notices)
	context.date_from, context.date_to = start or "", end or ""
	if customers:
		result = shipments.list_shipments(
			customers, status, start, end, params.page_number(frappe.form_dict.get("page"))
		)
		context.shipments = result["rows"]
		context.pager = pager(
			result["page"], result["pages"], status=status, **{"from": start or "", "to": end or ""}
		)
