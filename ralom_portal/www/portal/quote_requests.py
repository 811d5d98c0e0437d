import frappe
from frappe import _

from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import quote_requests

no_cache = 1


def get_context(context):
	customers = prepare(context, "quote_requests", title=_("Quote Requests"))
	status = frappe.form_dict.get("status")
	context.status_filter = status if status in quote_requests.STATUSES else ""
	context.statuses = quote_requests.STATUSES
	if customers:
		context.requests = quote_requests.list_requests(customers, context.status_filter or None)
