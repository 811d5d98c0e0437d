import frappe
from frappe import _

from ralom_portal.portal.page import prepare, status_filter
from ralom_portal.portal.queries import contracts

no_cache = 1


def get_context(context):
	customers = prepare(context, "contracts", title=_("Contracts"))
	status = status_filter(context, contracts.STATUSES)
	context.expiring_filter = frappe.form_dict.get("expiring") == "1"
	context.expiring_days = contracts.EXPIRING_DAYS
	if customers:
		context.contracts = contracts.list_contracts(customers, status, context.expiring_filter)
