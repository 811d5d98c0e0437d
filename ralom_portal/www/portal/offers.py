import frappe
from frappe import _

from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import offers

no_cache = 1


def get_context(context):
	customers = prepare(context, "offers", title=_("Offers"))
	status = frappe.form_dict.get("status")
	context.status_filter = status if status in offers.STATUSES else ""
	context.statuses = offers.STATUSES
	if customers:
		context.offers = offers.list_offers(customers, context.status_filter or None)
