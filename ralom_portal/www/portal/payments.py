from frappe import _

from ralom_portal.portal.finance_page import list_filters, set_pager
from ralom_portal.portal.page import prepare
from ralom_portal.portal.queries import payments

no_cache = 1


def get_context(context):
	customers = prepare(context, "invoices", title=_("Payments"))
	if not customers:
		return
	context.finance_tab = "payments"
	filters = list_filters(context)
	filters.pop("status")
	set_pager(context, payments.payment_list(customers, **filters))
