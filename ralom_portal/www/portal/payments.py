from frappe import _

from ralom_portal.portal.finance_page import list_filters, prepare_tab, set_pager
from ralom_portal.portal.queries import payments

no_cache = 1


def get_context(context):
	customers = prepare_tab(context, "payments", _("Payments"))
	if not customers:
		return
	filters = list_filters(context)
	filters.pop("status")
	set_pager(context, payments.payment_list(customers, **filters))
