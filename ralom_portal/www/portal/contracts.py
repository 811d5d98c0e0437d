import frappe
from frappe import _

from ralom_portal.portal.page import PAGE_SIZE, page_number, paginate, prepare, status_filter
from ralom_portal.portal.queries import contracts

no_cache = 1


def get_context(context):
	customers = prepare(context, "contracts", title=_("Contracts"))
	status = status_filter(context, contracts.STATUSES)
	context.expiring_filter = frappe.form_dict.get("expiring") == "1"
	context.expiring_days = contracts.EXPIRING_DAYS
	if customers:
		page = page_number()
		rows = contracts.list_contracts(
			customers, status, context.expiring_filter, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
		)
		context.contracts = paginate(
			context, rows, page, status=status, expiring="1" if context.expiring_filter else None
		)
