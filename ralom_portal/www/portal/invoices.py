from frappe import _

from ralom_portal.portal.finance_page import list_filters, set_pager
from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import invoices

no_cache = 1


def get_context(context):
	customers = prepare(context, "invoices", title=_("Invoices"))
	if not customers:
		return
	context.finance_tab = "invoices"
	context.status_options = invoices.STATUSES
	set_pager(context, invoices.invoice_list(customers, **list_filters(context, statuses=invoices.STATUSES)))
